package harvest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Steering meetings are the partners' business: coordinators prepare them, coordinators
// and partners take part (notes, adjustments); mentors are not part of them (403).

// MeetingInput prepares a meeting: the agenda is the outcomes matching Filter (when
// UseFilter) plus those picked by hand.
type MeetingInput struct {
	PartnershipID int64
	Title         string
	HeldAt        time.Time
	Participants  string
	UseFilter     bool
	Filter        Filter
	OutcomeIDs    []int64
}

// CreateMeeting prepares a meeting of a partnership; only its coordinators may.
func CreateMeeting(ctx context.Context, d *db.DB, sc people.Scope, userID int64, in MeetingInput) (Meeting, error) {
	if !sc.Member(in.PartnershipID) {
		return Meeting{}, apperr.NotFound()
	}
	if !sc.Allows(in.PartnershipID, people.RoleCoordinator) {
		return Meeting{}, apperr.Forbidden()
	}
	v := apperr.Invalid{}
	if in.HeldAt.IsZero() {
		v.Add("held_at", "harvest.error.date")
	}
	if strings.TrimSpace(in.Title) == "" {
		v.Add("title", "harvest.error.title")
	}
	if err := v.Err(); err != nil {
		return Meeting{}, err
	}
	// The agenda: outcomes of this partnership only, never excluded ones.
	var ids []int64
	if in.UseFilter {
		f := in.Filter
		f.PartnershipID = in.PartnershipID
		f.IDs = nil
		q := filtered(ctx, d, sc, f).Where("outcomes.status <> ?", StatusExcluded)
		if err := q.Order("outcomes.submitted_at, outcomes.id").Limit(200).Pluck("outcomes.id", &ids).Error; err != nil {
			return Meeting{}, fmt.Errorf("harvest: agenda by filter: %w", err)
		}
	}
	uid := userID
	m := Meeting{PartnershipID: in.PartnershipID, Title: strings.TrimSpace(in.Title), HeldAt: in.HeldAt.UTC(),
		Participants: strings.TrimSpace(in.Participants), CreatedBy: &uid}
	err := d.Tx(ctx, func(tx *db.DB) error {
		if len(in.OutcomeIDs) > 0 {
			// Every number typed must be an outcome of this partnership: refused, not skipped,
			// checked in the transaction that writes the agenda.
			picked, err := checkOutcomeIDs(ctx, tx, "ids", in.PartnershipID, in.OutcomeIDs)
			if err != nil {
				return err
			}
			seen := map[int64]bool{}
			for _, id := range ids {
				seen[id] = true
			}
			for _, id := range picked {
				if !seen[id] {
					ids = append(ids, id)
				}
			}
		}
		if err := tx.Q(ctx).Create(&m).Error; err != nil {
			return fmt.Errorf("harvest: create meeting: %w", err)
		}
		for i, id := range ids {
			if err := tx.Q(ctx).Create(&MeetingOutcome{MeetingID: m.ID, OutcomeID: id, Position: i + 1}).Error; err != nil {
				return fmt.Errorf("harvest: agenda item: %w", err)
			}
		}
		return nil
	})
	return m, err
}

// meetingFor finds a meeting the caller takes part in.
func meetingFor(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Meeting, error) {
	return reviewable(ctx, d, sc, id, "meeting", func(m Meeting) int64 { return m.PartnershipID })
}

// reviewable loads row id of a partnership's table for a reviewer: a missing row and
// another partnership's row are both not found (their existence is not confirmed), a
// member who may not review is forbidden.
func reviewable[T any](ctx context.Context, d *db.DB, sc people.Scope, id int64, what string, partnership func(T) int64) (T, error) {
	var row T
	err := d.Q(ctx).Where("id = ?", id).Take(&row).Error
	if err == nil && !sc.Member(partnership(row)) {
		return row, apperr.NotFound()
	}
	if err != nil {
		return row, fmt.Errorf("harvest: get %s %d: %w", what, id, err)
	}
	if !canReview(sc, partnership(row)) {
		return row, apperr.Forbidden()
	}
	return row, nil
}

// AgendaItem is one outcome of a meeting with the meeting's notes on it.
type AgendaItem struct {
	Outcome
	Position int
	Notes    string
	// Substantiations are the independent views asked on the outcome.
	Substantiations []Substantiation
	// ChangedSince is set on a closed meeting's item whose outcome changed after closing.
	ChangedSince bool `json:"-"`
}

// MeetingView is everything meeting mode and the report show.
type MeetingView struct {
	Meeting     Meeting
	Partnership people.Partnership
	Items       []AgendaItem
	// Open adjustments from earlier meetings: the meeting opens with them.
	OpenAdjustments []Adjustment
	// Adjustments decided in this meeting.
	Adjustments []Adjustment
	// Agg is the partnership's dashboard up to the meeting's month; set for a closed
	// meeting (as it stood at closing) and by MeetingCharts for an open one.
	Agg *Aggregates `json:",omitempty"`
	// Frozen is set when the view is the record stored at closing.
	Frozen bool `json:"-"`
}

// GetMeeting loads a meeting with its agenda and adjustments.
func GetMeeting(ctx context.Context, d *db.DB, sc people.Scope, id int64) (MeetingView, error) {
	m, err := meetingFor(ctx, d, sc, id)
	if err != nil {
		return MeetingView{}, err
	}
	if m.Closed() && m.Snapshot != "" {
		return frozenView(ctx, d, m)
	}
	return liveView(ctx, d, m)
}

