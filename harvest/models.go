// Package harvest turns cursists' reflections (and staff's other sources) into outcomes,
// lets partners review and code them, aggregates them for steering meetings and records
// the adjustments (bijsturing) those meetings decide.
//
// Who may do what: coordinators and partners of a partnership review, code and edit its
// outcomes; a mentor sees the outcomes of their own group read-only (they know the
// cursists, but coding is the partnership's analysis); anyone else gets "not found".
// Admins who are no member see aggregates only, never a story.
package harvest

import (
	"strings"
	"time"
)

// Status is where an outcome is in the review workflow.
type Status string

const (
	StatusNew           Status = "new"
	StatusCoded         Status = "coded"
	StatusSubstantiated Status = "substantiated"
	StatusUsed          Status = "used" // used in analysis
	StatusExcluded      Status = "excluded"
)

// Statuses lists the workflow states in order.
var Statuses = []Status{StatusNew, StatusCoded, StatusSubstantiated, StatusUsed, StatusExcluded}

// transitions are the allowed status moves. Excluding always needs a reason; an
// excluded outcome can be reopened as new.
var transitions = map[Status][]Status{
	StatusNew:           {StatusCoded, StatusExcluded},
	StatusCoded:         {StatusNew, StatusSubstantiated, StatusUsed, StatusExcluded},
	StatusSubstantiated: {StatusCoded, StatusUsed, StatusExcluded},
	StatusUsed:          {StatusCoded, StatusSubstantiated, StatusExcluded},
	StatusExcluded:      {StatusNew},
}

// Next lists the statuses an outcome in s may move to.
func (s Status) Next() []Status { return transitions[s] }

// CanMoveTo reports whether s → t is allowed.
func (s Status) CanMoveTo(t Status) bool {
	for _, x := range transitions[s] {
		if x == t {
			return true
		}
	}
	return false
}

// Signs, building blocks, change types, significance levels and sources are closed lists.
var (
	Signs         = []string{"positive", "negative", "both"}
	Blocks        = []string{"partnership", "outreach", "guidance", "training", "workplace", "aftercare"}
	ChangeTypes   = []string{"behaviour", "relationship", "action", "practice", "policy"}
	Intentions    = []string{"intended", "unintended"}
	Significances = []string{"high", "medium", "low"}
	// Sources: "reflection" comes from the survey engine; staff record the others.
	Sources      = []string{"reflection", "interview", "meeting", "document", "observation", "demo"}
	OtherSources = []string{"interview", "meeting", "document", "observation"}
	// CodeLanguages are the languages a code has a name in.
	CodeLanguages = []string{"nl", "fr", "en"}
	// Actors are who changed (the social actor); ContributionStrengths how much the
	// project contributed to it, in the steering group's judgement.
	Actors                = []string{"cursist", "workplace", "training_provider", "job_coach", "family", "other"}
	ContributionStrengths = []string{"none", "partial", "substantial"}
)

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

