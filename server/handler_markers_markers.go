package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/markers"
)

// outcomeChoice is one outcome offered in the marker's link picker: its number and
// enough text to recognise it.
type outcomeChoice struct {
	ID   int64
	Text string
}

// outcomeChoices lists the newest outcomes of the partnership (the only ones a marker
// may link to), so the coordinator picks by text rather than by a number from memory.
func (s *Server) outcomeChoices(c echo.Context, partnershipID int64) ([]outcomeChoice, error) {
	page, err := harvest.List(c.Request().Context(), s.db, scopeOf(c), harvest.Filter{PartnershipID: partnershipID, PerPage: 200})
	if err != nil {
		return nil, err
	}
	out := make([]outcomeChoice, 0, len(page.Items))
	for _, o := range page.Items {
		text := o.SummaryNL
		if text == "" {
			text = o.ChangeText
		}
		if r := []rune(text); len(r) > 90 {
			text = string(r[:90]) + "…"
		}
		out = append(out, outcomeChoice{ID: o.ID, Text: text})
	}
	return out, nil
}

type markerPageData struct {
	Partner   markers.BoundaryPartner
	Marker    markers.Marker
	Text      string
	Form      markers.MarkerInput
	History   []markers.Revision
	Names     map[int64]string // revision → who made it
	Timeline  []markers.TimelineItem
	Outcomes  []markers.OutcomeLink
	OutcomeID string
	Choices   []outcomeChoice // the partnership's outcomes, for the link picker
	AllLevels []markers.Level
	AllForms  []markers.Form
	CanManage bool
	Errors    map[string]string
	Stale     bool          // the save was refused: someone else saved first
	Conflict  *conflictView // both versions, when Stale
}

// markersMarkerPage shows one marker: its wording (editable), history, the timeline of
// observations with evidence, and the harvested outcomes that support it.
func (s *Server) markersMarkerPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderMarkerPage(c, id, http.StatusOK, nil)
}

func (s *Server) renderMarkerPage(c echo.Context, id int64, status int, d *markerPageData) error {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	m, bp, err := markers.GetMarker(ctx, s.db, sc, id)
	if err != nil {
		return err
	}
	if d == nil {
		d = &markerPageData{Form: markers.MarkerInput{Level: m.Level, Form: m.Form, Text: m.Text()}}
	}
	d.Partner, d.Marker, d.Text, d.CanManage = bp, m, markerText(c, s, m), isCoordinator(c, bp.PartnershipID)

	d.AllLevels, d.AllForms = markers.Levels, markers.Forms
	if d.History, err = markers.History(ctx, s.db, sc, id); err != nil {
		return err
	}
	if d.Timeline, err = markers.Timeline(ctx, s.db, sc, id); err != nil {
		return err
	}
	if d.Outcomes, err = markers.OutcomeLinks(ctx, s.db, sc, id); err != nil {
		return err
	}
	if d.CanManage {
		if d.Choices, err = s.outcomeChoices(c, m.PartnershipID); err != nil {
			return err
		}
	}
	var uids []int64
	for _, r := range d.History {
		if r.ChangedBy != nil {
			uids = append(uids, *r.ChangedBy)
		}
	}
	names, err := markers.UserNames(ctx, s.db, sc, m.PartnershipID, uids)
	if err != nil {
		return err
	}
	d.Names = map[int64]string{}
	for _, r := range d.History {
		if r.ChangedBy != nil {
			d.Names[r.ID] = names[*r.ChangedBy]
		}
	}
	if d.Stale {
		d.Conflict = markerConflict(s.loc(c), m, d)
	}
	return s.render(c, status, "markers_marker", s.view(c, "markers.marker.title", d))
}

// markersMarkerUpdate saves a new wording or level.
func (s *Server) markersMarkerUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := readMarkerInput(c)
	in.Version = formVersion(c.FormValue("version"))
	_, err = markers.EditMarker(c.Request().Context(), s.db, scopeOf(c), id, in)
	if apperr.IsStale(err) {
		return s.renderMarkerPage(c, id, http.StatusConflict, &markerPageData{Form: in, Stale: true})
	}
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.renderMarkerPage(c, id, http.StatusUnprocessableEntity, &markerPageData{Form: in, Errors: fe})
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markers.saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/markers/%d", id))
}

// markersMarkerRetire takes a marker out of use.
func (s *Server) markersMarkerRetire(c echo.Context) error {
	m, err := byPathID(s, c, "id", markers.RetireMarker)
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markers.marker.retired"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/partners/%d", m.BoundaryPartnerID))
}

// markersMarkerMove moves a marker one place up or down within its level.
func (s *Server) markersMarkerMove(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := markers.MoveMarker(ctx, s.db, scopeOf(c), id, c.FormValue("dir") == "up"); err != nil {
		return err
	}
	m, _, err := markers.GetMarker(ctx, s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/partners/%d#level-%s", m.BoundaryPartnerID, m.Level))
}

// markersOutcomeLink links a harvested outcome (by number) to the marker.
func (s *Server) markersOutcomeLink(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	raw := c.FormValue("outcome_id")
	oid, _ := strconv.ParseInt(raw, 10, 64)
	err = markers.LinkOutcome(c.Request().Context(), s.db, scopeOf(c), id, oid)
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		m, _, gerr := markers.GetMarker(c.Request().Context(), s.db, scopeOf(c), id)
		if gerr != nil {
			return gerr
		}
		return s.renderMarkerPage(c, id, http.StatusUnprocessableEntity, &markerPageData{Form: markers.MarkerInput{Level: m.Level, Text: m.Text()}, OutcomeID: raw, Errors: fe})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/markers/%d#outcomes", id))
}

// markersOutcomeUnlink removes an outcome link.
func (s *Server) markersOutcomeUnlink(c echo.Context) error {
	id, oid, err := pathIDs(c, "id", "outcome")
	if err != nil {
		return err
	}
	if err := markers.UnlinkOutcome(c.Request().Context(), s.db, scopeOf(c), id, oid); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/markers/%d#outcomes", id))
}
