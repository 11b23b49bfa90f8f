// Package survey holds forms (versioned question lists with translations), rounds a
// coordinator opens for a group, the cursists' responses and their voice attachments.
// Responses to a reflection form are handed to a ReflectionSink (harvest) in the same
// transaction.
package survey

import "time"

// Kind of form: a reflection form feeds outcome harvesting; a custom form does not.
type Kind string

const (
	KindReflection Kind = "reflection"
	KindCustom     Kind = "custom"
)

// Form is a partnership's form, or a built-in form (PartnershipID nil) that every
// partnership may use. Draft is the editable definition as JSON.
type Form struct {
	ID            int64 `gorm:"primaryKey"`
	PartnershipID *int64
	Builtin       string
	Kind          Kind
	Name          string
	Draft         string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	EditVersion   int64  `gorm:"default:1"` // raised by one on every change of the draft
	UpdatedBy     *int64 // who changed the draft last
}

func (Form) TableName() string { return "survey_forms" }

// FormVersion is a published, frozen definition.
type FormVersion struct {
	ID          int64 `gorm:"primaryKey"`
	FormID      int64
	Version     int
	Definition  string
	PublishedAt time.Time
	PublishedBy *int64
}

func (FormVersion) TableName() string { return "survey_form_versions" }

// TranslationCheck records that a coordinator confirmed a form's texts in a language.
type TranslationCheck struct {
	FormID    int64  `gorm:"primaryKey"`
	Language  string `gorm:"primaryKey"`
	CheckedBy *int64
	CheckedAt time.Time
}

func (TranslationCheck) TableName() string { return "survey_translation_checks" }

// Prompt is a recorded audio prompt for one question in one language.
type Prompt struct {
	ID         int64 `gorm:"primaryKey"`
	FormID     int64
	QuestionID string
	Language   string
	FileName   string
	Mime       string
	Size       int64
	CreatedAt  time.Time
}

func (Prompt) TableName() string { return "survey_prompts" }

// Round is one harvest moment: a published form version for a group, with a join code.
type Round struct {
	ID               int64 `gorm:"primaryKey"`
	PartnershipID    int64
	FormID           int64
	FormVersionID    int64
	Title            string
	GroupName        string
	Code             string
	OpensAt          time.Time
	ClosesAt         *time.Time
	ClosedAt         *time.Time
	AnonymousAllowed bool
	// ForStaff: the round is answered by staff of a partner organisation (a marker
	// survey), not by cursists; it lists no cursists and takes no cursist codes.
	ForStaff bool
	// IdleSeconds is how long a tablet waits without a touch before it asks "are you
	// still there?" and then forgets the draft (set in minutes on the round form).
	IdleSeconds int `gorm:"default:180"`
	// IdentifyMode is how a cursist says who she is on the tablet (IdentifyList,
	// IdentifyCode or IdentifyAnonymous).
	IdentifyMode string `gorm:"default:list"`
	// FollowUpMonths: a follow-up round, opened this many months after its group's
	// training ended; it reaches every cursist of the group, whatever her status.
	FollowUpMonths *int
	CreatedBy      *int64
	CreatedAt      time.Time
}

func (Round) TableName() string { return "survey_rounds" }

// ClosedSince is when the round stopped taking answers (closed by hand or by its
// closing time), nil while it has not.
func (r Round) ClosedSince(now time.Time) *time.Time {
	var at *time.Time
	if r.ClosedAt != nil {
		at = r.ClosedAt
	}
	if r.ClosesAt != nil && !now.UTC().Before(*r.ClosesAt) && (at == nil || r.ClosesAt.Before(*at)) {
		at = r.ClosesAt
	}
	return at
}

// IsOpen reports whether the round takes answers at now.
func (r Round) IsOpen(now time.Time) bool {
	now = now.UTC()
	if r.ClosedAt != nil || now.Before(r.OpensAt) {
		return false
	}
	return r.ClosesAt == nil || now.Before(*r.ClosesAt)
}

// Attachment is an uploaded voice answer; ClientID is the tablet's UUID.
type Attachment struct {
	ID            int64 `gorm:"primaryKey"`
	ClientID      string
	RoundID       int64
	PartnershipID int64
	FileName      string
	Mime          string
	Size          int64
	CreatedAt     time.Time
}

func (Attachment) TableName() string { return "survey_attachments" }

// Response is one cursist's submitted answers (JSON object question id → value).
type Response struct {
	ID             int64 `gorm:"primaryKey"`
	ClientID       string
	RoundID        int64
	PartnershipID  int64
	FormVersionID  int64
	CursistID      *int64
	Language       string
	Answers        string
	ConsentVersion string
	SubmittedAt    time.Time
	CreatedAt      time.Time
	PurgedAt       *time.Time
	// Late: received after the round closed (within LateGrace, begun while it was open),
	// or accepted by a coordinator (AcceptedBy) from the undeliverable list.
	Late       bool
	AcceptedBy *int64
}

func (Response) TableName() string { return "survey_responses" }

// Models lists the GORM models of this package, for the schema test.
func Models() []any {
	return []any{&Form{}, &FormVersion{}, &TranslationCheck{}, &Prompt{}, &Round{}, &Attachment{}, &Response{}, &ConsentText{}, &Undeliverable{}, &ServerSecret{}}
}
