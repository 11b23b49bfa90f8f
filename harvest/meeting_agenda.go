package harvest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// MaxAgendaItems caps an agenda: a steering meeting discusses tens of outcomes, and a
// pasted list of thousands of ids is a mistake to refuse, not a query to run.
const MaxAgendaItems = 200

// ParseIDList reads outcome numbers typed by hand ("12, 15 #18"). Anything that is not
// a number is refused by name, never skipped: a typo must not silently drop an item.
func ParseIDList(field, s string) ([]int64, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	if len(parts) > MaxAgendaItems {
		return nil, tooManyItems(field)
	}
	var out []int64
	for _, p := range parts {
		n, err := strconv.ParseInt(strings.TrimPrefix(p, "#"), 10, 64)
		if err != nil || n <= 0 {
			v := apperr.Invalid{}
			v.Add(field, "meeting2.error.not_a_number", "Value", p)
			return nil, v.Err()
		}
		out = append(out, n)
	}
	return out, nil
}

func tooManyItems(field string) error {
	v := apperr.Invalid{}
	v.Add(field, "meeting2.error.too_many", "Max", MaxAgendaItems)
	return v.Err()
}

// checkOutcomeIDs returns ids in order without duplicates, refusing any that is not an
// outcome of the partnership (another partnership's outcome reads as unknown).
func checkOutcomeIDs(ctx context.Context, tx *db.DB, field string, partnershipID int64, ids []int64) ([]int64, error) {
	if len(ids) > MaxAgendaItems {
		return nil, tooManyItems(field)
	}
	var uniq []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	if len(uniq) == 0 {
		return nil, nil
	}
	var found []int64
	if err := tx.Q(ctx).Model(&Outcome{}).Where("id IN ? AND partnership_id = ?", uniq, partnershipID).Pluck("id", &found).Error; err != nil {
		return nil, fmt.Errorf("harvest: check outcome ids: %w", err)
	}
	ok := map[int64]bool{}
	for _, id := range found {
		ok[id] = true
	}
	var missing []string
	for _, id := range uniq {
		if !ok[id] {
			missing = append(missing, "#"+strconv.FormatInt(id, 10))
		}
	}
	if len(missing) > 0 {
		v := apperr.Invalid{}
		v.Add(field, "meeting2.error.unknown_outcomes", "IDs", strings.Join(missing, ", "))
		return nil, v.Err()
	}
	return uniq, nil
}

// openMeetingFor is meetingFor for changes: a closed meeting's record is frozen. Call it
// in the change's transaction: on PostgreSQL it share-locks the meeting row first, so
// the meeting cannot close between this check and the change (SQLite has one writer).
func openMeetingFor(ctx context.Context, tx *db.DB, sc people.Scope, id int64) (Meeting, error) {
	if tx.Dialect == db.Postgres {
		if err := tx.Q(ctx).Exec("SELECT id FROM meetings WHERE id = ? FOR SHARE", id).Error; err != nil {
			return Meeting{}, fmt.Errorf("harvest: lock meeting %d: %w", id, err)
		}
	}
	m, err := meetingFor(ctx, tx, sc, id)
	if err != nil {
		return m, err
	}
	if m.Closed() {
		return m, apperr.New(apperr.KindConflict, "meeting2.error.closed")
	}
	return m, nil
}

// AddAgendaItems appends outcomes to an open meeting's agenda (those already on it stay
// where they are).
func AddAgendaItems(ctx context.Context, d *db.DB, sc people.Scope, meetingID int64, ids []int64) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		m, err := openMeetingFor(ctx, tx, sc, meetingID)
		if err != nil {
			return err
		}
		ok, err := checkOutcomeIDs(ctx, tx, "ids", m.PartnershipID, ids)
		if err != nil {
			return err
		}
		return appendAgenda(ctx, tx, m.ID, ok)
	})
}

func appendAgenda(ctx context.Context, tx *db.DB, meetingID int64, ids []int64) error {
	var have []MeetingOutcome
	if err := tx.Q(ctx).Where("meeting_id = ?", meetingID).Find(&have).Error; err != nil {
		return fmt.Errorf("harvest: agenda of meeting %d: %w", meetingID, err)
	}
	on := map[int64]bool{}
	last := 0
	for _, h := range have {
		on[h.OutcomeID] = true
		last = max(last, h.Position)
	}
	n := len(have)
	for _, id := range ids {
		if on[id] {
			continue
		}
		if n >= MaxAgendaItems {
			return tooManyItems("ids")
		}
		last++
		n++
		if err := tx.Q(ctx).Create(&MeetingOutcome{MeetingID: meetingID, OutcomeID: id, Position: last}).Error; err != nil {
			return fmt.Errorf("harvest: agenda item: %w", err)
		}
	}
	return nil
}

