package server

import (
	"context"
	"html/template"
	"net/url"

	"oogst/db"
	"oogst/harvest"
	"oogst/people"
)

// statusAll is the inbox's explicit "every status" choice: without a status the inbox
// opens on the outcomes still to review.
const statusAll = "all"

// inboxFilter reads the inbox's filter: no status at all means "to review" (new),
// status=all means every status. The API and the exports keep outcomeFilter, where
// no status means every status.
func inboxFilter(q url.Values) harvest.Filter {
	f := outcomeFilter(q)
	switch {
	case !q.Has("status"):
		f.Status = string(harvest.StatusNew)
	case f.Status == statusAll:
		f.Status = ""
	}
	return f
}

// inboxQuery writes an inbox filter back for links that return to the inbox (paging,
// the outcome page, save and next), keeping "every status" explicit.
func inboxQuery(f harvest.Filter) url.Values {
	v := filterQuery(f)
	if f.Status == "" {
		v.Set("status", statusAll)
	}
	return v
}

// inboxLink is inboxQuery encoded for a link, empty for the inbox's default view (to
// review, nothing else), so plain links stay plain. A template.URL keeps html/template
// from escaping its "=" and "&" (it is built from url.Values, so it is safe).
func inboxLink(f harvest.Filter) template.URL {
	q := inboxQuery(f).Encode()
	if q == "status="+string(harvest.StatusNew) {
		return ""
	}
	return template.URL(q)
}

// nextInInbox returns the outcome that follows id in the inbox filter f (0: none). It
// is asked before a save, so an outcome that leaves the filter by being saved still
// has its place.
func nextInInbox(ctx context.Context, d *db.DB, sc people.Scope, f harvest.Filter, id int64) (int64, error) {
	f.PerPage = 500
	found := false
	for f.Page = 1; ; f.Page++ {
		page, err := harvest.List(ctx, d, sc, f)
		if err != nil {
			return 0, err
		}
		for _, o := range page.Items {
			if found {
				return o.ID, nil
			}
			found = o.ID == id
		}
		if f.Page >= page.Pages() || len(page.Items) == 0 {
			return 0, nil
		}
	}
}
