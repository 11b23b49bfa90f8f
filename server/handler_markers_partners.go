package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/locale"
	"oogst/markers"
	"oogst/people"
)

type markersListData struct {
	Partnership  people.PartnershipWithRole
	Partnerships []people.PartnershipWithRole
	Partners     []markers.BoundaryPartner
	OrgNames     map[int64]string // boundary partner → its organisation's name
	Counts       map[int64]int    // boundary partner → active markers
	CanManage    bool
}

// markersList shows the boundary partners of one partnership.
func (s *Server) markersList(c echo.Context) error {
	ctx := c.Request().Context()
	p, all, err := s.markersPartnership(c)
	if err != nil {
		return err
	}
	sc := scopeOf(c)
	bps, err := markers.Partners(ctx, s.db, sc, p.ID)
	if err != nil {
		return err
	}
	orgs, err := markers.Organisations(ctx, s.db, sc, p.ID)
	if err != nil {
		return err
	}
	data := &markersListData{Partnership: p, Partnerships: all, Partners: bps, OrgNames: map[int64]string{}, Counts: map[int64]int{}, CanManage: isCoordinator(c, p.ID)}
	orgName := map[int64]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	for _, bp := range bps {
		if bp.OrganisationID != nil {
			data.OrgNames[bp.ID] = orgName[*bp.OrganisationID]
		}
		ms, err := markers.Markers(ctx, s.db, sc, bp.ID, false)
		if err != nil {
			return err
		}
		data.Counts[bp.ID] = len(ms)
	}
	return s.render(c, http.StatusOK, "markers_partners", s.view(c, "markers.partners.title", data))
}

type exampleGroup struct {
	FormID   string
	Examples []exampleItem
}

type exampleItem struct {
	Key, Text string
	Level     markers.Level
	Checked   bool
}

type partnerFormData struct {
	Partnership   people.Partnership
	PartnerID     int64 // 0 when creating
	Name          string
	Organisation  int64
	Challenge     string
	Organisations []people.Organisation
	Examples      []exampleGroup
	Errors        map[string]string
}

func examplesFor(l *locale.Localizer, chosen []string) []exampleGroup {
	picked := map[string]bool{}
	for _, k := range chosen {
		picked[k] = true
	}
	lang := l.Lang
	var out []exampleGroup
	for _, e := range markers.ExampleMarkers {
		if len(out) == 0 || out[len(out)-1].FormID != e.FormID {
			out = append(out, exampleGroup{FormID: e.FormID})
		}
		g := &out[len(out)-1]
		g.Examples = append(g.Examples, exampleItem{Key: e.Key, Text: e.Text.In(lang), Level: e.Level, Checked: picked[e.Key]})
	}
	return out
}

func (s *Server) partnerForm(c echo.Context, status int, d *partnerFormData) error {
	orgs, err := markers.Organisations(c.Request().Context(), s.db, scopeOf(c), d.Partnership.ID)
	if err != nil {
		return err
	}
	d.Organisations = orgs
	title := "markers.partner.new_title"
	if d.PartnerID != 0 {
		title = "markers.partner.edit_title"
	}
	return s.render(c, status, "markers_partner_form", s.view(c, title, d))
}

// markersPartnerNew shows the form for a new boundary partner with the example markers.
func (s *Server) markersPartnerNew(c echo.Context) error {
	p, _, err := s.markersPartnership(c)
	if err != nil {
		return err
	}
	if !isCoordinator(c, p.ID) {
		return errForbidden()
	}
	return s.partnerForm(c, http.StatusOK, &partnerFormData{Partnership: p.Partnership, Examples: examplesFor(s.loc(c), nil)})
}

func readPartnerInput(c echo.Context) markers.PartnerInput {
	in := markers.PartnerInput{Name: c.FormValue("name"), OutcomeChallenge: c.FormValue("outcome_challenge")}
	if id, err := strconv.ParseInt(c.FormValue("organisation_id"), 10, 64); err == nil && id > 0 {
		in.OrganisationID = &id
	}
	if f, err := c.FormParams(); err == nil {
		in.Examples = f["example"]
	}
	return in
}

// markersPartnerCreate stores a new boundary partner.
func (s *Server) markersPartnerCreate(c echo.Context) error {
	pid, err := strconv.ParseInt(c.FormValue("partnership_id"), 10, 64)
	if err != nil {
		return errNotFound()
	}
	in := readPartnerInput(c)
	in.PartnershipID = pid
	bp, err := markers.CreatePartner(c.Request().Context(), s.db, scopeOf(c), in)
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		ps, _ := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
		d := &partnerFormData{Name: in.Name, Challenge: in.OutcomeChallenge, Examples: examplesFor(s.loc(c), in.Examples), Errors: fe}
		for _, p := range ps {
			if p.ID == pid {
				d.Partnership = p.Partnership
			}
		}
		if in.OrganisationID != nil {
			d.Organisation = *in.OrganisationID
		}
		return s.partnerForm(c, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markers.partner.created", "Name", bp.Name))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/partners/%d", bp.ID))
}

