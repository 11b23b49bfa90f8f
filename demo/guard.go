package demo

import (
	"context"
	"fmt"

	"oogst/db"
	"oogst/people"
)

// RealUsers counts accounts that the demo did not make (every demo login ends in
// ".demo"): demo data, with its published password, must not land next to them.
func RealUsers(ctx context.Context, d *db.DB) (int64, error) {
	var n int64
	if err := d.Q(ctx).Model(&people.User{}).Where("email NOT LIKE ?", "%.demo").Count(&n).Error; err != nil {
		return 0, fmt.Errorf("demo: count real users: %w", err)
	}
	return n, nil
}
