package harvest

import (
	"sort"

	"gorm.io/gorm"

	"oogst/people"
)

// canReview reports whether the caller reviews and codes outcomes of partnership pid.
func canReview(sc people.Scope, pid int64) bool {
	return sc.Allows(pid, people.RoleCoordinator, people.RolePartner)
}

// CanReview is canReview for templates and handlers that show or hide edit controls.
func CanReview(sc people.Scope, pid int64) bool { return canReview(sc, pid) }

// reviewerPartnerships are the partnerships where the caller reviews.
func reviewerPartnerships(sc people.Scope) []int64 {
	var out []int64
	for _, id := range sc.PartnershipIDs() {
		if canReview(sc, id) {
			out = append(out, id)
		}
	}
	return out
}

// visible restricts an outcomes query (table alias "outcomes") to what the caller may
// read: every outcome of a partnership they review, and their own group's outcomes
// where they are a mentor. Admins without membership see nothing here.
func visible(q *gorm.DB, sc people.Scope) *gorm.DB {
	rev := reviewerPartnerships(sc)
	var mentorPIDs []int64
	for pid := range sc.MentorGroups {
		if sc.Allows(pid, people.RoleMentor) && sc.MentorGroups[pid] != "" {
			mentorPIDs = append(mentorPIDs, pid)
		}
	}
	sort.Slice(mentorPIDs, func(i, j int) bool { return mentorPIDs[i] < mentorPIDs[j] })
	if len(rev) == 0 && len(mentorPIDs) == 0 {
		return q.Where("1 = 0")
	}
	cond := q.Session(&gorm.Session{NewDB: true})
	var or *gorm.DB
	if len(rev) > 0 {
		or = cond.Where("outcomes.partnership_id IN ?", rev)
	}
	for _, pid := range mentorPIDs {
		c := cond.Where("outcomes.partnership_id = ? AND outcomes.group_name = ?", pid, sc.MentorGroups[pid])
		if or == nil {
			or = c
		} else {
			or = or.Or(c)
		}
	}
	return q.Where(or)
}

// Reviewer reports whether the caller reviews outcomes in any partnership (for menus).
func Reviewer(sc people.Scope) bool { return len(reviewerPartnerships(sc)) > 0 }
