package people

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
)

// A cursist's status beyond the classroom (issue 18). The seed's aftercare section
// follows people who pause, stop or finish; the harvest must not show survivors only,
// so every status change is kept with its effective date and who set it.
const (
	StatusInTraining = "in_training"
	StatusPaused     = "paused"
	StatusStopped    = "stopped"
	StatusFinished   = "finished"
)

// CursistStatuses lists the statuses in the order of a training's course.
var CursistStatuses = []string{StatusInTraining, StatusPaused, StatusStopped, StatusFinished}

// StopReasons are the seed's reasons why cursists stopped ("Redenen waarom cursisten
// zijn gestopt"), grouped into categories a coordinator can pick without hesitation.
var StopReasons = []string{"competences_language", "health", "pregnancy", "financial_work", "expectations", "family", "other"}

// OutflowResults are where a cursist went after finishing (the seed's "Uitstroom").
var OutflowResults = []string{"childcare_work", "other_work", "further_study", "looking_for_work"}

// StatusDetails returns the details a status needs (nil: none).
func StatusDetails(status string) []string {
	switch status {
	case StatusStopped:
		return StopReasons
	case StatusFinished:
		return OutflowResults
	}
	return nil
}

// StatusChange is one entry of a cursist's status history.
type StatusChange struct {
	ID            int64 `gorm:"primaryKey"`
	PartnershipID int64
	CursistID     int64
	Status        string
	Detail        string    // the stop reason or the outflow result
	EffectiveOn   time.Time `gorm:"type:date"`
	SetBy         *int64
	SetByName     string `gorm:"-"` // who set it, filled by StatusHistory
	CreatedAt     time.Time
}

func (StatusChange) TableName() string { return "cursist_statuses" }

// StatusInput is the status form as typed.
type StatusInput struct {
	Status      string
	Reason      string // for "stopped"
	Outflow     string // for "finished"
	EffectiveOn string // 2006-01-02
	IP          string // the caller's address, for the audit log
}

// detail is the input's detail for its status.
func (in StatusInput) detail() string {
	switch in.Status {
	case StatusStopped:
		return in.Reason
	case StatusFinished:
		return in.Outflow
	}
	return ""
}

// validate reports field errors and returns the effective date.
func (in *StatusInput) validate(now time.Time) (time.Time, error) {
	in.Status, in.Reason, in.Outflow = strings.TrimSpace(in.Status), strings.TrimSpace(in.Reason), strings.TrimSpace(in.Outflow)
	in.EffectiveOn = strings.TrimSpace(in.EffectiveOn)
	v := apperr.Invalid{}
	if !slices.Contains(CursistStatuses, in.Status) {
		v.Add("status", "cursiststatus.error.status")
	}
	switch {
	case in.Status == StatusStopped && in.Reason == "":
		v.Add("reason", "cursiststatus.error.reason_required")
	case in.Status == StatusStopped && !slices.Contains(StopReasons, in.Reason):
		v.Add("reason", "cursiststatus.error.reason")
	case in.Status == StatusFinished && in.Outflow == "":
		v.Add("outflow", "cursiststatus.error.outflow_required")
	case in.Status == StatusFinished && !slices.Contains(OutflowResults, in.Outflow):
		v.Add("outflow", "cursiststatus.error.outflow")
	}
	var day time.Time
	if in.EffectiveOn == "" {
		v.Add("effective_on", "cursiststatus.error.date_required")
	} else if t, err := time.Parse(time.DateOnly, in.EffectiveOn); err != nil || t.Year() < 2000 {
		v.Add("effective_on", "cursiststatus.error.date")
	} else if today := now.UTC().Truncate(24 * time.Hour); t.After(today) {
		// A status is a fact that happened; a planned change is set on its day.
		v.Add("effective_on", "cursiststatus.error.date_future")
	} else {
		day = t
	}
	return day, v.Err()
}

// StatusKeeper reports whether the caller keeps statuses in partnership pid at all
// (coordinators for every cursist, mentors for their own group).
func StatusKeeper(sc Scope, pid int64) bool {
	return sc.Allows(pid, RoleCoordinator, RoleMentor)
}

// CursistForStatus loads cursist cid for someone who keeps its status: the
// partnership's coordinator, or a mentor whose group it is. A mentor asking for another
// group's cursist gets NotFound, as an outsider would; a partner gets Forbidden.
func CursistForStatus(ctx context.Context, d *db.DB, sc Scope, pid, cid int64) (Cursist, error) {
	if !sc.Member(pid) {
		return Cursist{}, apperr.NotFound()
	}
	if !StatusKeeper(sc, pid) {
		return Cursist{}, apperr.Forbidden()
	}
	q := d.Q(ctx).Where("id = ? AND partnership_id = ?", cid, pid)
	if r, _ := sc.Role(pid); r == RoleMentor {
		g := sc.MentorGroups[pid]
		if g == "" {
			return Cursist{}, apperr.NotFound()
		}
		q = q.Where("group_name = ?", g)
	}
	var c Cursist
	if err := q.First(&c).Error; err != nil {
		return Cursist{}, fmt.Errorf("people: load cursist %d for status: %w", cid, err)
	}
	return c, nil
}

