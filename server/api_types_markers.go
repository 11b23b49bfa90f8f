package server

import (
	"time"

	"oogst/markers"
)

// The markers part of the API's answers (see api_types_people.go).

// apiText is a wording per language; nl is the source.
type apiText struct {
	NL string `json:"nl"`
	FR string `json:"fr"`
	EN string `json:"en"`
}

// apiMarker is a progress marker with its wording in every language.
type apiMarker struct {
	ID                int64         `json:"id"`
	BoundaryPartnerID int64         `json:"boundary_partner_id"`
	Level             markers.Level `json:"level"`
	CollaborationForm markers.Form  `json:"collaboration_form,omitempty" enum:"referring,information,aligning,interprofessional" doc:"the form of collaboration between partners the marker shows (practice model, figure 5); absent when not said"`
	Position          int           `json:"position"`
	RetiredAt         *time.Time    `json:"retired_at,omitempty" doc:"set when the marker is no longer in use"`
	CreatedAt         time.Time     `json:"created_at"`
	UpdatedAt         time.Time     `json:"updated_at"`
	Version           int64         `json:"version" doc:"raised by one on every save; send it back to have a stale save refused"`
	Text              apiText       `json:"text" doc:"wording per language; nl is the source"`
}

func (apiMarker) apiName() string { return "ProgressMarker" }

func toAPIMarker(m markers.Marker) apiMarker {
	t := m.Text()
	return apiMarker{ID: m.ID, BoundaryPartnerID: m.BoundaryPartnerID, Level: m.Level, CollaborationForm: m.Form, Position: m.Position, RetiredAt: m.RetiredAt,
		CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt, Version: m.Version, Text: apiText{NL: t["nl"], FR: t["fr"], EN: t["en"]}}
}

// apiBoundaryPartner is a boundary partner with its markers (retired ones included,
// with retired_at set).
type apiBoundaryPartner struct {
	ID               int64       `json:"id"`
	PartnershipID    int64       `json:"partnership_id"`
	OrganisationID   *int64      `json:"organisation_id,omitempty"`
	Name             string      `json:"name"`
	OutcomeChallenge string      `json:"outcome_challenge"`
	CreatedAt        time.Time   `json:"created_at"`
	UpdatedAt        time.Time   `json:"updated_at"`
	Markers          []apiMarker `json:"markers"`
}

func (apiBoundaryPartner) apiName() string { return "BoundaryPartner" }

func toAPIBoundaryPartner(bp markers.BoundaryPartner, ms []markers.Marker) apiBoundaryPartner {
	out := mapList(ms, toAPIMarker)
	if out == nil {
		out = []apiMarker{}
	}
	return apiBoundaryPartner{ID: bp.ID, PartnershipID: bp.PartnershipID, OrganisationID: bp.OrganisationID, Name: bp.Name,
		OutcomeChallenge: bp.OutcomeChallenge, CreatedAt: bp.CreatedAt, UpdatedAt: bp.UpdatedAt, Markers: out}
}

// apiPeriod is a monitoring period.
type apiPeriod struct {
	ID            int64     `json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	Label         string    `json:"label"`
	StartsOn      time.Time `json:"starts_on"`
	EndsOn        time.Time `json:"ends_on" doc:"the end day is included"`
	CreatedAt     time.Time `json:"created_at"`
}

func (apiPeriod) apiName() string { return "MonitoringPeriod" }

func toAPIPeriod(p markers.Period) apiPeriod { return apiPeriod(p) }

// apiJournal is a saved outcome journal with its observations per marker.
type apiJournal struct {
	ID                int64             `json:"id"`
	PartnershipID     int64             `json:"partnership_id"`
	BoundaryPartnerID int64             `json:"boundary_partner_id"`
	PeriodID          int64             `json:"period_id"`
	Unanticipated     string            `json:"unanticipated_changes"`
	Lessons           string            `json:"lessons"`
	ProgrammeChanges  string            `json:"programme_changes"`
	UpdatedBy         *int64            `json:"updated_by,omitempty"`
	CreatedAt         time.Time         `json:"created_at"`
	UpdatedAt         time.Time         `json:"updated_at"`
	Version           int64             `json:"version" doc:"raised by one on every save; send it back to have a stale save refused"`
	Entries           []apiJournalEntry `json:"entries"`
}

func (apiJournal) apiName() string { return "OutcomeJournal" }

// apiJournalEntry is what was observed of one marker in one journal.
type apiJournalEntry struct {
	ID          int64          `json:"id"`
	JournalID   int64          `json:"journal_id"`
	MarkerID    int64          `json:"marker_id"`
	Rating      markers.Rating `json:"rating"`
	Description string         `json:"description"`
	Evidence    string         `json:"evidence"`
	Factors     string         `json:"contributing_factors"`
	RecordedBy  *int64         `json:"recorded_by,omitempty"`
	RecordedAt  time.Time      `json:"recorded_at"`
}

func (apiJournalEntry) apiName() string { return "JournalEntry" }

func toAPIJournal(j markers.JournalSummary) apiJournal {
	return apiJournal{ID: j.ID, PartnershipID: j.PartnershipID, BoundaryPartnerID: j.BoundaryPartnerID, PeriodID: j.PeriodID,
		Unanticipated: j.Unanticipated, Lessons: j.Lessons, ProgrammeChanges: j.ProgrammeChanges, UpdatedBy: j.UpdatedBy,
		CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt, Version: j.Version,
		Entries: mapList(j.Entries, func(e markers.Entry) apiJournalEntry { return apiJournalEntry(e) })}
}
