package markers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Journal kinds beside the outcome journal of each boundary partner: what the
// partnership itself did (strategy) and how it works (performance).
const (
	KindStrategy    = "strategy"
	KindPerformance = "performance"
)

// JournalKinds lists the partnership's own journal kinds.
var JournalKinds = []string{KindStrategy, KindPerformance}

// StrategyTopics are the project's six building blocks (the same keys as
// harvest.Blocks): the strategy journal has a row for each.
var StrategyTopics = []string{"partnership", "outreach", "guidance", "training", "workplace", "aftercare"}

// PracticeTopics are Outcome Mapping's organisational practices, as the partnership
// keeps them: the performance journal has a row for each.
var PracticeTopics = []string{"prospecting", "operating_support", "higher_support", "redesign", "follow_up", "sharing", "experimenting", "reflection"}

// Topics are the rows of a journal kind.
func Topics(kind string) []string {
	if kind == KindPerformance {
		return PracticeTopics
	}
	return StrategyTopics
}

// PartnershipJournal is a strategy or performance journal of one monitoring period.
type PartnershipJournal struct {
	ID               int64     `gorm:"primaryKey" json:"id"`
	PartnershipID    int64     `json:"partnership_id"`
	PeriodID         int64     `json:"period_id"`
	Kind             string    `json:"kind"`
	Lessons          string    `json:"lessons"`
	ProgrammeChanges string    `json:"programme_changes"`
	AdjustmentID     *int64    `json:"adjustment_id,omitempty"`
	Version          int64     `json:"version"`
	UpdatedBy        *int64    `json:"-"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

func (PartnershipJournal) TableName() string { return "partnership_journals" }

// JournalItem is one topic's row: what was done, the effects seen, what to change.
type JournalItem struct {
	ID        int64  `gorm:"primaryKey" json:"-"`
	JournalID int64  `json:"-"`
	Topic     string `json:"topic"`
	Done      string `json:"done"`
	Effects   string `json:"effects"`
	ToChange  string `json:"to_change"`
}

func (JournalItem) TableName() string { return "partnership_journal_items" }

// PartnershipJournalView is a journal with one item per topic (blank when not written).
type PartnershipJournalView struct {
	Period   Period
	Journal  PartnershipJournal // zero ID: not saved yet
	Items    []JournalItem      // in topic order
	CanWrite bool
}

// PartnershipJournalInput is the journal form as typed.
type PartnershipJournalInput struct {
	Lessons, ProgrammeChanges string
	Items                     map[string]JournalItem // topic →
	Version                   *int64                 // the version the form was loaded at (0: none yet)
}

func checkKind(kind string) error {
	if slices.Contains(JournalKinds, kind) {
		return nil
	}
	return apperr.NotFound()
}

// LoadPartnershipJournal returns the strategy or performance journal of a period the
// caller may read.
func LoadPartnershipJournal(ctx context.Context, d *db.DB, sc people.Scope, periodID int64, kind string) (PartnershipJournalView, error) {
	var v PartnershipJournalView
	if err := checkKind(kind); err != nil {
		return v, err
	}
	p, err := GetPeriod(ctx, d, sc, periodID)
	if err != nil {
		return v, err
	}
	v.Period, v.CanWrite = p, canRecord(sc, p.PartnershipID)
	v.Journal = PartnershipJournal{PartnershipID: p.PartnershipID, PeriodID: p.ID, Kind: kind}
	var found []PartnershipJournal
	if err := d.Q(ctx).Where("period_id = ? AND kind = ?", p.ID, kind).Limit(1).Find(&found).Error; err != nil {
		return v, fmt.Errorf("markers: %s journal of period %d: %w", kind, p.ID, err)
	}
	byTopic := map[string]JournalItem{}
	if len(found) == 1 {
		v.Journal = found[0]
		var items []JournalItem
		if err := d.Q(ctx).Where("journal_id = ?", v.Journal.ID).Find(&items).Error; err != nil {
			return v, fmt.Errorf("markers: items of journal %d: %w", v.Journal.ID, err)
		}
		for _, it := range items {
			byTopic[it.Topic] = it
		}
	}
	for _, t := range Topics(kind) {
		it := byTopic[t]
		it.Topic = t
		v.Items = append(v.Items, it)
	}
	return v, nil
}

// SavePartnershipJournal writes the journal (creating it on first save). A save over a
// version someone else saved meanwhile is refused with apperr.Stale.
func SavePartnershipJournal(ctx context.Context, d *db.DB, sc people.Scope, userID, periodID int64, kind string, in PartnershipJournalInput) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	p, err := GetPeriod(ctx, d, sc, periodID)
	if err != nil {
		return err
	}
	if !canRecord(sc, p.PartnershipID) {
		return apperr.Forbidden()
	}
	// Only the kind's own topics are read from in.Items; others are ignored.
	v := apperr.Invalid{}
	for _, s := range append([]string{in.Lessons, in.ProgrammeChanges}, itemTexts(in.Items)...) {
		if len([]rune(s)) > maxText {
			v.Add("text", "markers.error.too_long", "Max", maxText)
			break
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	uid := userID
	return d.Tx(ctx, func(tx *db.DB) error {
		now := tx.Q(ctx).NowFunc().UTC()
		j := PartnershipJournal{PartnershipID: p.PartnershipID, PeriodID: p.ID, Kind: kind, Version: 1, UpdatedBy: &uid, CreatedAt: now, UpdatedAt: now}
		res := tx.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&j)
		if res.Error != nil {
			return fmt.Errorf("markers: create %s journal of period %d: %w", kind, p.ID, res.Error)
		}
		fresh := res.RowsAffected == 1
		if err := tx.Q(ctx).Where("period_id = ? AND kind = ?", p.ID, kind).Take(&j).Error; err != nil {
			return fmt.Errorf("markers: %s journal of period %d: %w", kind, p.ID, err)
		}
		// A form loaded before anyone saved carries version 0: it may create the
		// journal, but not overwrite one somebody else created meanwhile.
		if in.Version != nil && !(fresh && *in.Version == 0) && *in.Version != j.Version {
			return apperr.Stale()
		}
		q := tx.Q(ctx).Model(&PartnershipJournal{}).Where("id = ?", j.ID)
		if !fresh {
			q = q.Where("version = ?", j.Version)
		}
		set := map[string]any{"lessons": strings.TrimSpace(in.Lessons), "programme_changes": strings.TrimSpace(in.ProgrammeChanges),
			"updated_by": uid, "updated_at": now}
		if !fresh {
			set["version"] = gorm.Expr("version + 1")
		}
		if r := q.Updates(set); r.Error != nil {
			return fmt.Errorf("markers: save %s journal %d: %w", kind, j.ID, r.Error)
		} else if r.RowsAffected == 0 {
			return apperr.Stale()
		}
		for _, topic := range Topics(kind) {
			it, ok := in.Items[topic]
			if !ok {
				continue
			}
			row := JournalItem{JournalID: j.ID, Topic: topic, Done: strings.TrimSpace(it.Done), Effects: strings.TrimSpace(it.Effects), ToChange: strings.TrimSpace(it.ToChange)}
			err := tx.Q(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "journal_id"}, {Name: "topic"}},
				DoUpdates: clause.AssignmentColumns([]string{"done", "effects", "to_change"})}).Create(&row).Error
			if err != nil {
				return fmt.Errorf("markers: save %s of journal %d: %w", topic, j.ID, err)
			}
		}
		return nil
	})
}

func itemTexts(items map[string]JournalItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Done, it.Effects, it.ToChange)
	}
	return out
}

// ProgrammeChangeFor is what a journal asks to change in the programme, for turning it
// into an adjustment: its partnership and text. A journal already turned into an
// adjustment, or without programme changes, is a conflict.
func ProgrammeChangeFor(ctx context.Context, d *db.DB, sc people.Scope, periodID int64, kind string) (PartnershipJournal, error) {
	v, err := LoadPartnershipJournal(ctx, d, sc, periodID, kind)
	if err != nil {
		return v.Journal, err
	}
	if !v.CanWrite {
		return v.Journal, apperr.Forbidden()
	}
	switch {
	case v.Journal.ID == 0 || v.Journal.ProgrammeChanges == "":
		return v.Journal, apperr.New(apperr.KindConflict, "omjournal.error.no_change")
	case v.Journal.AdjustmentID != nil:
		return v.Journal, apperr.New(apperr.KindConflict, "omjournal.error.already")
	}
	return v.Journal, nil
}

// MarkAdjusted records that a journal's programme changes became adjustment adjID; of
// two people doing it at once, the second is told it is done already.
func MarkAdjusted(ctx context.Context, tx *db.DB, journalID, adjID int64) error {
	res := tx.Q(ctx).Model(&PartnershipJournal{}).Where("id = ? AND adjustment_id IS NULL", journalID).Update("adjustment_id", adjID)
	if res.Error != nil {
		return fmt.Errorf("markers: mark journal %d adjusted: %w", journalID, res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.KindConflict, "omjournal.error.already")
	}
	return nil
}