// Outcome is one harvested change.
type Outcome struct {
	ID                   int64     `gorm:"primaryKey" json:"id"`
	PartnershipID        int64     `json:"partnership_id"`
	ResponseID           *int64    `gorm:"uniqueIndex" json:"response_id,omitempty"`
	RoundID              *int64    `json:"round_id,omitempty"`
	RoundTitle           string    `json:"round_title"`
	CursistID            *int64    `json:"cursist_id,omitempty"`
	GroupName            string    `json:"group"`
	Language             string    `json:"language"`
	ChangeText           string    `json:"change"`
	SignificanceText     string    `json:"significance"`
	Sign                 string    `json:"sign"`
	ContributionText     string    `json:"contribution"`
	SummaryNL            string    `gorm:"column:summary_nl" json:"summary_nl"`
	ChangeType           string    `json:"change_type"`
	Intended             string    `json:"intended"`
	ReviewerSignificance string    `json:"reviewer_significance"`
	Status               Status    `json:"status"`
	ExcludeReason        string    `json:"exclude_reason,omitempty"`
	Source               string    `json:"source"`
	SourceDetail         string    `json:"source_detail,omitempty"`
	VoiceAttachmentIDs   string    `json:"-"` // comma-separated attachment ids
	SubmittedAt          time.Time `json:"submitted_at"`
	CreatedBy            *int64    `json:"-"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
	Version              int64     `gorm:"default:1" json:"version"` // raised by one on every save
	// Actor is who changed (Actors), ContributionStrength how much the project
	// contributed (ContributionStrengths), SignificanceNote the steering group's own note
	// on why the change matters; all three set by staff ("" = not said yet).
	Actor                string `json:"actor"`
	ContributionStrength string `json:"contribution_strength"`
	SignificanceNote     string `json:"significance_note"`

	Blocks []string `gorm:"-" json:"blocks"`
	Codes  []Code   `gorm:"-" json:"codes"`
	// Barriers are the barrier categories the change was made against.
	Barriers []Barrier `gorm:"-" json:"barriers"`
	// Translations of the story into the partnership's working languages.
	Translations []Translation `gorm:"-" json:"translations"`
}

// Voices returns the voice attachment ids.
func (o Outcome) Voices() []int64 { return splitIDs(o.VoiceAttachmentIDs) }

// Block links an outcome to a building block it names as contribution.
type Block struct {
	OutcomeID int64  `gorm:"primaryKey"`
	Block     string `gorm:"primaryKey"`
}

func (Block) TableName() string { return "outcome_blocks" }

// Code is a coding category of the first dimension (outcome_codes).
type Code struct{ Category }

func (Code) TableName() string { return "outcome_codes" }

// CodeLink attaches a code to an outcome.
type CodeLink struct {
	OutcomeID int64 `gorm:"primaryKey"`
	CodeID    int64 `gorm:"primaryKey"`
}

func (CodeLink) TableName() string { return "outcome_code_links" }

// HistoryEntry is one recorded change of an outcome.
type HistoryEntry struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	OutcomeID int64     `json:"-"`
	UserID    *int64    `json:"user_id,omitempty"`
	At        time.Time `json:"at"`
	Field     string    `json:"field"`
	OldValue  string    `json:"old"`
	NewValue  string    `json:"new"`
}

func (HistoryEntry) TableName() string { return "outcome_history" }

// Meeting is a steering meeting of a partnership.
type Meeting struct {
	ID            int64     `gorm:"primaryKey" json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	Title         string    `json:"title"`
	HeldAt        time.Time `json:"held_at"`
	Participants  string    `json:"participants"`
	CreatedBy     *int64    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
	// ClosedAt is set when the meeting is closed; Snapshot then holds its record.
	ClosedAt *time.Time `json:"closed_at,omitempty"`
	Snapshot string     `json:"-"`
}

// Closed reports whether the meeting's record is frozen.
func (m Meeting) Closed() bool { return m.ClosedAt != nil }

// MeetingOutcome is an outcome on a meeting's agenda, with the meeting's notes on it.
type MeetingOutcome struct {
	MeetingID int64 `gorm:"primaryKey"`
	OutcomeID int64 `gorm:"primaryKey"`
	Position  int
	Notes     string
}

// Adjustment is a change to the programme (bijsturing) decided in a meeting.
type Adjustment struct {
	ID            int64      `gorm:"primaryKey" json:"id"`
	PartnershipID int64      `json:"partnership_id"`
	MeetingID     *int64     `json:"meeting_id,omitempty"`
	Description   string     `json:"description"`
	Owner         string     `json:"owner"`
	Block         string     `json:"block"`
	DueOn         *time.Time `json:"due_on,omitempty"`
	Status        string     `json:"status"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	// OwnerOrganisationID names a partner organisation as owner; Owner then holds its
	// name as it was, so a frozen report keeps it.
	OwnerOrganisationID *int64     `json:"owner_organisation_id,omitempty"`
	ResultNote          string     `json:"result_note"`
	ClosedOn            *time.Time `json:"closed_on,omitempty"`
	RemindedDue         *time.Time `json:"-"`

	OutcomeIDs []int64 `gorm:"-" json:"outcome_ids"`
	// Overdue is computed when loaded: open and past its due date.
	Overdue bool `gorm:"-" json:"overdue"`
}

// AdjustmentStatuses are the states of an adjustment.
var AdjustmentStatuses = []string{"open", "done", "dropped"}

// AdjustmentOutcome links an adjustment to an outcome that prompted it.
type AdjustmentOutcome struct {
	AdjustmentID int64 `gorm:"primaryKey"`
	OutcomeID    int64 `gorm:"primaryKey"`
}

// Models lists the GORM models of this package, for the schema test.
func Models() []any {
	return []any{&Outcome{}, &Block{}, &Code{}, &CodeLink{}, &HistoryEntry{}, &Meeting{}, &MeetingOutcome{}, &Adjustment{}, &AdjustmentOutcome{}, &Substantiation{}, &WorkingLanguages{}, &Translation{}, &TranslationJob{}, &TranslationStatus{}, &Transcript{}, &TranscriptionJob{}, &SavedView{}, &Barrier{}, &BarrierLink{}}
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		var n int64
		for _, ch := range strings.TrimSpace(p) {
			if ch < '0' || ch > '9' {
				n = -1
				break
			}
			n = n*10 + int64(ch-'0')
		}
		if n > 0 {
			out = append(out, n)
		}
	}
	return out
}