// StatusHistory returns cursist cid's status changes, latest first.
func StatusHistory(ctx context.Context, d *db.DB, sc Scope, pid, cid int64) ([]StatusChange, error) {
	if _, err := CursistForStatus(ctx, d, sc, pid, cid); err != nil {
		return nil, err
	}
	var out []StatusChange
	if err := d.Q(ctx).Where("cursist_id = ? AND partnership_id = ?", cid, pid).Order("effective_on DESC, id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("people: status history of cursist %d: %w", cid, err)
	}
	var ids []int64
	for _, c := range out {
		if c.SetBy != nil {
			ids = append(ids, *c.SetBy)
		}
	}
	if len(ids) > 0 {
		var users []User
		if err := d.Q(ctx).Select("id, name").Where("id IN ?", ids).Find(&users).Error; err != nil {
			return nil, fmt.Errorf("people: status history of cursist %d: %w", cid, err)
		}
		names := map[int64]string{}
		for _, u := range users {
			names[u.ID] = u.Name
		}
		for i, c := range out {
			if c.SetBy != nil {
				out[i].SetByName = names[*c.SetBy]
			}
		}
	}
	return out, nil
}

// SetCursistStatus records a status change of cursist cid. The cursist's current
// status becomes the change with the latest effective date, so a change entered late
// with an earlier date joins the history without overruling a newer one.
func SetCursistStatus(ctx context.Context, d *db.DB, sc Scope, pid, cid int64, in StatusInput, now time.Time) (Cursist, error) {
	c, err := CursistForStatus(ctx, d, sc, pid, cid)
	if err != nil {
		return Cursist{}, err
	}
	day, err := in.validate(now)
	if err != nil {
		return Cursist{}, err
	}
	uid := sc.UserID
	ch := StatusChange{PartnershipID: pid, CursistID: cid, Status: in.Status, Detail: in.detail(), EffectiveOn: day, SetBy: &uid, CreatedAt: now.UTC()}
	err = d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Create(&ch).Error; err != nil {
			return err
		}
		var cur StatusChange
		if err := tx.Q(ctx).Where("cursist_id = ?", cid).Order("effective_on DESC, id DESC").First(&cur).Error; err != nil {
			return err
		}
		since := cur.EffectiveOn
		c.Status, c.StatusDetail, c.StatusSince = cur.Status, cur.Detail, &since
		if err := tx.Q(ctx).Model(&Cursist{}).Where("id = ? AND partnership_id = ?", cid, pid).
			Updates(map[string]any{"status": cur.Status, "status_detail": cur.Detail, "status_since": since}).Error; err != nil {
			return err
		}
		return auditCursist(ctx, tx, sc, pid, AuditCursistChanged, c.Code, in.IP, now)
	})
	if err != nil {
		return Cursist{}, fmt.Errorf("people: set status of cursist %d: %w", cid, err)
	}
	return c, nil
}

// StatusCount is how many cursists have one current status (and detail).
type StatusCount struct {
	Status string
	Detail string
	Count  int64
}

// CountByStatus counts partnership pid's cursists (of group, when not empty) by current
// status, in the order of CursistStatuses and their details. The caller has checked
// that the reader belongs to the partnership.
func CountByStatus(ctx context.Context, d *db.DB, pid int64, group string) ([]StatusCount, error) {
	q := d.Q(ctx).Model(&Cursist{}).Select("status, status_detail AS detail, COUNT(*) AS count").Where("partnership_id = ?", pid)
	if group != "" {
		q = q.Where("group_name = ?", group)
	}
	var out []StatusCount
	if err := q.Group("status, status_detail").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("people: count cursists of %d by status: %w", pid, err)
	}
	SortStatuses(out, func(c StatusCount) (string, string) { return c.Status, c.Detail })
	return out, nil
}

// StatusRank orders a status and detail as a training's course does; unknown values
// (and "" for "no cursist known") come last.
func StatusRank(status, detail string) int {
	i := slices.Index(CursistStatuses, status)
	if i < 0 {
		return 1 << 20
	}
	j := slices.Index(StatusDetails(status), detail)
	return i*100 + j + 1
}

// SortStatuses sorts rows by StatusRank of what key returns.
func SortStatuses[T any](rows []T, key func(T) (string, string)) {
	slices.SortStableFunc(rows, func(a, b T) int {
		sa, da := key(a)
		sb, db := key(b)
		return StatusRank(sa, da) - StatusRank(sb, db)
	})
}

// CurrentStatuses returns the current status of every cursist of the partnerships, by
// cursist id (for exports). The caller has scoped pids to the reader.
func CurrentStatuses(ctx context.Context, d *db.DB, pids []int64) (map[int64]StatusCount, error) {
	out := map[int64]StatusCount{}
	if len(pids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID     int64
		Status string
		Detail string
	}
	if err := d.Q(ctx).Model(&Cursist{}).Select("id, status, status_detail AS detail").Where("partnership_id IN ?", pids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("people: current statuses: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = StatusCount{Status: r.Status, Detail: r.Detail}
	}
	return out, nil
}
