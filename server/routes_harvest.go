package server

import "net/http"

// registerHarvest adds the routes of the harvest domain.
func (s *Server) registerHarvest() {
	// Review inbox and outcomes.
	s.handle(http.MethodGet, "/outcomes", LoggedIn, s.outcomesInbox)
	s.handle(http.MethodPost, "/outcomes/bulk", LoggedIn, s.outcomesBulk)
	s.handle(http.MethodGet, "/outcomes/new", LoggedIn, s.outcomeNew)
	s.handle(http.MethodGet, "/outcomes/observe", LoggedIn, s.outcomeObserve)
	s.handle(http.MethodPost, "/outcomes/observe", LoggedIn, s.outcomeObserveSave)
	s.handle(http.MethodPost, "/outcomes", LoggedIn, s.outcomeCreate)
	s.handle(http.MethodGet, "/outcomes/:id", LoggedIn, s.outcomeDetail)
	s.handle(http.MethodPost, "/outcomes/:id", LoggedIn, s.outcomeSave)
	// Substantiation by independent people through a personal link (no account).
	s.handle(http.MethodPost, "/outcomes/:id/substantiations", LoggedIn, s.substantiationRequest)
	s.handle(http.MethodGet, "/substantiate/:token", Public, s.substantiatePage)
	s.handle(http.MethodPost, "/substantiate/:token", Public, s.substantiateAnswer)
	// Codes.
	s.handle(http.MethodGet, "/partnerships/:id/codes", LoggedIn, s.codesPage)
	s.handle(http.MethodPost, "/partnerships/:id/codes", LoggedIn, s.codeAdd)
	s.handle(http.MethodPost, "/codes/:id", LoggedIn, s.codeUpdate)
	// Barriers, the second coding dimension, managed like codes.
	s.handle(http.MethodGet, "/partnerships/:id/barriers", LoggedIn, s.barriersPage)
	s.handle(http.MethodPost, "/partnerships/:id/barriers", LoggedIn, s.barrierAdd)
	s.handle(http.MethodPost, "/barriers/:id", LoggedIn, s.barrierUpdate)
	// Learning: dashboards.
	s.handle(http.MethodGet, "/partnerships/:id/dashboard", LoggedIn, s.harvestDashboard)
	s.handle(http.MethodGet, "/partnerships/:id/analysis", LoggedIn, s.harvestAnalysis)
	s.handle(http.MethodGet, "/compare", LoggedIn, s.harvestCompare)
	// Steering meetings.
	s.handle(http.MethodGet, "/meetings", LoggedIn, s.meetingsPage)
	s.handle(http.MethodPost, "/meetings", LoggedIn, s.meetingCreate)
	s.handle(http.MethodGet, "/meetings/:id", LoggedIn, s.meetingMode)
	s.handle(http.MethodGet, "/meetings/:id/report", LoggedIn, s.meetingReport)
	s.handle(http.MethodGet, "/meetings/:id/report.pdf", LoggedIn, s.meetingReportPDF)
	s.handle(http.MethodPost, "/meetings/:id/notes", LoggedIn, s.meetingNote)
	s.handle(http.MethodPost, "/meetings/:id/adjustments", LoggedIn, s.meetingAdjustment)
	s.handle(http.MethodPost, "/adjustments/:id", LoggedIn, s.adjustmentStatus)
	s.handle(http.MethodGet, "/meetings/:id/agenda", LoggedIn, s.meetingAgenda)
	s.handle(http.MethodPost, "/meetings/:id/agenda", LoggedIn, s.meetingAgendaEdit)
	s.handle(http.MethodPost, "/meetings/:id/close", LoggedIn, s.meetingClose)
	s.handle(http.MethodGet, "/adjustments/:id", LoggedIn, s.adjustmentPage)
	s.handle(http.MethodPost, "/adjustments/:id/edit", LoggedIn, s.adjustmentEdit)
	s.handle(http.MethodPost, "/outcomes/:id/next-meeting", LoggedIn, s.outcomeNextMeeting)
	// JSON API.
	s.handle(http.MethodGet, "/api/v1/outcomes", LoggedIn, s.apiOutcomes)
	s.handle(http.MethodGet, "/api/v1/outcomes/export.csv", LoggedIn, s.exportOutcomes("csv"))
	s.handle(http.MethodGet, "/api/v1/outcomes/export.xlsx", LoggedIn, s.exportOutcomes("xlsx"))
	s.handle(http.MethodGet, "/api/v1/outcomes/:id", LoggedIn, s.apiOutcome)
	s.handle(http.MethodPatch, "/api/v1/outcomes/:id", LoggedIn, s.apiOutcomePatch)
	s.handle(http.MethodGet, "/api/v1/partnerships/:id/aggregates", LoggedIn, s.apiAggregates)
	s.handle(http.MethodGet, "/api/v1/partnerships/:id/aggregates.csv", LoggedIn, s.exportAggregates("csv"))
	s.handle(http.MethodGet, "/api/v1/partnerships/:id/aggregates.xlsx", LoggedIn, s.exportAggregates("xlsx"))
}
