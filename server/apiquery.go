package server

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/people"
)

// apiQuery reads the query parameters of an API request strictly: a value that is not
// what the OpenAPI document promises is collected under its parameter's name and the
// request answers 422, instead of being dropped (which would widen a filter without
// the caller noticing).
type apiQuery struct {
	v   url.Values
	bad apperr.Invalid
}

func newAPIQuery(c echo.Context) *apiQuery {
	return &apiQuery{v: c.QueryParams(), bad: apperr.Invalid{}}
}

// id reads an optional positive integer id (0 when absent).
func (q *apiQuery) id(name string) int64 {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.bad.Add(name, "data.param.integer")
		return 0
	}
	return n
}

// number reads an optional integer from lo to hi (def when absent).
func (q *apiQuery) number(name string, def, lo, hi int) int {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err == nil && n >= lo && n <= hi {
		return n
	}
	if hi == maxPage {
		q.bad.Add(name, "data.param.min", "Min", lo)
	} else {
		q.bad.Add(name, "data.param.range", "Min", lo, "Max", hi)
	}
	return def
}

// oneOf reads an optional value that must be one of choices ("" when absent).
func (q *apiQuery) oneOf(name string, choices ...string) string {
	s := q.v.Get(name)
	if s == "" {
		return ""
	}
	for _, c := range choices {
		if s == c {
			return s
		}
	}
	q.bad.Add(name, "data.param.choice", "Choices", strings.Join(choices, ", "))
	return ""
}

// month reads an optional calendar month written YYYY-MM ("" when absent).
func (q *apiQuery) month(name string) string {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return ""
	}
	if _, ok := harvest.ParseMonth(s); !ok {
		q.bad.Add(name, "views.param.month")
		return ""
	}
	return s
}

// partnership reads ?partnership=: not an integer is 422, one the caller does not
// belong to is 404 like every other partnership's object.
func (q *apiQuery) partnership(sc people.Scope) (int64, error) {
	id := q.id("partnership")
	if id != 0 && !sc.Member(id) {
		return 0, apperr.NotFound()
	}
	return id, nil
}

func (q *apiQuery) err() error { return q.bad.Err() }

// maxPage is the highest page number a list accepts.
const maxPage = 1 << 30

// maxPerPage is the documented largest page of an API list.
const maxPerPage = 500

// apiOutcomeFilter reads the outcome filters (and, with paging, page and per_page) of
// the API list and exports strictly.
func apiOutcomeFilter(c echo.Context, paging bool) (harvest.Filter, error) {
	q := newAPIQuery(c)
	statuses := make([]string, len(harvest.Statuses))
	for i, st := range harvest.Statuses {
		statuses[i] = string(st)
	}
	f := harvest.Filter{
		RoundID: q.id("round"), Group: strings.TrimSpace(q.v.Get("group")), Status: q.oneOf("status", statuses...),
		CodeID: q.id("code"), Sign: q.oneOf("sign", "positive", "negative", "both"), Language: q.v.Get("language"),
		Q: strings.TrimSpace(q.v.Get("q")), Block: q.oneOf("block", harvest.Blocks...), Subst: q.oneOf("subst", harvest.SubstStates...),
		Month: q.month("month"),
	}
	f.BarrierID, f.Actor = q.id("barrier"), q.oneOf("actor", harvest.Actors...)
	if paging {
		f.Page, f.PerPage = q.number("page", 1, 1, maxPage), q.number("per_page", 50, 1, maxPerPage)
	}
	pid, perr := q.partnership(scopeOf(c))
	if err := q.err(); err != nil {
		return f, err
	}
	f.PartnershipID = pid
	return f, perr
}
