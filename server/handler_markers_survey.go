package server

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/markers"
)

// The coordinator's side of a marker survey: send a journal's markers as a
// self-assessment, then accept (maybe edited) or reject the answers.

// markersSurveyCreate: POST /markers/partners/:id/journals/:period/surveys (closes_on
// optional, default markers.SurveyDays from now).
func (s *Server) markersSurveyCreate(c echo.Context) error {
	bpID, periodID, err := journalIDs(c)
	if err != nil {
		return err
	}
	now := s.now()
	closes := now.AddDate(0, 0, markers.SurveyDays)
	if v := c.FormValue("closes_on"); v != "" {
		day, perr := time.Parse("2006-01-02", v)
		if perr != nil {
			s.flash(c, s.loc(c).T("markersurvey.error.closes_on"))
			return c.Redirect(http.StatusSeeOther, journalURL(bpID, periodID))
		}
		closes = day.AddDate(0, 0, 1) // the whole day included
	}
	tr := func(id, lang string, kv ...any) string { return s.bundle.Localizer(lang).T(id, kv...) }
	_, err = markers.CreateSurvey(c.Request().Context(), s.db, scopeOf(c), bpID, periodID, tr, closes, now)
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		// Only the closing day can be wrong here (the form itself is generated).
		for _, msg := range fe {
			s.flash(c, msg)
			break
		}
		return c.Redirect(http.StatusSeeOther, journalURL(bpID, periodID))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markersurvey.created"))
	return c.Redirect(http.StatusSeeOther, journalURL(bpID, periodID)+"#self-assessment")
}

// markersProposalAccept: POST /markers/proposals/:id/accept (rating, text: the
// proposal's values as shown, maybe edited).
func (s *Server) markersProposalAccept(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.acceptProposal(c, id, c.FormValue("rating"), c.FormValue("text"))
}

// acceptProposal takes a proposal over into its journal and goes back to the marker.
func (s *Server) acceptProposal(c echo.Context, id int64, rating, text string) error {
	l := s.loc(c)
	in := markers.AcceptInput{Rating: rating, Text: text,
		Source: func(org string) string { return l.T("markersurvey.source", "Organisation", org) }}
	pr, err := markers.AcceptProposal(c.Request().Context(), s.db, scopeOf(c), id, in, s.now())
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		for _, msg := range fe {
			s.flash(c, msg)
			break
		}
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s#marker-%d", journalURL(pr.BoundaryPartnerID, pr.PeriodID), pr.MarkerID))
	}
	if err != nil {
		return err
	}
	s.flash(c, l.T("markersurvey.accepted"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s#marker-%d", journalURL(pr.BoundaryPartnerID, pr.PeriodID), pr.MarkerID))
}

// markersProposalReject: POST /markers/proposals/:id/reject.
func (s *Server) markersProposalReject(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.rejectProposal(c, id)
}

func (s *Server) rejectProposal(c echo.Context, id int64) error {
	pr, err := markers.RejectProposal(c.Request().Context(), s.db, scopeOf(c), id, s.now())
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markersurvey.rejected"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s#marker-%d", journalURL(pr.BoundaryPartnerID, pr.PeriodID), pr.MarkerID))
}

func journalURL(bpID, periodID int64) string {
	return fmt.Sprintf("/markers/partners/%d/journals/%d", bpID, periodID)
}

// proposalView is one proposal on the journal page.
type proposalView struct {
	ID                           int64
	Rating, Text, Respondent     string
	Organisation, Date           string
	Status                       markers.ProposalStatus
	AcceptedRating, AcceptedText string
	DecidedBy, DecidedAt         string
}

// surveyView is one marker survey sent for the journal.
type surveyView struct {
	RoundID      int64
	Link         string
	Organisation string
	ClosesOn     string
	Open         bool
	Responses    int
}

// journalSurveys is the self-assessment part of the journal page.
type journalSurveys struct {
	Surveys       []surveyView
	CanDecide     bool
	CanSend       bool
	Pending       int
	DefaultCloses string
}

// attachSurveys adds the journal's marker surveys and proposals to the page: pending
// proposals and decided ones (the history) next to their marker.
func (s *Server) attachSurveys(c echo.Context, bpID, periodID int64, d *journalPageData) error {
	js, err := markers.LoadJournalSurveys(c.Request().Context(), s.db, scopeOf(c), bpID, periodID)
	if err != nil {
		return err
	}
	now := s.now()
	d.Self = journalSurveys{CanDecide: js.CanDecide, CanSend: js.CanDecide, DefaultCloses: now.AddDate(0, 0, markers.SurveyDays).Format("2006-01-02")}
	orgs := map[int64]string{}
	for _, sv := range js.Surveys {
		orgs[sv.ID] = sv.Organisation
		d.Self.Surveys = append(d.Self.Surveys, surveyView{RoundID: sv.RoundID, Link: strings.TrimRight(s.opt.BaseURL, "/") + "/m/" + sv.Code,
			Organisation: sv.Organisation, ClosesOn: s.loc(c).Date(sv.ClosesAt.AddDate(0, 0, -1)), Open: now.Before(sv.ClosesAt), Responses: js.Responses[sv.ID]})
	}
	byMarker := map[int64][]markers.Proposal{}
	for _, p := range js.Proposals {
		byMarker[p.MarkerID] = append(byMarker[p.MarkerID], p)
	}
	for i := range d.Levels {
		for j := range d.Levels[i].Rows {
			row := &d.Levels[i].Rows[j]
			for _, p := range byMarker[row.Marker.ID] {
				pv := proposalView{ID: p.ID, Rating: string(p.Rating), Text: p.Text, Respondent: p.Respondent, Organisation: orgs[p.SurveyID],
					Date: s.loc(c).Date(p.CreatedAt), Status: p.Status, AcceptedRating: p.AcceptedRating, AcceptedText: p.AcceptedText}
				if p.DecidedBy != nil {
					pv.DecidedBy = js.Names[*p.DecidedBy]
				}
				if p.DecidedAt != nil {
					pv.DecidedAt = s.loc(c).Date(p.DecidedAt)
				}
				if p.Status == markers.Pending {
					row.Proposals = append(row.Proposals, pv)
					d.Self.Pending++
				} else {
					row.History = append(row.History, pv)
				}
			}
		}
	}
	return nil
}
