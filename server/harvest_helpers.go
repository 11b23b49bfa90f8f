package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
)

// Shared bits of the harvest handlers: reading filters and ids, answering a recorded
// outcome.

func queryInt(v url.Values, key string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(v.Get(key)), 10, 64)
	return n
}

// outcomeFilter reads the inbox/API/export filters from a query string.
func outcomeFilter(v url.Values) harvest.Filter {
	f := harvest.Filter{
		PartnershipID: queryInt(v, "partnership"), RoundID: queryInt(v, "round"), Group: strings.TrimSpace(v.Get("group")),
		Status: v.Get("status"), CodeID: queryInt(v, "code"), Sign: v.Get("sign"), Language: v.Get("language"),
		Q: strings.TrimSpace(v.Get("q")), Page: int(queryInt(v, "page")), PerPage: int(queryInt(v, "per_page")),
		Block: v.Get("block"), Subst: v.Get("subst"), Month: strings.TrimSpace(v.Get("month")),
		AnalysisFilter: analysisFilter(v),
	}
	f.BarrierID, f.Actor = queryInt(v, "barrier"), strings.TrimSpace(v.Get("actor"))
	return f
}

// filterQuery writes a filter back as a query string (for paging and export links).
func filterQuery(f harvest.Filter) url.Values {
	v := url.Values{}
	set := func(k string, n int64) {
		if n != 0 {
			v.Set(k, strconv.FormatInt(n, 10))
		}
	}
	set("partnership", f.PartnershipID)
	set("round", f.RoundID)
	set("code", f.CodeID)
	set("barrier", f.BarrierID)
	for k, s := range map[string]string{"group": f.Group, "status": f.Status, "sign": f.Sign, "language": f.Language, "q": f.Q,
		"block": f.Block, "subst": f.Subst, "month": f.Month, "actor": f.Actor} {
		if s != "" {
			v.Set(k, s)
		}
	}
	setAnalysisQuery(v, f.AnalysisFilter)
	return v
}

// formDate reads an optional yyyy-mm-dd field; garbage is a field error, so the form
// is re-rendered like any other refused input.
func formDate(field, v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return nil, apperr.Invalid{field: apperr.Msg("harvest.error.date")}.Err()
	}
	return &t, nil
}

func formIDs(vals []string) []int64 {
	var out []int64
	for _, s := range vals {
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func optString(c echo.Context, key string) *string {
	if _, ok := c.Request().Form[key]; !ok {
		return nil
	}
	v := c.FormValue(key)
	return &v
}

// outcomeRecorded answers a staff form that records an outcome: the form again with the
// reasons beside its fields (what was typed stays), or the new outcome with a flash.
func (s *Server) outcomeRecorded(c echo.Context, o harvest.Outcome, err error, savedMsg string, again func(fields map[string]string) error) error {
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		return again(fields)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T(savedMsg))
	return c.Redirect(http.StatusSeeOther, "/outcomes/"+strconv.FormatInt(o.ID, 10))
}