// liveView reads a meeting's agenda and adjustments as they are now.
func liveView(ctx context.Context, d *db.DB, m Meeting) (MeetingView, error) {
	var mv MeetingView
	id := m.ID
	mv.Meeting = m
	if err := d.Q(ctx).Take(&mv.Partnership, m.PartnershipID).Error; err != nil {
		return mv, fmt.Errorf("harvest: meeting partnership: %w", err)
	}
	var links []MeetingOutcome
	if err := d.Q(ctx).Where("meeting_id = ?", id).Order("position, outcome_id").Find(&links).Error; err != nil {
		return mv, fmt.Errorf("harvest: agenda of meeting %d: %w", id, err)
	}
	if len(links) > 0 {
		ids := make([]int64, len(links))
		for i, l := range links {
			ids[i] = l.OutcomeID
		}
		var os []Outcome
		if err := d.Q(ctx).Where("id IN ?", ids).Find(&os).Error; err != nil {
			return mv, fmt.Errorf("harvest: agenda outcomes: %w", err)
		}
		if err := loadDetails(ctx, d, os); err != nil {
			return mv, err
		}
		byID := map[int64]Outcome{}
		for _, o := range os {
			byID[o.ID] = o
		}
		subs, err := substantiationsOf(ctx, d, ids)
		if err != nil {
			return mv, err
		}
		for _, l := range links {
			if o, ok := byID[l.OutcomeID]; ok {
				mv.Items = append(mv.Items, AgendaItem{Outcome: o, Position: l.Position, Notes: l.Notes, Substantiations: subs[o.ID]})
			}
		}
	}
	var all []Adjustment
	// This meeting's adjustments, and the still open ones of meetings held before it.
	earlier := d.Q(ctx).Model(&Meeting{}).Select("id").
		Where("partnership_id = ? AND id <> ? AND (held_at < ? OR (held_at = ? AND id < ?))", m.PartnershipID, id, m.HeldAt, m.HeldAt, id)
	if err := d.Q(ctx).Where("partnership_id = ? AND (meeting_id = ? OR (status = 'open' AND (meeting_id IS NULL OR meeting_id IN (?))))", m.PartnershipID, id, earlier).
		Order("due_on IS NULL, due_on, id").Find(&all).Error; err != nil {
		return mv, fmt.Errorf("harvest: adjustments of meeting %d: %w", id, err)
	}
	if err := loadAdjustmentOutcomes(ctx, d, all); err != nil {
		return mv, err
	}
	markOverdue(all, d.Now().Local())
	for _, a := range all {
		if a.MeetingID != nil && *a.MeetingID == id {
			mv.Adjustments = append(mv.Adjustments, a)
		} else {
			mv.OpenAdjustments = append(mv.OpenAdjustments, a)
		}
	}
	return mv, nil
}

// MeetingRow is a meeting in a list.
type MeetingRow struct {
	Meeting
	PartnershipName string
	Outcomes        int64
}

// Meetings lists the meetings of the partnerships where the caller reviews, newest first.
func Meetings(ctx context.Context, d *db.DB, sc people.Scope) ([]MeetingRow, error) {
	var out []MeetingRow
	pids := reviewerPartnerships(sc)
	if len(pids) == 0 {
		return out, nil
	}
	err := d.Q(ctx).Table("meetings m").
		Select("m.id, m.partnership_id, m.title, m.held_at, m.participants, m.created_by, m.created_at, m.closed_at, p.name AS partnership_name, (SELECT COUNT(*) FROM meeting_outcomes mo WHERE mo.meeting_id = m.id) AS outcomes").
		Joins("JOIN partnerships p ON p.id = m.partnership_id").Where("m.partnership_id IN ?", pids).
		Order("m.held_at DESC, m.id DESC").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("harvest: list meetings: %w", err)
	}
	return out, nil
}

// SaveNote stores the meeting's notes on one agenda outcome.
func SaveNote(ctx context.Context, d *db.DB, sc people.Scope, meetingID, outcomeID int64, notes string) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		if _, err := openMeetingFor(ctx, tx, sc, meetingID); err != nil {
			return err
		}
		res := tx.Q(ctx).Model(&MeetingOutcome{}).Where("meeting_id = ? AND outcome_id = ?", meetingID, outcomeID).
			Update("notes", strings.TrimSpace(notes))
		if res.Error != nil {
			return fmt.Errorf("harvest: save note: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}

func loadAdjustmentOutcomes(ctx context.Context, d *db.DB, list []Adjustment) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	idx := map[int64]int{}
	for i, a := range list {
		ids[i] = a.ID
		idx[a.ID] = i
		list[i].OutcomeIDs = []int64{}
	}
	var links []AdjustmentOutcome
	if err := d.Q(ctx).Where("adjustment_id IN ?", ids).Order("outcome_id").Find(&links).Error; err != nil {
		return fmt.Errorf("harvest: adjustment outcomes: %w", err)
	}
	for _, l := range links {
		list[idx[l.AdjustmentID]].OutcomeIDs = append(list[idx[l.AdjustmentID]].OutcomeIDs, l.OutcomeID)
	}
	return nil
}
