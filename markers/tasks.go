package markers

import (
	"context"
	"fmt"

	"oogst/db"
	"oogst/people"
)

// ProposalTask is a journal with partner proposals waiting for a coordinator's decision.
type ProposalTask struct {
	PartnershipID     int64
	BoundaryPartnerID int64
	Partner           string
	PeriodID          int64
	Period            string
	Pending           int
}

// PendingProposals lists, per journal, the partner proposals nobody decided on yet, in
// the partnerships where the caller decides them (coordinators).
func PendingProposals(ctx context.Context, d *db.DB, sc people.Scope) ([]ProposalTask, error) {
	var pids []int64
	for _, id := range sc.PartnershipIDs() {
		if canManage(sc, id) {
			pids = append(pids, id)
		}
	}
	out := []ProposalTask{}
	if len(pids) == 0 {
		return out, nil
	}
	err := d.Q(ctx).Table("marker_proposals pr").
		Select("pr.partnership_id, pr.boundary_partner_id, bp.name AS partner, pr.period_id, p.label AS period, COUNT(*) AS pending").
		Joins("JOIN boundary_partners bp ON bp.id = pr.boundary_partner_id").
		Joins("JOIN monitoring_periods p ON p.id = pr.period_id").
		Where("pr.partnership_id IN ? AND pr.status = ?", pids, Pending).
		Group("pr.partnership_id, pr.boundary_partner_id, bp.name, pr.period_id, p.label, p.starts_on").
		Order("p.starts_on, bp.name").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("markers: pending proposals: %w", err)
	}
	return out, nil
}

// Recorder reports whether the caller fills in journals of partnership pid.
func Recorder(sc people.Scope, pid int64) bool { return canRecord(sc, pid) }
