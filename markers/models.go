// Package markers implements Outcome Mapping's progress markers: boundary partners of a
// partnership, their expect/like/love-to-see markers, monitoring periods and outcome
// journals, and the progress matrix built from them.
//
// Who may do what (decided here, enforced in every function through the caller's
// people.Scope):
//   - coordinators manage everything: boundary partners, markers, periods, journals,
//     outcome links;
//   - partners read everything of their partnership and may record observations: they
//     fill in outcome journals (ratings, evidence and the journal's reflections), but do
//     not change boundary partners, markers or periods (403);
//   - mentors work with cursists, not with the organisations around them: the markers
//     area does not exist for them (404), as for everyone outside the partnership.
package markers

import (
	"time"

	"oogst/locale"
	"oogst/people"
)

// Level is how ambitious a marker is.
type Level string

const (
	Expect Level = "expect"
	Like   Level = "like"
	Love   Level = "love"
)

// Levels lists the levels from least to most ambitious.
var Levels = []Level{Expect, Like, Love}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == Expect || l == Like || l == Love }

// Rating is how far a marker was observed in a period.
type Rating string

const (
	NotObserved Rating = "not_observed"
	Low         Rating = "low"
	Medium      Rating = "medium"
	High        Rating = "high"
)

// Ratings lists the ratings from none to most.
var Ratings = []Rating{NotObserved, Low, Medium, High}

// Valid reports whether r is a known rating.
func (r Rating) Valid() bool {
	for _, x := range Ratings {
		if r == x {
			return true
		}
	}
	return false
}

// Reached reports whether the rating counts as "reached" in the matrix (medium or higher).
func (r Rating) Reached() bool { return r == Medium || r == High }

// BoundaryPartner is an actor whose behaviour the partnership hopes to influence.
type BoundaryPartner struct {
	ID               int64     `gorm:"primaryKey" json:"id"`
	PartnershipID    int64     `json:"partnership_id"`
	OrganisationID   *int64    `json:"organisation_id,omitempty"`
	Name             string    `json:"name"`
	OutcomeChallenge string    `json:"outcome_challenge"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Marker is one progress marker of a boundary partner.
type Marker struct {
	ID                int64      `gorm:"primaryKey" json:"id"`
	PartnershipID     int64      `json:"-"`
	BoundaryPartnerID int64      `json:"boundary_partner_id"`
	Level             Level      `json:"level"`
	Form              Form       `gorm:"column:collaboration_form" json:"collaboration_form"`
	Position          int        `json:"position"`
	TextNL            string     `gorm:"column:text_nl" json:"-"`
	TextFR            string     `gorm:"column:text_fr" json:"-"`
	TextEN            string     `gorm:"column:text_en" json:"-"`
	RetiredAt         *time.Time `json:"retired_at,omitempty"`
	RetiredBy         *int64     `json:"-"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
	Version           int64      `gorm:"default:1" json:"version"` // raised by one on every edit
}

func (Marker) TableName() string { return "progress_markers" }

// Text returns the marker's wording.
func (m Marker) Text() locale.Text { return locale.StaffText(m.TextNL, m.TextFR, m.TextEN) }

// Retired reports whether the marker is no longer in use.
func (m Marker) Retired() bool { return m.RetiredAt != nil }

// Revision is one version of a marker's wording (the first one is its creation).
type Revision struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	MarkerID  int64     `json:"marker_id"`
	Level     Level     `json:"level"`
	TextNL    string    `gorm:"column:text_nl" json:"text_nl"`
	TextFR    string    `gorm:"column:text_fr" json:"text_fr"`
	TextEN    string    `gorm:"column:text_en" json:"text_en"`
	ChangedBy *int64    `json:"changed_by,omitempty"`
	ChangedAt time.Time `json:"changed_at"`
}

func (Revision) TableName() string { return "progress_marker_revisions" }

// Period is a monitoring period of a partnership (a quarter, a semester…). Start and
// end are whole days, stored as UTC midnight; the end day is included.
type Period struct {
	ID            int64     `gorm:"primaryKey" json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	Label         string    `json:"label"`
	StartsOn      time.Time `json:"starts_on"`
	EndsOn        time.Time `json:"ends_on"`
	CreatedAt     time.Time `json:"created_at"`
}

func (Period) TableName() string { return "monitoring_periods" }

// Journal is the outcome journal of one boundary partner for one period.
type Journal struct {
	ID                int64     `gorm:"primaryKey" json:"id"`
	PartnershipID     int64     `json:"partnership_id"`
	BoundaryPartnerID int64     `json:"boundary_partner_id"`
	PeriodID          int64     `json:"period_id"`
	Unanticipated     string    `json:"unanticipated_changes"`
	Lessons           string    `json:"lessons"`
	ProgrammeChanges  string    `json:"programme_changes"`
	UpdatedBy         *int64    `json:"updated_by,omitempty"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	Version           int64     `gorm:"default:1" json:"version"` // raised by one on every save
}

func (Journal) TableName() string { return "outcome_journals" }

// Entry is what was observed of one marker in one journal.
type Entry struct {
	ID          int64     `gorm:"primaryKey" json:"id"`
	JournalID   int64     `json:"journal_id"`
	MarkerID    int64     `json:"marker_id"`
	Rating      Rating    `json:"rating"`
	Description string    `json:"description"`
	Evidence    string    `json:"evidence"`
	Factors     string    `json:"contributing_factors"`
	RecordedBy  *int64    `json:"recorded_by,omitempty"`
	RecordedAt  time.Time `json:"recorded_at"`
}

func (Entry) TableName() string { return "journal_entries" }

// OutcomeLink says a harvested outcome supports a marker.
type OutcomeLink struct {
	MarkerID      int64     `gorm:"primaryKey" json:"marker_id"`
	OutcomeID     int64     `gorm:"primaryKey" json:"outcome_id"`
	PartnershipID int64     `json:"-"`
	CreatedBy     *int64    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
}

func (OutcomeLink) TableName() string { return "marker_outcome_links" }

// Models lists the GORM models of this package, for the schema test.
func Models() []any {
	return []any{&BoundaryPartner{}, &Marker{}, &Revision{}, &Period{}, &Journal{}, &Entry{}, &OutcomeLink{}, &Survey{}, &Proposal{}, &PartnershipJournal{}, &JournalItem{}}
}

// readable reports whether the caller may see partnership pid's markers area.
func readable(sc people.Scope, pid int64) bool {
	return sc.Allows(pid, people.RoleCoordinator, people.RolePartner)
}

// readableIDs lists the partnerships whose markers area the caller may see.
func readableIDs(sc people.Scope) []int64 {
	var out []int64
	for _, id := range sc.PartnershipIDs() {
		if readable(sc, id) {
			out = append(out, id)
		}
	}
	return out
}

// canManage: coordinators set up boundary partners, markers and periods.
func canManage(sc people.Scope, pid int64) bool { return sc.Allows(pid, people.RoleCoordinator) }

// canRecord: coordinators and partners fill in journals.
func canRecord(sc people.Scope, pid int64) bool {
	return sc.Allows(pid, people.RoleCoordinator, people.RolePartner)
}
