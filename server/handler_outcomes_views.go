package server

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/people"
)

// substOption is a choice of the inbox's substantiation filter with its message id.
type substOption struct{ Value, Label string }

// substOptions are harvest.SubstStates with their labels, in the same order.
var substOptions = []substOption{{"none", "views.subst.none"}, {"requested", "views.subst.requested"},
	{"agreed", "views.subst.agreed"}, {"partly", "views.subst.partly"}, {"disagreed", "views.subst.disagreed"}}

// savedViewItem is a saved view on the inbox with what the caller may do with it.
type savedViewItem struct {
	harvest.ListedView
	Mine, CanDelete bool
}

// viewForm is the inbox's "save these filters" form: what was typed and why it was
// refused, when it was.
type viewForm struct {
	Name        string
	Shared      bool
	Partnership int64
	Errors      map[string]string
}

// viewsOfInbox lists the saved views the inbox shows: those of partnership pid, or all
// the caller may open when pid is 0.
func (s *Server) viewsOfInbox(c echo.Context, pid int64) ([]savedViewItem, error) {
	sc := scopeOf(c)
	list, err := harvest.SavedViews(c.Request().Context(), s.db, sc, pid)
	if err != nil {
		return nil, err
	}
	out := make([]savedViewItem, len(list))
	for i, v := range list {
		out[i] = savedViewItem{ListedView: v, Mine: v.Mine(sc.UserID), CanDelete: v.CanDelete(sc)}
	}
	return out, nil
}

// viewQuery is the filter a view keeps: the inbox's query string without paging, in
// the view's partnership, so the link shows colleagues the same outcomes.
func viewQuery(raw string, pid int64) string {
	q, _ := url.ParseQuery(raw)
	f := inboxFilter(q)
	f.PartnershipID = pid
	f.Page, f.PerPage, f.Before, f.After, f.Known = 0, 0, nil, nil, nil
	return inboxQuery(f).Encode()
}

// viewLink is where a view opens: the inbox with its filter, naming the view.
func viewLink(v harvest.SavedView) string {
	q, _ := url.ParseQuery(v.Query)
	q.Set("view", strconv.FormatInt(v.ID, 10))
	return "/outcomes?" + q.Encode()
}

// outcomesViewSave saves the inbox's current filter as a named view.
func (s *Server) outcomesViewSave(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return apperr.New(apperr.KindInvalid, "error.bad_request")
	}
	sc := scopeOf(c)
	pid := queryInt(form, "partnership")
	if pid == 0 {
		pid = onlyPartnership(sc)
	}
	shared := form.Get("shared") != ""
	v, err := harvest.SaveView(c.Request().Context(), s.db, sc, pid, form.Get("name"), viewQuery(form.Get("query"), pid), shared)
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		q, _ := url.ParseQuery(form.Get("query"))
		return s.renderInboxWith(c, http.StatusUnprocessableEntity, q, bulkForm{},
			viewForm{Name: form.Get("name"), Shared: shared, Partnership: pid, Errors: fields})
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("views.saved"))
	return c.Redirect(http.StatusSeeOther, viewLink(v))
}

// onlyPartnership is the caller's partnership when she has exactly one (0 otherwise:
// then the form must name one, and none is not found).
func onlyPartnership(sc people.Scope) int64 {
	if ids := sc.PartnershipIDs(); len(ids) == 1 {
		return ids[0]
	}
	return 0
}

// outcomesViewOpen opens a saved view: the inbox with the view's filter.
func (s *Server) outcomesViewOpen(c echo.Context) error {
	v, err := byPathID(s, c, "id", harvest.GetView)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, viewLink(v))
}

// outcomesViewRename renames the caller's view and shares or unshares it.
func (s *Server) outcomesViewRename(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return apperr.New(apperr.KindInvalid, "error.bad_request")
	}
	v, err := harvest.RenameView(c.Request().Context(), s.db, scopeOf(c), id, form.Get("name"), form.Get("shared") != "")
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("views.renamed"))
	return c.Redirect(http.StatusSeeOther, viewLink(v))
}

// outcomesViewDelete removes a view (its owner; a coordinator for a shared one).
func (s *Server) outcomesViewDelete(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := harvest.DeleteView(c.Request().Context(), s.db, scopeOf(c), id); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("views.deleted"))
	form, _ := c.FormParams()
	return c.Redirect(http.StatusSeeOther, safeNext(form.Get("next"), "/outcomes"))
}

// inboxViews is what the inbox shows of saved views and the view filters' choices.
type inboxViews struct {
	Views        []savedViewItem
	ViewForm     viewForm
	ViewQuery    string // the filter a new view would keep
	Current      int64  // the view the inbox was opened from (0: none)
	CanSave      bool   // the caller belongs to a partnership (an admin outside all has none)
	Blocks       []string
	SubstOptions []substOption
}

// inboxViewsOf gathers the inbox's saved views, the "save" form and the filter choices.
func (s *Server) inboxViewsOf(c echo.Context, f harvest.Filter, q url.Values, vf viewForm) (inboxViews, error) {
	views, err := s.viewsOfInbox(c, f.PartnershipID)
	if err != nil {
		return inboxViews{}, err
	}
	if vf.Partnership == 0 {
		vf.Partnership = f.PartnershipID
	}
	return inboxViews{Views: views, ViewForm: vf, ViewQuery: viewQuery(inboxQuery(f).Encode(), f.PartnershipID),
		Current: queryInt(q, "view"), CanSave: len(scopeOf(c).PartnershipIDs()) > 0, Blocks: harvest.Blocks, SubstOptions: substOptions}, nil
}
