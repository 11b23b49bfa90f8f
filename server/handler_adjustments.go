package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
)

type adjustmentData struct {
	A      harvest.Adjustment
	Form   adjustmentForm
	IDs    string // linked outcome numbers as typed
	Owners []harvest.OwnerOption
	Blocks []string
	Close  string // the status being chosen when the result was missing
	Errors map[string]string
	// Version is what the form was started from; Conflict is set when someone else
	// saved meanwhile (the form keeps what was typed, the box shows theirs).
	Version  string
	Conflict bool
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// adjustmentPage edits an adjustment and closes it with its result.
func (s *Server) adjustmentPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderAdjustment(c, http.StatusOK, id, adjustmentForm{}, nil, "")
}

func (s *Server) renderAdjustment(c echo.Context, status int, id int64, typed adjustmentForm, errs map[string]string, closing string) error {
	ctx := c.Request().Context()
	a, err := harvest.GetAdjustment(ctx, s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	owners, err := harvest.AdjustmentOwners(ctx, s.db, scopeOf(c), a.PartnershipID)
	if err != nil {
		return err
	}
	d := &adjustmentData{A: a, Owners: owners, Blocks: harvest.Blocks, Errors: errs, Close: closing, IDs: joinIDs(a.OutcomeIDs),
		Version: c.FormValue("version"), Conflict: status == http.StatusConflict}
	if d.Version == "" || d.Conflict {
		d.Version = a.Version()
	}
	if typed == (adjustmentForm{}) {
		d.Form = adjustmentForm{Description: a.Description, Owner: a.Owner, Block: a.Block}
		if a.OwnerOrganisationID != nil {
			d.Form.OwnerOrg, d.Form.Owner = *a.OwnerOrganisationID, ""
		}
		if a.DueOn != nil {
			d.Form.DueOn = a.DueOn.Format(time.DateOnly)
		}
	} else {
		d.Form = typed
		d.IDs = c.FormValue("outcomes")
	}
	v := s.view(c, "meeting2.adjustment.title", d)
	if status != http.StatusOK {
		v.Path = "/adjustments/" + strconv.FormatInt(id, 10)
	}
	return s.render(c, status, "harvest_adjustment", v)
}

// adjustmentEdit saves an edited adjustment.
func (s *Server) adjustmentEdit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	typed := adjustmentForm{Description: c.FormValue("description"), Owner: c.FormValue("owner"), Block: c.FormValue("block"),
		DueOn: strings.TrimSpace(c.FormValue("due_on"))}
	in := harvest.AdjustmentInput{Description: typed.Description, Owner: typed.Owner, Block: typed.Block, OwnerOrganisationID: ownerOrg(c),
		Seen: c.FormValue("version")}
	if in.OwnerOrganisationID != nil {
		typed.OwnerOrg = *in.OwnerOrganisationID
	}
	in.DueOn, err = formDate("due_on", typed.DueOn)
	var ids []int64
	if err == nil {
		ids, err = harvest.ParseIDList("outcomes", c.FormValue("outcomes"))
	}
	if err == nil {
		in.OutcomeIDs = ids
		_, err = harvest.UpdateAdjustment(c.Request().Context(), s.db, scopeOf(c), id, in)
	}
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.renderAdjustment(c, http.StatusUnprocessableEntity, id, typed, fields, "")
	}
	if msg, ok := asConflict(err); ok {
		return s.renderAdjustment(c, http.StatusConflict, id, typed, map[string]string{"version": message(s.loc(c), msg)}, "")
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.meeting.adjustment_saved"))
	return c.Redirect(http.StatusSeeOther, "/adjustments/"+strconv.FormatInt(id, 10))
}

// adjustmentStatus marks an adjustment done, dropped or open again.
func (s *Server) adjustmentStatus(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	status := c.FormValue("status")
	if _, err := harvest.SetAdjustmentStatus(c.Request().Context(), s.db, scopeOf(c), id, status, c.FormValue("result"), s.now()); err != nil {
		// Closing asks for the result: without one, the adjustment's page asks for it.
		if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
			return s.renderAdjustment(c, http.StatusUnprocessableEntity, id, adjustmentForm{}, fields, status)
		}
		return err
	}
	s.flash(c, s.loc(c).T("harvest.meeting.adjustment_saved"))
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next"), "/meetings"))
}
