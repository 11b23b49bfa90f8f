package server

import "net/http"

// registerMarkers adds the routes of the markers domain.
func (s *Server) registerMarkers() {
	g, p := http.MethodGet, http.MethodPost
	s.handle(g, "/markers", LoggedIn, s.markersList)
	s.handle(g, "/markers/partners/new", LoggedIn, s.markersPartnerNew)
	s.handle(p, "/markers/partners", LoggedIn, s.markersPartnerCreate)
	s.handle(g, "/markers/partners/:id", LoggedIn, s.markersPartnerPage)
	s.handle(p, "/markers/partners/:id", LoggedIn, s.markersPartnerUpdate)
	s.handle(g, "/markers/partners/:id/edit", LoggedIn, s.markersPartnerEdit)
	s.handle(p, "/markers/partners/:id/markers", LoggedIn, s.markersMarkerAdd)
	s.handle(g, "/markers/partners/:id/matrix", LoggedIn, s.markersMatrix)
	s.handle(g, "/markers/partners/:id/journals/:period", LoggedIn, s.markersJournal)
	s.handle(p, "/markers/partners/:id/journals/:period", LoggedIn, s.markersJournalSave)
	s.handle(g, "/markers/markers/:id", LoggedIn, s.markersMarkerPage)
	s.handle(p, "/markers/markers/:id", LoggedIn, s.markersMarkerUpdate)
	s.handle(p, "/markers/markers/:id/retire", LoggedIn, s.markersMarkerRetire)
	s.handle(p, "/markers/markers/:id/move", LoggedIn, s.markersMarkerMove)
	s.handle(p, "/markers/markers/:id/outcomes", LoggedIn, s.markersOutcomeLink)
	s.handle(p, "/markers/markers/:id/outcomes/:outcome/delete", LoggedIn, s.markersOutcomeUnlink)
	s.handle(g, "/markers/periods", LoggedIn, s.markersPeriods)
	s.handle(p, "/markers/periods", LoggedIn, s.markersPeriodCreate)
	s.handle(g, "/markers/periods/:id/edit", LoggedIn, s.markersPeriodEdit)
	s.handle(p, "/markers/periods/:id", LoggedIn, s.markersPeriodUpdate)
	// The partnership's own journals per period: strategy and performance.
	s.handle(g, "/markers/periods/:id/journals/:kind", LoggedIn, s.markersOMJournal)
	s.handle(p, "/markers/periods/:id/journals/:kind", LoggedIn, s.markersOMJournalSave)
	s.handle(p, "/markers/periods/:id/journals/:kind/adjustment", LoggedIn, s.markersOMJournalAdjust)
	s.handle(g, "/markers/overview", LoggedIn, s.markersOverview)
	s.handle(g, "/markers/export", LoggedIn, s.markersExport)

	// Marker surveys: sent from a journal, answered by partner staff at /m/:code
	// (the long join code is the capability), decided on the journal page.
	s.handle(p, "/markers/partners/:id/journals/:period/surveys", LoggedIn, s.markersSurveyCreate)
	s.handle(p, "/markers/proposals/:id/accept", LoggedIn, s.markersProposalAccept)
	s.handle(p, "/markers/proposals/:id/reject", LoggedIn, s.markersProposalReject)
	s.handle(g, "/m/:code", Public, s.markersSurveyAnswer)
	s.handle(p, "/m/:code", Public, s.markersSurveySubmit)

	s.handle(g, "/api/v1/boundary-partners", LoggedIn, s.apiBoundaryPartners)
	s.handle(g, "/api/v1/boundary-partners/:id", LoggedIn, s.apiBoundaryPartner)
	s.handle(g, "/api/v1/periods", LoggedIn, s.apiPeriods)
	s.handle(g, "/api/v1/journals", LoggedIn, s.apiJournals)
}
