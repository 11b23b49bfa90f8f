package people

import (
	"context"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"oogst/db"
)

// Scope is what one caller may see: the partnerships they belong to and their role in
// each. The server derives it from the session or API token and passes it as a value to
// every domain query; it never comes from a request parameter.
type Scope struct {
	UserID       int64
	IsAdmin      bool
	Roles        map[int64]Role   // partnership id → role
	MentorGroups map[int64]string // partnership id → a mentor's own group
}

// PartnershipIDs returns the partnerships of the scope in ascending order.
func (s Scope) PartnershipIDs() []int64 {
	ids := make([]int64, 0, len(s.Roles))
	for id := range s.Roles {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// Member reports whether the caller belongs to partnership id.
func (s Scope) Member(id int64) bool {
	_, ok := s.Roles[id]
	return ok
}

// Role returns the caller's role in partnership id.
func (s Scope) Role(id int64) (Role, bool) {
	r, ok := s.Roles[id]
	return r, ok
}

// Allows reports whether the caller holds one of roles in partnership id.
func (s Scope) Allows(id int64, roles ...Role) bool {
	r, ok := s.Roles[id]
	if !ok {
		return false
	}
	for _, x := range roles {
		if r == x {
			return true
		}
	}
	return false
}

// Where restricts a query to rows whose column (a partnership id) is in the scope. With
// no partnerships it matches nothing, so a forgotten membership never widens a query.
func (s Scope) Where(q *gorm.DB, column string) *gorm.DB {
	ids := s.PartnershipIDs()
	if len(ids) == 0 {
		return q.Where("1 = 0")
	}
	return q.Where(column+" IN ?", ids)
}

// LoadScope reads the memberships of a user into a Scope.
func LoadScope(ctx context.Context, d *db.DB, userID int64) (Scope, error) {
	var u User
	if err := d.Q(ctx).First(&u, userID).Error; err != nil {
		return Scope{}, fmt.Errorf("people: load scope of user %d: %w", userID, err)
	}
	var ms []Membership
	if err := d.Q(ctx).Where("user_id = ?", userID).Find(&ms).Error; err != nil {
		return Scope{}, fmt.Errorf("people: load memberships of user %d: %w", userID, err)
	}
	s := Scope{UserID: userID, IsAdmin: u.IsAdmin, Roles: map[int64]Role{}, MentorGroups: map[int64]string{}}
	for _, m := range ms {
		s.Roles[m.PartnershipID] = m.Role
		if m.Role == RoleMentor {
			s.MentorGroups[m.PartnershipID] = m.GroupName
		}
	}
	return s, nil
}
