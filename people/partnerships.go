package people

import (
	"context"
	"fmt"

	"oogst/db"
)

// PartnershipWithRole is a partnership as one member sees it.
type PartnershipWithRole struct {
	Partnership
	Role Role `json:"role"`
}

// Partnerships lists the partnerships in the caller's scope, by name.
func Partnerships(ctx context.Context, d *db.DB, sc Scope) ([]PartnershipWithRole, error) {
	var ps []Partnership
	q := sc.Where(d.Q(ctx).Model(&Partnership{}), "id")
	if err := q.Order("name").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("people: list partnerships: %w", err)
	}
	out := make([]PartnershipWithRole, len(ps))
	for i, p := range ps {
		out[i] = PartnershipWithRole{Partnership: p, Role: sc.Roles[p.ID]}
	}
	return out, nil
}