// RemoveAgendaItem takes an outcome off an open meeting's agenda.
func RemoveAgendaItem(ctx context.Context, d *db.DB, sc people.Scope, meetingID, outcomeID int64) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		if _, err := openMeetingFor(ctx, tx, sc, meetingID); err != nil {
			return err
		}
		res := tx.Q(ctx).Where("meeting_id = ? AND outcome_id = ?", meetingID, outcomeID).Delete(&MeetingOutcome{})
		if res.Error != nil {
			return fmt.Errorf("harvest: remove agenda item: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}

// MoveAgendaItem moves an outcome one place up (delta -1) or down (+1) the agenda.
func MoveAgendaItem(ctx context.Context, d *db.DB, sc people.Scope, meetingID, outcomeID int64, delta int) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		if _, err := openMeetingFor(ctx, tx, sc, meetingID); err != nil {
			return err
		}
		var items []MeetingOutcome
		if err := tx.Q(ctx).Where("meeting_id = ?", meetingID).Order("position, outcome_id").Find(&items).Error; err != nil {
			return fmt.Errorf("harvest: agenda of meeting %d: %w", meetingID, err)
		}
		at := -1
		for i, it := range items {
			if it.OutcomeID == outcomeID {
				at = i
			}
		}
		if at < 0 {
			return apperr.NotFound()
		}
		to := at + delta
		if to < 0 || to >= len(items) {
			return nil
		}
		items[at], items[to] = items[to], items[at]
		// Renumber all: positions written by older code may tie.
		for i, it := range items {
			if err := tx.Q(ctx).Model(&MeetingOutcome{}).Where("meeting_id = ? AND outcome_id = ?", meetingID, it.OutcomeID).
				Update("position", i+1).Error; err != nil {
				return fmt.Errorf("harvest: reorder agenda: %w", err)
			}
		}
		return nil
	})
}

// AgendaCandidate is an outcome the agenda picker offers.
type AgendaCandidate struct {
	ID         int64
	ChangeText string
	SummaryNL  string
	RoundTitle string
	Status     Status
}

// SearchAgendaCandidates finds outcomes of the meeting's partnership by number or text,
// leaving out excluded ones and those already on the agenda.
func SearchAgendaCandidates(ctx context.Context, d *db.DB, sc people.Scope, meetingID int64, q string) ([]AgendaCandidate, error) {
	m, err := meetingFor(ctx, d, sc, meetingID)
	if err != nil {
		return nil, err
	}
	q = strings.TrimSpace(q)
	var out []AgendaCandidate
	if q == "" {
		return out, nil
	}
	on := d.Q(ctx).Model(&MeetingOutcome{}).Select("outcome_id").Where("meeting_id = ?", m.ID)
	cands := d.Q(ctx).Model(&Outcome{}).Select("id, change_text, summary_nl, round_title, status").
		Where("partnership_id = ? AND status <> ? AND id NOT IN (?)", m.PartnershipID, StatusExcluded, on)
	if n, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil {
		cands = cands.Where("id = ?", n)
	} else {
		cond, args := textContains(d, q, "change_text", "summary_nl")
		cands = cands.Where(cond, args...)
	}
	if err := cands.Order("submitted_at DESC, id DESC").Limit(20).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("harvest: search agenda candidates: %w", err)
	}
	return out, nil
}

// AddToNextMeeting puts an outcome on the agenda of its partnership's next meeting: the
// earliest open one dated today or later. Without one it says so (a conflict).
func AddToNextMeeting(ctx context.Context, d *db.DB, sc people.Scope, outcomeID int64, today time.Time) (Meeting, error) {
	var m Meeting
	o, err := Get(ctx, d, sc, outcomeID)
	if err != nil {
		return m, err
	}
	if !canReview(sc, o.PartnershipID) {
		return m, apperr.Forbidden()
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	err = d.Tx(ctx, func(tx *db.DB) error {
		err := tx.Q(ctx).Where("partnership_id = ? AND closed_at IS NULL AND held_at >= ?", o.PartnershipID, day).
			Order("held_at, id").Take(&m).Error
		if db.IsNotFound(err) {
			return apperr.New(apperr.KindConflict, "meeting2.error.no_next_meeting")
		}
		if err != nil {
			return fmt.Errorf("harvest: next meeting of partnership %d: %w", o.PartnershipID, err)
		}
		if m, err = openMeetingFor(ctx, tx, sc, m.ID); err != nil {
			return err
		}
		return appendAgenda(ctx, tx, m.ID, []int64{o.ID})
	})
	return m, err
}