// markersPartnerEdit shows the edit form.
func (s *Server) markersPartnerEdit(c echo.Context) error {
	bp, err := byPathID(s, c, "id", markers.Partner)
	if err != nil {
		return err
	}
	if !isCoordinator(c, bp.PartnershipID) {
		return errForbidden()
	}
	d := &partnerFormData{Partnership: people.Partnership{ID: bp.PartnershipID}, PartnerID: bp.ID, Name: bp.Name, Challenge: bp.OutcomeChallenge}
	if bp.OrganisationID != nil {
		d.Organisation = *bp.OrganisationID
	}
	return s.partnerForm(c, http.StatusOK, d)
}

// markersPartnerUpdate saves the edit form.
func (s *Server) markersPartnerUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := readPartnerInput(c)
	bp, err := markers.UpdatePartner(c.Request().Context(), s.db, scopeOf(c), id, in)
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		d := &partnerFormData{Partnership: people.Partnership{ID: bp.PartnershipID}, PartnerID: id, Name: in.Name, Challenge: in.OutcomeChallenge, Errors: fe}
		if in.OrganisationID != nil {
			d.Organisation = *in.OrganisationID
		}
		return s.partnerForm(c, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markers.saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/partners/%d", bp.ID))
}

type markerItem struct {
	Marker      markers.Marker
	Text        string
	First, Last bool
}

type levelGroup struct {
	Level   markers.Level
	Markers []markerItem
}

type partnerPageData struct {
	Partner      markers.BoundaryPartner
	Organisation string
	Levels       []levelGroup
	Retired      []markerItem
	Periods      []markers.Period
	CanManage    bool
	CanRecord    bool
	NewLevel     string
	NewForm      markers.Form
	AllLevels    []markers.Level
	AllForms     []markers.Form
	Ladder       ladderView
	NewText      locale.Text
	Errors       map[string]string
}

// markersPartnerPage is the markers editor of one boundary partner.
func (s *Server) markersPartnerPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderPartnerPage(c, id, http.StatusOK, &partnerPageData{NewLevel: string(markers.Expect)})
}

func (s *Server) renderPartnerPage(c echo.Context, id int64, status int, d *partnerPageData) error {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	bp, err := markers.Partner(ctx, s.db, sc, id)
	if err != nil {
		return err
	}
	ms, err := markers.Markers(ctx, s.db, sc, id, true)
	if err != nil {
		return err
	}
	ps, err := markers.Periods(ctx, s.db, sc, bp.PartnershipID)
	if err != nil {
		return err
	}
	d.Partner, d.Periods, d.AllLevels, d.AllForms = bp, ps, markers.Levels, markers.Forms
	lad, err := markers.BuildLadder(ctx, s.db, sc, id)
	if err != nil {
		return err
	}
	d.Ladder = newLadderView(bp, lad)
	d.CanManage = isCoordinator(c, bp.PartnershipID)
	d.CanRecord = true // everyone who sees the page may fill in journals
	if bp.OrganisationID != nil {
		orgs, err := markers.Organisations(ctx, s.db, sc, bp.PartnershipID)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if o.ID == *bp.OrganisationID {
				d.Organisation = o.Name
			}
		}
	}
	for _, l := range markers.Levels {
		g := levelGroup{Level: l}
		for _, m := range ms {
			if m.Level == l && !m.Retired() {
				g.Markers = append(g.Markers, markerItem{Marker: m, Text: markerText(c, s, m)})
			}
		}
		if n := len(g.Markers); n > 0 {
			g.Markers[0].First, g.Markers[n-1].Last = true, true
		}
		d.Levels = append(d.Levels, g)
	}
	for _, m := range ms {
		if m.Retired() {
			d.Retired = append(d.Retired, markerItem{Marker: m, Text: markerText(c, s, m)})
		}
	}
	return s.render(c, status, "markers_partner", s.view(c, "markers.partner.title", d))
}

// markersMarkerAdd adds a marker from the form under a level.
func (s *Server) markersMarkerAdd(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := readMarkerInput(c)
	_, err = markers.AddMarker(c.Request().Context(), s.db, scopeOf(c), id, in)
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.renderPartnerPage(c, id, http.StatusUnprocessableEntity, &partnerPageData{NewLevel: string(in.Level), NewForm: in.Form, NewText: in.Text, Errors: fe})
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markers.marker.added"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/partners/%d#level-%s", id, strings.ToLower(string(in.Level))))
}
