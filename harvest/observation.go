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

// ObserverRoles are the people who see change first, outside the classroom: they record
// what they observed as an outcome with source "observation" and their role as the
// source detail.
var ObserverRoles = []string{"workplace_mentor", "job_coach", "spoc", "teacher", "other"}

// ObservationInput is an outcome someone observed for one cursist.
type ObservationInput struct {
	PartnershipID, CursistID                 int64
	ObserverRole                             string
	Language                                 string
	Change, Significance, Sign, Contribution string
	Blocks                                   []string
	ObservedAt                               time.Time
}

// ObservableCursist is a cursist the caller may record an observation for.
type ObservableCursist struct {
	ID        int64
	Code      string
	FirstName string
	GroupName string
}

// CanObserve reports whether the caller records observations in partnership pid:
// reviewers for every cursist, mentors for the cursists of their own group.
func CanObserve(sc people.Scope, pid int64) bool {
	return canReview(sc, pid) || (sc.Allows(pid, people.RoleMentor) && sc.MentorGroups[pid] != "")
}

// ObservableCursists lists the active cursists of pid the caller may record an
// observation for (a mentor: her own group's), by code.
func ObservableCursists(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]ObservableCursist, error) {
	if !sc.Member(pid) || !CanObserve(sc, pid) {
		return nil, apperr.NotFound()
	}
	q := d.Q(ctx).Table("cursists").Select("id, code, first_name, group_name").Where("partnership_id = ? AND active", pid)
	if !canReview(sc, pid) {
		q = q.Where("group_name = ?", sc.MentorGroups[pid])
	}
	var out []ObservableCursist
	if err := q.Order("code").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("harvest: cursists to observe in %d: %w", pid, err)
	}
	return out, nil
}

// RecordObservation stores what a mentor, job coach, SPOC or reviewer observed for a
// cursist as a new outcome, which the reviewers then code like any other. A cursist of
// another group (for a mentor) or another partnership is not found.
func RecordObservation(ctx context.Context, d *db.DB, sc people.Scope, userID int64, in ObservationInput) (Outcome, error) {
	if !sc.Member(in.PartnershipID) || !CanObserve(sc, in.PartnershipID) {
		return Outcome{}, apperr.NotFound()
	}
	var c ObservableCursist
	err := d.Q(ctx).Table("cursists").Select("id, code, first_name, group_name").
		Where("id = ? AND partnership_id = ?", in.CursistID, in.PartnershipID).Take(&c).Error
	if err != nil {
		if db.IsNotFound(err) {
			v := apperr.Invalid{}
			v.Add("cursist", "observe.error.cursist")
			return Outcome{}, v.Err()
		}
		return Outcome{}, fmt.Errorf("harvest: observed cursist %d: %w", in.CursistID, err)
	}
	if !canReview(sc, in.PartnershipID) && c.GroupName != sc.MentorGroups[in.PartnershipID] {
		return Outcome{}, apperr.NotFound()
	}
	v := apperr.Invalid{}
	if !oneOf(in.ObserverRole, ObserverRoles) {
		v.Add("observer_role", "harvest.error.choice")
	}
	checkStory(v, in.Change, in.Sign, in.Blocks)
	if err := v.Err(); err != nil {
		return Outcome{}, err
	}
	uid, cid := userID, c.ID
	var id int64
	err = d.Tx(ctx, func(tx *db.DB) error {
		at := in.ObservedAt
		if at.IsZero() {
			at = tx.Q(ctx).NowFunc()
		}
		o := Outcome{
			PartnershipID: in.PartnershipID, CursistID: &cid, GroupName: c.GroupName, Language: orDefault(in.Language, "nl"),
			ChangeText: strings.TrimSpace(in.Change), SignificanceText: strings.TrimSpace(in.Significance), Sign: in.Sign,
			ContributionText: strings.TrimSpace(in.Contribution), Status: StatusNew, Source: "observation", SourceDetail: in.ObserverRole,
			SubmittedAt: at.UTC(), CreatedBy: &uid,
		}
		if err := tx.Q(ctx).Create(&o).Error; err != nil {
			return fmt.Errorf("harvest: record observation: %w", err)
		}
		id = o.ID
		if err := setBlocks(tx.Q(ctx), o.ID, in.Blocks); err != nil {
			return err
		}
		return tx.Q(ctx).Create(&HistoryEntry{OutcomeID: o.ID, UserID: &uid, At: tx.Q(ctx).NowFunc().UTC(), Field: "created", NewValue: "observation"}).Error
	})
	if err != nil {
		return Outcome{}, err
	}
	return Get(ctx, d, sc, id)
}
