package server

import (
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
)

type inboxData struct {
	Filter      harvest.Filter
	Page        harvest.Page
	Options     harvest.FilterOptions
	Statuses    []harvest.Status
	Signs       []string
	Query       template.URL // the filter as a query string, for exports
	PageQuery   template.URL // the filter for links back into the inbox (paging, outcome pages)
	LangNames   map[string]string
	Newer       template.URL // the link to the newer page ("" on the first)
	Older       template.URL // the link to the older page ("" on the last)
	CanReview   bool         // the caller reviews in at least one shown partnership
	CanObserve  bool         // the caller records observations somewhere (mentors too)
	Reviewable  map[int64]bool
	ShowPartner bool
	Bulk        bulkForm        // a rejected bulk action, as it was chosen
	Narrowed    *inboxNarrowing // the analysis view's filters the inbox was opened with
	inboxViews
	Actors []string // the actor filter's choices
}

// bulkForm keeps a rejected bulk action: the ticked outcomes, the code, the status and
// the reason, so the reviewer only fixes what was wrong.
type bulkForm struct {
	Selected map[int64]bool
	Code     int64
	// AddBarrier and RemoveBarrier are the barriers put on or taken off.
	AddBarrier, RemoveBarrier int64
	Status                    string
	Reason                    string
	Errors                    []string
}

// outcomesInbox is the review inbox: filters, paging, bulk coding, keyboard shortcuts.
func (s *Server) outcomesInbox(c echo.Context) error {
	return s.renderInbox(c, http.StatusOK, c.QueryParams(), bulkForm{})
}

// renderInbox draws the inbox for the filter in q.
func (s *Server) renderInbox(c echo.Context, status int, q url.Values, bulk bulkForm) error {
	return s.renderInboxWith(c, status, q, bulk, viewForm{})
}

// renderInboxWith draws the inbox with a refused "save view" form.
func (s *Server) renderInboxWith(c echo.Context, status int, q url.Values, bulk bulkForm, vf viewForm) error {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	f := inboxFilter(q)
	if f.PartnershipID != 0 && !sc.Member(f.PartnershipID) {
		return apperr.NotFound()
	}
	if f.PerPage == 0 {
		f.PerPage = inboxPerPage
	}
	f.CountCap = inboxCountCap
	page, err := harvest.List(ctx, s.db, sc, f)
	if err != nil {
		return err
	}
	opts, err := harvest.Options(ctx, s.db, sc, f.PartnershipID)
	if err != nil {
		return err
	}
	d := &inboxData{Filter: f, Page: page, Options: opts, Statuses: harvest.Statuses, Signs: harvest.Signs,
		Query: template.URL(filterQuery(f).Encode()), PageQuery: inboxLink(f), LangNames: langNames(), Reviewable: map[int64]bool{}, ShowPartner: len(opts.Partnerships) > 1, Bulk: bulk,
		Narrowed: narrowing(s.loc(c), f),
		Actors:   harvest.Actors}
	for _, p := range opts.Partnerships {
		d.CanObserve = d.CanObserve || harvest.CanObserve(sc, p.ID)
		if harvest.CanReview(sc, p.ID) {
			d.Reviewable[p.ID] = true
			if f.PartnershipID == 0 || f.PartnershipID == p.ID {
				d.CanReview = true
			}
		}
	}
	d.Newer, d.Older = inboxPageLinks(f, page)
	if d.inboxViews, err = s.inboxViewsOf(c, f, q, vf); err != nil {
		return err
	}
	v := s.view(c, "harvest.inbox.title", d)
	if status != http.StatusOK {
		// Shown in answer to the bulk POST: "here" is the inbox with its filter.
		v.Path = "/outcomes?" + q.Encode()
	}
	return s.render(c, status, "harvest_inbox", v)
}

// outcomesBulk adds a code, puts on or takes off a barrier and/or sets the status of
// the selected outcomes.
func (s *Server) outcomesBulk(c echo.Context) error {
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return apperr.New(apperr.KindInvalid, "error.bad_request")
	}
	ids := formIDs(form["id"])
	var ch harvest.Change
	if code := queryInt(form, "add_code"); code != 0 {
		ch.AddCodeIDs = []int64{code}
	}
	if b := queryInt(form, "add_barrier"); b != 0 {
		ch.AddBarrierIDs = []int64{b}
	}
	if b := queryInt(form, "remove_barrier"); b != 0 {
		ch.RemoveBarrierIDs = []int64{b}
	}
	if st := form.Get("set_status"); st != "" {
		ch.Status = &st
		if r := strings.TrimSpace(form.Get("reason")); r != "" {
			ch.Reason = &r
		}
	}
	next := safeNext(form.Get("next"), "/outcomes")
	err = harvest.Bulk(ctx, s.db, scopeOf(c), currentUser(c).ID, ids, ch)
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		// Nothing was changed (all or none): show why on the same inbox page, with the
		// selection and choices still in place.
		bulk := bulkForm{Selected: map[int64]bool{}, Code: queryInt(form, "add_code"), Status: form.Get("set_status"), Reason: form.Get("reason"),
			AddBarrier: queryInt(form, "add_barrier"), RemoveBarrier: queryInt(form, "remove_barrier")}
		for _, id := range ids {
			bulk.Selected[id] = true
		}
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			bulk.Errors = append(bulk.Errors, fields[k])
		}
		q := url.Values{}
		if u, perr := url.Parse(next); perr == nil {
			q = u.Query()
		}
		return s.renderInbox(c, http.StatusUnprocessableEntity, q, bulk)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).N("harvest.bulk.done", len(ids)))
	return c.Redirect(http.StatusSeeOther, next)
}
