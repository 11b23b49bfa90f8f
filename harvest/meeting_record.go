package harvest

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// A closed meeting's report, PDF and charts show the meeting as it stood at closing:
// CloseMeeting stores the whole view (agenda with the outcomes' texts and codes, notes,
// adjustments, the dashboard up to the meeting's month) as JSON. Later recoding or
// closing an adjustment then changes the live data, never the record; items whose
// outcome changed since are marked.

// snapshot is what a closed meeting keeps.
type snapshot struct {
	View MeetingView
	// Codes are the chart's codes as named at closing (CodeCount leaves them out of JSON).
	Codes map[int64]Code
}

// substantiationsOf loads the answered substantiations of outcomes, by outcome.
func substantiationsOf(ctx context.Context, d *db.DB, ids []int64) (map[int64][]Substantiation, error) {
	var list []Substantiation
	if err := d.Q(ctx).Where("outcome_id IN ? AND answered_at IS NOT NULL", ids).Order("answered_at, id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("harvest: agenda substantiations: %w", err)
	}
	out := map[int64][]Substantiation{}
	for _, s := range list {
		out[s.OutcomeID] = append(out[s.OutcomeID], s)
	}
	return out, nil
}

// meetingMonth bounds a meeting's charts: the rollup counts by month, so a meeting sees
// the outcomes submitted up to the end of its own month, never later ones.
func meetingMonth(m Meeting) string { return m.HeldAt.UTC().Format("2006-01") }

// MeetingCharts returns the dashboard of the meeting's partnership limited to outcomes
// up to the meeting's month: the stored one for a closed meeting.
func MeetingCharts(ctx context.Context, d *db.DB, sc people.Scope, mv MeetingView) (Aggregates, error) {
	if mv.Frozen && mv.Agg != nil {
		return *mv.Agg, nil
	}
	return Aggregate(ctx, d, sc, mv.Meeting.PartnershipID, AggregateFilter{UntilMonth: meetingMonth(mv.Meeting)})
}

// CloseMeeting freezes a meeting's record; only the partnership's coordinators may. The
// record is built in the closing transaction with the meeting row locked, so an agenda
// change (which share-locks it, see openMeetingFor) lands either before, in the record,
// or after, refused.
func CloseMeeting(ctx context.Context, d *db.DB, sc people.Scope, id int64, now time.Time) (Meeting, error) {
	var m Meeting
	err := d.Tx(ctx, func(tx *db.DB) error {
		if tx.Dialect == db.Postgres {
			if err := tx.Q(ctx).Exec("SELECT id FROM meetings WHERE id = ? FOR UPDATE", id).Error; err != nil {
				return fmt.Errorf("harvest: lock meeting %d: %w", id, err)
			}
		}
		var err error
		if m, err = openMeetingFor(ctx, tx, sc, id); err != nil {
			return err
		}
		if !sc.Allows(m.PartnershipID, people.RoleCoordinator) {
			return apperr.Forbidden()
		}
		mv, err := liveView(ctx, tx, m)
		if err != nil {
			return err
		}
		agg, err := Aggregate(ctx, tx, sc, m.PartnershipID, AggregateFilter{UntilMonth: meetingMonth(m)})
		if err != nil {
			return err
		}
		mv.Agg = &agg
		at := now.UTC()
		mv.Meeting.ClosedAt = &at
		codes := map[int64]Code{}
		for _, c := range agg.ByCode {
			codes[c.CodeID] = c.Code
		}
		raw, err := json.Marshal(snapshot{View: mv, Codes: codes})
		if err != nil {
			return fmt.Errorf("harvest: snapshot of meeting %d: %w", id, err)
		}
		// Only an open meeting closes: two people closing at once keep the first record.
		res := tx.Q(ctx).Model(&Meeting{}).Where("id = ? AND closed_at IS NULL", id).
			Updates(map[string]any{"closed_at": at, "snapshot": string(raw)})
		if res.Error != nil {
			return fmt.Errorf("harvest: close meeting %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.KindConflict, "meeting2.error.closed")
		}
		m.ClosedAt, m.Snapshot = &at, string(raw)
		return nil
	})
	return m, err
}

// frozenView is a closed meeting's stored record, with items marked whose outcome
// changed after closing.
func frozenView(ctx context.Context, d *db.DB, m Meeting) (MeetingView, error) {
	var s snapshot
	if err := json.Unmarshal([]byte(m.Snapshot), &s); err != nil {
		return MeetingView{}, fmt.Errorf("harvest: read snapshot of meeting %d: %w", m.ID, err)
	}
	mv := s.View
	mv.Meeting = m
	mv.Frozen = true
	if mv.Agg != nil {
		for i := range mv.Agg.ByCode {
			mv.Agg.ByCode[i].Code = s.Codes[mv.Agg.ByCode[i].CodeID]
		}
	}
	if len(mv.Items) == 0 {
		return mv, nil
	}
	ids := make([]int64, len(mv.Items))
	for i, it := range mv.Items {
		ids[i] = it.ID
	}
	var changed []int64
	if err := d.Q(ctx).Model(&Outcome{}).Where("id IN ? AND updated_at > ?", ids, *m.ClosedAt).Pluck("id", &changed).Error; err != nil {
		return mv, fmt.Errorf("harvest: changes since meeting %d: %w", m.ID, err)
	}
	set := map[int64]bool{}
	for _, id := range changed {
		set[id] = true
	}
	for i := range mv.Items {
		mv.Items[i].ChangedSince = set[mv.Items[i].ID]
	}
	return mv, nil
}
