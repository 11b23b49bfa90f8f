package harvest

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"oogst/db"
	"oogst/people"
)

// Filter selects outcomes, the same way in the inbox, the API and the exports.
type Filter struct {
	PartnershipID int64
	RoundID       int64
	Group         string
	Status        string
	CodeID        int64
	Sign          string
	Language      string
	Q             string
	IDs           []int64 // explicit selection (meeting agendas)
	Page, PerPage int     // 1-based page; PerPage 0 means 50
}

// Page is one page of outcomes with the total that matched.
type Page struct {
	Items   []Outcome `json:"items"`
	Total   int64     `json:"total"`
	Page    int       `json:"page"`
	PerPage int       `json:"per_page"`
}

// Pages is the number of pages.
func (p Page) Pages() int {
	if p.PerPage == 0 {
		return 1
	}
	return int((p.Total + int64(p.PerPage) - 1) / int64(p.PerPage))
}

// filtered builds the outcomes query for f within what the caller may read.
func filtered(ctx context.Context, d *db.DB, sc people.Scope, f Filter) *gorm.DB {
	q := visible(d.WithContext(ctx).Model(&Outcome{}), sc)
	return applyFilter(d, q, f)
}

// applyFilter adds f's conditions to a query on outcomes.
func applyFilter(d *db.DB, q *gorm.DB, f Filter) *gorm.DB {
	if f.PartnershipID != 0 {
		q = q.Where("outcomes.partnership_id = ?", f.PartnershipID)
	}
	if f.RoundID != 0 {
		q = q.Where("outcomes.round_id = ?", f.RoundID)
	}
	if f.Group != "" {
		q = q.Where("outcomes.group_name = ?", f.Group)
	}
	if f.Status != "" {
		q = q.Where("outcomes.status = ?", f.Status)
	}
	if f.Sign != "" {
		q = q.Where("outcomes.sign = ?", f.Sign)
	}
	if f.Language != "" {
		q = q.Where("outcomes.language = ?", f.Language)
	}
	if f.CodeID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM outcome_code_links l WHERE l.outcome_id = outcomes.id AND l.code_id = ?)", f.CodeID)
	}
	if len(f.IDs) > 0 {
		q = q.Where("outcomes.id IN ?", f.IDs)
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		cond, args := storyContains(d, s)
		q = q.Where(cond, args...)
	}
	return q
}

// List returns one page of outcomes matching f, newest first.
func List(ctx context.Context, d *db.DB, sc people.Scope, f Filter) (Page, error) {
	if f.PerPage <= 0 || f.PerPage > 500 {
		f.PerPage = 50
	}
	if f.Page < 1 {
		f.Page = 1
	}
	p := Page{Page: f.Page, PerPage: f.PerPage, Items: []Outcome{}}
	if err := filtered(ctx, d, sc, f).Count(&p.Total).Error; err != nil {
		return p, fmt.Errorf("harvest: count outcomes: %w", err)
	}
	err := filtered(ctx, d, sc, f).Order("outcomes.submitted_at DESC, outcomes.id DESC").
		Limit(f.PerPage).Offset((f.Page - 1) * f.PerPage).Find(&p.Items).Error
	if err != nil {
		return p, fmt.Errorf("harvest: list outcomes: %w", err)
	}
	return p, loadDetails(ctx, d, p.Items)
}

// Each calls fn for every outcome matching f (with codes and blocks), in batches, so
// exports never hold every outcome in memory.
func Each(ctx context.Context, d *db.DB, sc people.Scope, f Filter, fn func(Outcome) error) error {
	const batch = 500
	var lastID int64
	for {
		var items []Outcome
		q := filtered(ctx, d, sc, f)
		if lastID > 0 {
			q = q.Where("outcomes.id > ?", lastID)
		}
		if err := q.Order("outcomes.id").Limit(batch).Find(&items).Error; err != nil {
			return fmt.Errorf("harvest: export outcomes: %w", err)
		}
		if len(items) == 0 {
			return nil
		}
		if err := loadDetails(ctx, d, items); err != nil {
			return err
		}
		for _, o := range items {
			if err := fn(o); err != nil {
				return err
			}
		}
		lastID = items[len(items)-1].ID
		if len(items) < batch {
			return nil
		}
	}
}

// FilterOptions are the choices of the inbox filters for the caller.
type FilterOptions struct {
	Partnerships []people.PartnershipWithRole
	Rounds       []RoundOption
	Groups       []string
	Languages    []string
	Codes        []Code
}

// RoundOption is a round seen on outcomes.
type RoundOption struct {
	ID    int64
	Title string
}

// Options lists the rounds, groups, languages and codes present in the caller's outcomes.
func Options(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64) (FilterOptions, error) {
	var o FilterOptions
	var err error
	if o.Partnerships, err = people.Partnerships(ctx, d, sc); err != nil {
		return o, err
	}
	base := func() *gorm.DB {
		q := visible(d.WithContext(ctx).Model(&Outcome{}), sc)
		if partnershipID != 0 {
			q = q.Where("outcomes.partnership_id = ?", partnershipID)
		}
		return q
	}
	if err := base().Where("outcomes.round_id IS NOT NULL").Select("outcomes.round_id AS id, MAX(outcomes.round_title) AS title").
		Group("outcomes.round_id").Order("outcomes.round_id").Scan(&o.Rounds).Error; err != nil {
		return o, fmt.Errorf("harvest: round options: %w", err)
	}
	if err := base().Where("outcomes.group_name <> ''").Distinct().Order("outcomes.group_name").Pluck("outcomes.group_name", &o.Groups).Error; err != nil {
		return o, fmt.Errorf("harvest: group options: %w", err)
	}
	if err := base().Distinct().Order("outcomes.language").Pluck("outcomes.language", &o.Languages).Error; err != nil {
		return o, fmt.Errorf("harvest: language options: %w", err)
	}
	pids := sc.PartnershipIDs()
	if partnershipID != 0 {
		pids = []int64{partnershipID}
	}
	if o.Codes, err = codesFor(ctx, d, pids, true); err != nil {
		return o, err
	}
	return o, nil
}

// likeEscaper is built once: a strings.Replacer is safe for concurrent use and costly
// to build.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

// textContains is the condition "one of cols contains text", case folded the same way
// on both databases (db.Fold) with LIKE's wildcards taken literally. The inbox and the
// agenda picker search with it.
func textContains(d *db.DB, text string, cols ...string) (string, []any) {
	pat := "%" + escapeLike(db.Fold(text)) + "%"
	conds := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, col := range cols {
		conds[i] = d.FoldSQL(col) + " LIKE ? ESCAPE '\\'"
		args[i] = pat
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// Count is Total as an int, for plural messages.
func (p Page) Count() int { return int(p.Total) }
