package harvest

import (
	"context"
	"fmt"
	"slices"
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
	BarrierID     int64
	Actor         string // a key of Actors
	Sign          string
	Language      string
	Block         string // a building block (Blocks)
	Subst         string // a substantiation state (SubstStates)
	Month         string // a UTC calendar month of submission, "2026-03"
	Q             string
	AnalysisFilter
	IDs           []int64 // explicit selection (meeting agendas)
	Page, PerPage int     // 1-based page; PerPage 0 means 50
	// Before and After page by keyset (the inbox's "older" and "newer" links): the page
	// holds the outcomes just older than Before or just newer than After, and Page is
	// only the number shown. Without either, Page is read by offset (old links).
	Before, After *Cursor
	// CountCap > 0 counts at most CountCap+1 matches (Page.Capped says when there are
	// more), so a page of a large partnership does not count all its outcomes. A filter
	// tested row by row counts to at most probeCountCap (count_cap.go).
	CountCap int
	// Known is the count an earlier page of the same filter made (its older/newer link
	// carries it); List then does not count again.
	Known *Known
}

// Known is a count already made: Total, and whether more matched (Page.Capped).
type Known struct {
	Total  int64
	Capped bool
}

// Page is one page of outcomes with the total that matched.
type Page struct {
	Items   []Outcome `json:"items"`
	Total   int64     `json:"total"`
	Page    int       `json:"page"`
	PerPage int       `json:"per_page"`
	// Capped: more than Total outcomes matched (Filter.CountCap).
	Capped bool `json:"-"`
	// Older and Newer are the keysets of the neighbouring pages (nil: none).
	Older, Newer *Cursor `json:"-"`
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
	q := visible(d.Q(ctx).Model(&Outcome{}), sc)
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
	switch f.Sign {
	case "":
	case SignNone:
		q = q.Where("outcomes.sign = ''")
	default:
		q = q.Where("outcomes.sign = ?", f.Sign)
	}
	if f.Language != "" {
		q = q.Where("outcomes.language = ?", f.Language)
	}
	if f.CodeID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM outcome_code_links l WHERE l.outcome_id = outcomes.id AND l.code_id = ?)", f.CodeID)
	}
	if f.BarrierID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM outcome_barrier_links bl WHERE bl.outcome_id = outcomes.id AND bl.barrier_id = ?)", f.BarrierID)
	}
	switch f.Actor {
	case "":
	case SignNone: // the analysis view's "not said" column
		q = q.Where("outcomes.actor = ''")
	default:
		q = q.Where("outcomes.actor = ?", f.Actor)
	}
	if len(f.IDs) > 0 {
		q = q.Where("outcomes.id IN ?", f.IDs)
	}
	q = applyAnalysisFilter(applyViewFilters(q, f), f.AnalysisFilter)
	// The search comes last: it looks among the rows every condition above leaves (a
	// copy of the query so far), so the search index can apply them too.
	if s := strings.TrimSpace(f.Q); s != "" {
		cond, args := storyContains(d, s, q.Session(&gorm.Session{}))
		q = q.Where(cond, args...)
	}
	return q
}

const (
	newestFirst = "outcomes.submitted_at DESC, outcomes.id DESC"
	oldestFirst = "outcomes.submitted_at, outcomes.id"
)

// List returns one page of outcomes matching f, newest first (ties on submitted_at by
// id), read by keyset when f has a cursor and by offset otherwise.
func List(ctx context.Context, d *db.DB, sc people.Scope, f Filter) (Page, error) {
	if f.PerPage <= 0 || f.PerPage > 500 {
		f.PerPage = 50
	}
	if f.Page < 1 {
		f.Page = 1
	}
	p := Page{Page: f.Page, PerPage: f.PerPage, Items: []Outcome{}}
	pageIDs, searched, err := searchOnce(ctx, d, sc, f, &p)
	if err != nil {
		return p, err
	}
	if !searched {
		if err := count(ctx, d, sc, f, &p); err != nil {
			return p, err
		}
	}
	// One row more than a page tells whether there is a next page that way.
	q := filtered(ctx, d, sc, f).Limit(f.PerPage + 1)
	switch {
	case searched:
		q = d.Q(ctx).Model(&Outcome{}).Where("outcomes.id IN ?", pageIDs).Order(newestFirst)
	case f.After != nil:
		q = q.Where("(outcomes.submitted_at, outcomes.id) > (?, ?)", f.After.At, f.After.ID).Order(oldestFirst)
	case f.Before != nil:
		q = q.Where("(outcomes.submitted_at, outcomes.id) < (?, ?)", f.Before.At, f.Before.ID).Order(newestFirst)
	case f.Page > 1:
		// An old page link: the offset is skipped in the order index alone (ids only),
		// then the page's rows are read by id.
		var ids []int64
		if err := filtered(ctx, d, sc, f).Order(newestFirst).Offset((f.Page-1)*f.PerPage).Limit(f.PerPage+1).Pluck("outcomes.id", &ids).Error; err != nil {
			return p, fmt.Errorf("harvest: list outcomes: %w", err)
		}
		if len(ids) == 0 {
			ids = []int64{0}
		}
		q = d.Q(ctx).Model(&Outcome{}).Where("outcomes.id IN ?", ids).Order(newestFirst)
	default:
		q = q.Order(newestFirst)
	}
	if err := q.Find(&p.Items).Error; err != nil {
		return p, fmt.Errorf("harvest: list outcomes: %w", err)
	}
	more := len(p.Items) > f.PerPage
	if more {
		p.Items = p.Items[:f.PerPage]
	}
	older, newer := more, f.Page > 1
	switch {
	case f.After != nil:
		slices.Reverse(p.Items)
		older, newer = true, more
		if !more {
			p.Page = 1 // nothing newer: this is the first page, whatever the link said
		}
	case f.Before != nil:
		newer = true
	}
	if n := len(p.Items); n > 0 {
		if older {
			p.Older = &Cursor{At: p.Items[n-1].SubmittedAt, ID: p.Items[n-1].ID}
		}
		if newer {
			p.Newer = &Cursor{At: p.Items[0].SubmittedAt, ID: p.Items[0].ID}
		}
	}
	return p, loadDetails(ctx, d, p.Items)
}

