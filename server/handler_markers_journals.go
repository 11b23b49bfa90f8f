package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/markers"
)

type journalRowView struct {
	Marker     markers.Marker
	Text       string
	Rating     string
	Desc       string
	Evidence   string
	Factors    string
	RecordedBy string
	RecordedAt string
	Errors     map[string]string // "rating", "description", …
	// Proposals from marker surveys: pending ones, and the decided history.
	Proposals, History []proposalView
}

type journalLevel struct {
	Level markers.Level
	Rows  []journalRowView
}

type journalPageData struct {
	Partner          markers.BoundaryPartner
	Period           markers.Period
	Levels           []journalLevel
	Ratings          []markers.Rating
	Unanticipated    string
	Lessons          string
	ProgrammeChanges string
	UpdatedBy        string
	CanWrite         bool
	Errors           map[string]string
	Self             journalSurveys // marker surveys and their proposals
	Version          int64          // the journal's version the form carries (0: none yet)
	Conflict         *conflictView  // a refused save over someone else's newer version
}

func journalIDs(c echo.Context) (bpID, periodID int64, err error) {
	if bpID, err = pathID(c, "id"); err != nil {
		return
	}
	periodID, err = pathID(c, "period")
	return
}

// markersJournal shows the outcome journal of a boundary partner for a period.
func (s *Server) markersJournal(c echo.Context) error {
	bpID, periodID, err := journalIDs(c)
	if err != nil {
		return err
	}
	return s.renderJournal(c, bpID, periodID, http.StatusOK, nil, nil, false)
}

// renderJournal shows the journal; with in (after a failed save) the typed values win
// over the stored ones.
// With stale, the save was refused because someone else saved first: both versions are
// shown and the form carries the stored version, so sending it again saves over it.
func (s *Server) renderJournal(c echo.Context, bpID, periodID int64, status int, in *markers.JournalInput, fe map[string]string, stale bool) error {
	v, err := markers.LoadJournal(c.Request().Context(), s.db, scopeOf(c), bpID, periodID)
	if err != nil {
		return err
	}
	d := &journalPageData{Partner: v.Partner, Period: v.Period, Ratings: markers.Ratings, CanWrite: v.CanWrite, Errors: fe,
		Unanticipated: v.Journal.Unanticipated, Lessons: v.Journal.Lessons, ProgrammeChanges: v.Journal.ProgrammeChanges,
		Version: v.Journal.Version}
	if stale && in != nil {
		d.Conflict = journalConflict(s.loc(c), v, *in)
	}
	if v.Journal.UpdatedBy != nil {
		d.UpdatedBy = v.Names[*v.Journal.UpdatedBy]
	}
	if in != nil {
		d.Unanticipated, d.Lessons, d.ProgrammeChanges = in.Unanticipated, in.Lessons, in.ProgrammeChanges
	}
	for _, l := range markers.Levels {
		jl := journalLevel{Level: l}
		for _, r := range v.Rows {
			if r.Marker.Level != l {
				continue
			}
			row := journalRowView{Marker: r.Marker, Text: markerText(c, s, r.Marker), Errors: map[string]string{}}
			if r.Entry != nil {
				row.Rating, row.Desc, row.Evidence, row.Factors = string(r.Entry.Rating), r.Entry.Description, r.Entry.Evidence, r.Entry.Factors
				if r.Entry.RecordedBy != nil {
					row.RecordedBy = v.Names[*r.Entry.RecordedBy]
				}
				row.RecordedAt = s.loc(c).DateTime(r.Entry.RecordedAt)
			}
			if in != nil {
				if e, ok := in.Entries[r.Marker.ID]; ok {
					row.Rating, row.Desc, row.Evidence, row.Factors = e.Rating, e.Description, e.Evidence, e.Factors
				}
			}
			for _, f := range []string{"rating", "description", "evidence", "factors"} {
				if msg, ok := fe[markers.EntryField(f, r.Marker.ID)]; ok {
					row.Errors[f] = msg
				}
			}
			jl.Rows = append(jl.Rows, row)
		}
		d.Levels = append(d.Levels, jl)
	}
	if err := s.attachSurveys(c, bpID, periodID, d); err != nil {
		return err
	}
	if in != nil {
		keepTypedProposals(c, d)
	}
	return s.render(c, status, "markers_journal", s.view(c, "markers.journal.title", d))
}

// markersJournalSave stores the journal form.
func (s *Server) markersJournalSave(c echo.Context) error {
	bpID, periodID, err := journalIDs(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ms, err := markers.Markers(ctx, s.db, scopeOf(c), bpID, true)
	if err != nil {
		return err
	}
	in := markers.JournalInput{Unanticipated: c.FormValue("unanticipated"), Lessons: c.FormValue("lessons"),
		ProgrammeChanges: c.FormValue("programme_changes"), Entries: map[int64]markers.EntryInput{}}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	for _, m := range ms {
		// Only markers that were on the form: a retired marker not shown is left alone.
		if _, ok := form[markers.EntryField("rating", m.ID)]; !ok {
			continue
		}
		in.Entries[m.ID] = markers.EntryInput{
			Rating:      form.Get(markers.EntryField("rating", m.ID)),
			Description: form.Get(markers.EntryField("description", m.ID)),
			Evidence:    form.Get(markers.EntryField("evidence", m.ID)),
			Factors:     form.Get(markers.EntryField("factors", m.ID)),
		}
	}
	in.Version = journalVersion(form.Get("version"))
	err = markers.SaveJournal(ctx, s.db, scopeOf(c), bpID, periodID, in)
	if apperr.IsStale(err) {
		return s.renderJournal(c, bpID, periodID, http.StatusConflict, &in, nil, true)
	}
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.renderJournal(c, bpID, periodID, http.StatusUnprocessableEntity, &in, fe, false)
	}
	if err != nil {
		return err
	}
	// Accepting or rejecting a proposal submits the whole journal: everything typed on
	// the page is saved first, then the proposal is decided.
	if pid, ok := decidedProposal(form, "accept"); ok {
		return s.acceptProposal(c, pid, form.Get(fmt.Sprintf("p_rating_%d", pid)), form.Get(fmt.Sprintf("p_text_%d", pid)))
	}
	if pid, ok := decidedProposal(form, "reject"); ok {
		return s.rejectProposal(c, pid)
	}
	s.flash(c, s.loc(c).T("markers.journal.saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/partners/%d/journals/%d", bpID, periodID))
}

// journalVersion reads the version the journal form was loaded at: 0 when there was no
// journal yet, nil when the form did not say (no check).
func journalVersion(v string) *int64 {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return nil
	}
	return &n
}

func decidedProposal(form url.Values, name string) (int64, bool) {
	id, err := strconv.ParseInt(form.Get(name), 10, 64)
	return id, err == nil && id > 0
}

// keepTypedProposals shows proposals' ratings and texts as edited on a refused form.
func keepTypedProposals(c echo.Context, d *journalPageData) {
	form := c.Request().Form
	for _, l := range d.Levels {
		for _, r := range l.Rows {
			for i := range r.Proposals {
				p := &r.Proposals[i]
				if v, ok := form[fmt.Sprintf("p_rating_%d", p.ID)]; ok {
					p.Rating = v[0]
				}
				if v, ok := form[fmt.Sprintf("p_text_%d", p.ID)]; ok {
					p.Text = v[0]
				}
			}
		}
	}
}
