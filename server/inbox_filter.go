package server

import (
	"context"
	"html/template"
	"net/url"
	"strconv"
	"strings"

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
//
// The inbox pages by keyset: before=CURSOR is the page older than that outcome,
// after=CURSOR the page newer than it, n the page number to show. An old ?page=N link
// still reads page N by offset.
func inboxFilter(q url.Values) harvest.Filter {
	f := outcomeFilter(q)
	if c, ok := harvest.ParseCursor(q.Get("before")); ok {
		f.Before, f.Page, f.Known = c, int(queryInt(q, "n")), knownTotal(q.Get("total"))
	} else if c, ok := harvest.ParseCursor(q.Get("after")); ok {
		f.After, f.Page, f.Known = c, int(queryInt(q, "n")), knownTotal(q.Get("total"))
	}
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

// inboxCountCap is how far the inbox counts: beyond it, it says "more than 10,000".
const inboxCountCap = 10_000

// inboxPerPage is the inbox's page size unless the link asks for another.
const inboxPerPage = 25

// knownTotal reads the count a page link carries ("120", or "10000+" for more than
// that), so paging on does not count again; nil when there is none.
func knownTotal(s string) *harvest.Known {
	num, capped := strings.CutSuffix(s, "+")
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return nil
	}
	return &harvest.Known{Total: n, Capped: capped}
}

// inboxPageLinks are the inbox's links to the newer and the older page of p.
func inboxPageLinks(f harvest.Filter, p harvest.Page) (newer, older template.URL) {
	link := func(key string, c *harvest.Cursor, n int) template.URL {
		v := inboxQuery(f)
		v.Set(key, c.String())
		v.Set("n", strconv.Itoa(n))
		total := strconv.FormatInt(p.Total, 10)
		if p.Capped {
			total += "+"
		}
		v.Set("total", total)
		if f.PerPage != inboxPerPage {
			v.Set("per_page", strconv.Itoa(f.PerPage))
		}
		return template.URL(v.Encode())
	}
	if p.Newer != nil {
		newer = link("after", p.Newer, max(p.Page-1, 1))
	}
	if p.Older != nil {
		older = link("before", p.Older, p.Page+1)
	}
	return newer, older
}

// nextInInbox returns the outcome that follows id in the inbox filter f (0: none). It
// is asked before a save, so an outcome that leaves the filter by being saved still
// has its place.
func nextInInbox(ctx context.Context, d *db.DB, sc people.Scope, f harvest.Filter, id int64) (int64, error) {
	return harvest.Follows(ctx, d, sc, f, id)
}
