package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
	"oogst/markers"
)

type omJournalData struct {
	markers.PartnershipJournalView
	Kind    string
	Errors  map[string]string
	Stale   bool // someone else saved meanwhile: the form shows what this person typed
	Version int64
}

// omJournalPath is the page of a period's strategy or performance journal.
func omJournalPath(periodID int64, kind string) string {
	return fmt.Sprintf("/markers/periods/%d/journals/%s", periodID, kind)
}

// markersOMJournal shows a period's strategy or performance journal.
func (s *Server) markersOMJournal(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := markers.LoadPartnershipJournal(c.Request().Context(), s.db, scopeOf(c), id, c.Param("kind"))
	if err != nil {
		return err
	}
	d := &omJournalData{PartnershipJournalView: v, Kind: c.Param("kind"), Version: v.Journal.Version}
	return s.render(c, http.StatusOK, "markers_omjournal", s.view(c, "omjournal.title."+d.Kind, d))
}

// markersOMJournalSave stores the journal; on an error or a newer save by someone else
// the form comes back with everything typed.
func (s *Server) markersOMJournalSave(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := c.FormParams(); err != nil {
		return err
	}
	ctx, kind := c.Request().Context(), c.Param("kind")
	in := markers.PartnershipJournalInput{Lessons: c.FormValue("lessons"), ProgrammeChanges: c.FormValue("programme_changes"), Items: map[string]markers.JournalItem{}}
	if ver, err := strconv.ParseInt(c.FormValue("version"), 10, 64); err == nil {
		in.Version = &ver
	}
	for _, t := range markers.Topics(kind) {
		in.Items[t] = markers.JournalItem{Topic: t, Done: c.FormValue("done_" + t), Effects: c.FormValue("effects_" + t), ToChange: c.FormValue("to_change_" + t)}
	}
	err = markers.SavePartnershipJournal(ctx, s.db, scopeOf(c), currentUser(c).ID, id, kind, in)
	fields, invalid := formErrors(s.loc(c), err, besideFields)
	if stale := apperr.IsStale(err); invalid || stale {
		v, lerr := markers.LoadPartnershipJournal(ctx, s.db, scopeOf(c), id, kind)
		if lerr != nil {
			return lerr
		}
		d := &omJournalData{PartnershipJournalView: v, Kind: kind, Errors: fields, Stale: stale, Version: v.Journal.Version}
		if !stale && in.Version != nil {
			d.Version = *in.Version
		}
		d.Journal.Lessons, d.Journal.ProgrammeChanges = in.Lessons, in.ProgrammeChanges
		for i, it := range d.Items {
			typed := in.Items[it.Topic]
			d.Items[i].Done, d.Items[i].Effects, d.Items[i].ToChange = typed.Done, typed.Effects, typed.ToChange
		}
		status := http.StatusUnprocessableEntity
		if stale {
			status = http.StatusConflict
		}
		return s.render(c, status, "markers_omjournal", s.view(c, "omjournal.title."+kind, d))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("omjournal.saved"))
	return c.Redirect(http.StatusSeeOther, omJournalPath(id, kind))
}

// markersOMJournalAdjust turns the journal's programme changes into an adjustment of the
// partnership's next steering meeting, in one transaction with the journal's note of it.
func (s *Server) markersOMJournalAdjust(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx, kind, sc := c.Request().Context(), c.Param("kind"), scopeOf(c)
	var meeting harvest.Meeting
	err = s.db.Tx(ctx, func(tx *db.DB) error {
		j, err := markers.ProgrammeChangeFor(ctx, tx, sc, id, kind)
		if err != nil {
			return err
		}
		a, m, err := harvest.AddAdjustmentToNextMeeting(ctx, tx, sc, j.PartnershipID, harvest.AdjustmentInput{Description: j.ProgrammeChanges}, s.now())
		if err != nil {
			return err
		}
		meeting = m
		return markers.MarkAdjusted(ctx, tx, j.ID, a.ID)
	})
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindConflict {
		s.flash(c, s.loc(c).T(e.Msg.ID))
		return c.Redirect(http.StatusSeeOther, omJournalPath(id, kind))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("omjournal.adjusted", "Meeting", meeting.Title))
	return c.Redirect(http.StatusSeeOther, omJournalPath(id, kind))
}
