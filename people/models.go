// Package people holds partnerships, organisations, staff users with their roles,
// cursists, API tokens and the audit log: who may see what in Oogst.
package people

import "time"

// Role is a staff member's role within one partnership.
type Role string

const (
	RoleCoordinator Role = "coordinator"
	RolePartner     Role = "partner"
	RoleMentor      Role = "mentor"
)

// Roles lists every partnership role, most powerful first.
var Roles = []Role{RoleCoordinator, RolePartner, RoleMentor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// OrgKind is what an organisation does in a partnership.
type OrgKind string

const (
	OrgTrainingProvider   OrgKind = "training_provider"
	OrgChildcareOrganiser OrgKind = "childcare_organiser"
	OrgSupportPartner     OrgKind = "support_partner"
	OrgEmploymentService  OrgKind = "employment_service"
	OrgLocalAuthority     OrgKind = "local_authority"
	OrgOther              OrgKind = "other"
)

// OrgKinds lists every organisation kind.
var OrgKinds = []OrgKind{OrgTrainingProvider, OrgChildcareOrganiser, OrgSupportPartner, OrgEmploymentService, OrgLocalAuthority, OrgOther}

// Partnership is a local samenwerkingsverband.
type Partnership struct {
	ID         int64      `gorm:"primaryKey" json:"id"`
	Name       string     `json:"name"`
	Region     string     `json:"region"`
	Languages  string     `json:"languages"` // comma-separated language tags
	ActiveFrom *time.Time `gorm:"type:date" json:"active_from,omitempty"`
	ActiveTo   *time.Time `gorm:"type:date" json:"active_to,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Organisation is a training provider, childcare organiser or other partner.
type Organisation struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	Name      string    `json:"name"`
	Kind      OrgKind   `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
}

// PartnershipOrganisation links an organisation to a partnership it belongs to.
type PartnershipOrganisation struct {
	PartnershipID  int64 `gorm:"primaryKey"`
	OrganisationID int64 `gorm:"primaryKey"`
}

// User is a staff member (or platform admin) who logs in.
type User struct {
	ID                int64      `gorm:"primaryKey" json:"id"`
	Name              string     `json:"name"`
	Email             string     `json:"email"`
	PreferredLanguage string     `json:"preferred_language"`
	PasswordHash      string     `json:"-"`
	IsAdmin           bool       `json:"is_admin"`
	Active            bool       `json:"active"`
	CreatedAt         time.Time  `json:"created_at"`
	LastLoginAt       *time.Time `json:"last_login_at,omitempty"`
}

// Membership gives a user one role in one partnership.
type Membership struct {
	UserID         int64 `gorm:"primaryKey"`
	PartnershipID  int64 `gorm:"primaryKey"`
	Role           Role
	OrganisationID *int64
	GroupName      string // a mentor's own group of cursists
	CreatedAt      time.Time
}

// Cursist is a pseudonymous participant of one partnership. No e-mail, national
// number or birth date is ever stored.
type Cursist struct {
	ID                int64      `gorm:"primaryKey" json:"id"`
	PartnershipID     int64      `json:"partnership_id"`
	Code              string     `json:"code"`
	FirstName         string     `json:"first_name,omitempty"`
	DisplayNameNative string     `json:"display_name_native,omitempty"` // the first name in her own script
	PreferredLanguage string     `json:"preferred_language"`
	GroupName         string     `json:"group"`
	ConsentAt         *time.Time `json:"consent_at,omitempty"`
	ConsentVersion    string     `json:"consent_version,omitempty"`
	Active            bool       `json:"active"`
	FormID            *string    `json:"-"` // the add form's one-time id (double submissions)
	// The current status (see cursist_status.go); cursist_statuses keeps the history.
	Status       string     `gorm:"default:in_training" json:"status"`
	StatusDetail string     `json:"status_detail,omitempty"`
	StatusSince  *time.Time `gorm:"type:date" json:"status_since,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

// APIToken is a personal token; only its hash is stored.
type APIToken struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     int64
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Invitation is a one-time link to set a password (new user or reset).
type Invitation struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	TokenHash string
	Purpose   string
	CreatedBy *int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// AuditEntry is one security event.
type AuditEntry struct {
	ID            int64 `gorm:"primaryKey"`
	At            time.Time
	PartnershipID *int64
	UserID        *int64
	Action        string
	Detail        string
	IP            string `gorm:"column:ip"`
}

func (AuditEntry) TableName() string { return "audit_log" }

// AttemptCounter counts the attempts of one rate-limit key in its current window
// (Unix milliseconds); see ratelimit.go, which reads and writes it in plain SQL.
type AttemptCounter struct {
	Key         string `gorm:"primaryKey"`
	Count       int
	WindowStart int64
	LastAt      int64
}

// Models lists the GORM models of this package, for the schema test.
func Models() []any {
	return []any{&Partnership{}, &Organisation{}, &PartnershipOrganisation{}, &User{}, &Membership{}, &Cursist{}, &StatusChange{}, &APIToken{}, &Invitation{}, &AuditEntry{}, &AttemptCounter{}}
}