// searchOnce counts a searched list and finds its page in one pass: the ids of the
// first countCap+1 matches, newest first, give both the count and the page's ids (one
// more than a page, to tell whether there is an older one). Counting and listing
// separately would read the search index twice, and that read is most of a search's
// time. It serves a searched list's first visit (no cursor, no count carried over) up
// to the cap; ok is false otherwise and the list is counted and read as usual.
func searchOnce(ctx context.Context, d *db.DB, sc people.Scope, f Filter, p *Page) (pageIDs []int64, ok bool, err error) {
	limit := f.countCap()
	start := (f.Page - 1) * f.PerPage
	if strings.TrimSpace(f.Q) == "" || f.Known != nil || f.After != nil || f.Before != nil || limit <= 0 || start+f.PerPage > limit {
		return nil, false, nil
	}
	var ids []int64
	if err := filtered(ctx, d, sc, f).Order(newestFirst).Limit(limit+1).Pluck("outcomes.id", &ids).Error; err != nil {
		return nil, false, fmt.Errorf("harvest: search outcomes: %w", err)
	}
	p.Total = int64(len(ids))
	if len(ids) > limit {
		p.Total, p.Capped = int64(limit), true
	}
	start = min(start, len(ids))
	pageIDs = ids[start:min(start+f.PerPage+1, len(ids))]
	if len(pageIDs) == 0 {
		pageIDs = []int64{0} // no outcome has id 0: an empty page
	}
	return pageIDs, true, nil
}

// count sets p's total: exact, or at most f.CountCap (then Capped when more matched).
func count(ctx context.Context, d *db.DB, sc people.Scope, f Filter, p *Page) error {
	if f.Known != nil {
		p.Total, p.Capped = f.Known.Total, f.Known.Capped
		return nil
	}
	limit := f.countCap()
	if limit <= 0 {
		if err := filtered(ctx, d, sc, f).Count(&p.Total).Error; err != nil {
			return fmt.Errorf("harvest: count outcomes: %w", err)
		}
		return nil
	}
	sub := filtered(ctx, d, sc, f).Select("1").Limit(limit + 1)
	if err := d.Q(ctx).Table("(?) AS matches", sub).Count(&p.Total).Error; err != nil {
		return fmt.Errorf("harvest: count outcomes: %w", err)
	}
	if p.Total > int64(limit) {
		p.Total, p.Capped = int64(limit), true
	}
	return nil
}

// Follows returns the outcome after id in f's list (0: none, or id is not in it).
func Follows(ctx context.Context, d *db.DB, sc people.Scope, f Filter, id int64) (int64, error) {
	var cur []Outcome
	if err := filtered(ctx, d, sc, f).Where("outcomes.id = ?", id).Select("outcomes.id, outcomes.submitted_at").Limit(1).Find(&cur).Error; err != nil {
		return 0, fmt.Errorf("harvest: outcome %d in list: %w", id, err)
	}
	if len(cur) == 0 {
		return 0, nil
	}
	var next []int64
	err := filtered(ctx, d, sc, f).Where("(outcomes.submitted_at, outcomes.id) < (?, ?)", cur[0].SubmittedAt, id).
		Order(newestFirst).Limit(1).Pluck("outcomes.id", &next).Error
	if err != nil {
		return 0, fmt.Errorf("harvest: next outcome after %d: %w", id, err)
	}
	if len(next) == 0 {
		return 0, nil
	}
	return next[0], nil
}

// Each calls fn for every outcome matching f (with codes and blocks), in batches, so
// exports never hold every outcome in memory.
func Each(ctx context.Context, d *db.DB, sc people.Scope, f Filter, fn func(Outcome) error) error {
	// A small first batch, so a streamed export's first rows go out soon.
	batch := 100
	var lastID int64
	for ; ; batch = 500 {
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
