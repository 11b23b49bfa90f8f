package server_test

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"oogst/harvest"
	"oogst/locale"
	"oogst/markers"
	"oogst/server/servertest"
)

// markersObjs is one partnership's set of markers objects for a tenancy case.
type markersObjs struct {
	PID                       int64
	BP, Marker, Period, Other int64  // Other: a second, linkable period-free marker
	Start, End                string // the period's days
	Secret                    string
	Outcome                   int64 // an outcome of the same partnership, linked to Marker
}

var markersSeq atomic.Int64

// markersSetup creates a boundary partner (with a unique, secret name), a marker, a
// period and a saved journal in partnership key ("a" or "b").
func markersSetup(t *testing.T, env *servertest.Env, key string) markersObjs {
	t.Helper()
	ctx := context.Background()
	n := markersSeq.Add(1)
	p := env.Fix.Partnership(key)
	sc := env.Scope(t, "coordinator@"+key)
	secret := fmt.Sprintf("Geheime partner %s-%d", key, n)
	bp, err := markers.CreatePartner(ctx, env.DB, sc, markers.PartnerInput{PartnershipID: p.ID, Name: secret, OutcomeChallenge: "Uitdaging " + secret})
	if err != nil {
		t.Fatal(err)
	}
	m, err := markers.AddMarker(ctx, env.DB, sc, bp.ID, markers.MarkerInput{Level: markers.Like, Text: locale.Text{"nl": "Marker van " + secret}})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := markers.AddMarker(ctx, env.DB, sc, bp.ID, markers.MarkerInput{Level: markers.Like, Text: locale.Text{"nl": "Tweede marker"}})
	if err != nil {
		t.Fatal(err)
	}
	year := 1900 + n
	per, err := markers.CreatePeriod(ctx, env.DB, sc, markers.PeriodInput{PartnershipID: p.ID, Label: fmt.Sprintf("Jaar %d", year), StartsOn: fmt.Sprintf("%d-01-01", year), EndsOn: fmt.Sprintf("%d-12-31", year)})
	if err != nil {
		t.Fatal(err)
	}
	if err := markers.SaveJournal(ctx, env.DB, sc, bp.ID, per.ID, markers.JournalInput{Lessons: "Les " + secret, Entries: map[int64]markers.EntryInput{m.ID: {Rating: "high", Description: "Gezien bij " + secret}}}); err != nil {
		t.Fatal(err)
	}
	o, err := harvest.RecordOther(ctx, env.DB, sc, env.Fix.Users["coordinator@"+key].ID, harvest.OtherInput{PartnershipID: p.ID, Source: "observation",
		SourceDetail: "mentor", Change: "Uitkomst van " + secret, Sign: "positive", OccurredAt: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := markers.LinkOutcome(ctx, env.DB, sc, m.ID, o.ID); err != nil {
		t.Fatal(err)
	}
	return markersObjs{PID: p.ID, BP: bp.ID, Marker: m.ID, Other: m2.ID, Period: per.ID, Secret: secret, Outcome: o.ID,
		Start: fmt.Sprintf("%d-01-01", year), End: fmt.Sprintf("%d-12-31", year)}
}

// objectsCase builds a tenancy case from a request maker applied to objects that setup
// makes in A and in B; B's secret must not show, A's own may (to allowed users).
func objectsCase[O any](allow []string, setup func(t *testing.T, env *servertest.Env, key string) O, secret func(O) string, mk func(o O) tenancyRequest) tenancyCase {
	return tenancyCase{
		Allow: allow,
		Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			a, b := setup(t, env, "a"), setup(t, env, "b")
			ra, rb := mk(a), mk(b)
			ra.Secret, rb.Secret = "", secret(b)
			return ra, rb
		},
	}
}

// markersCase builds a tenancy case from a request maker applied to A's and B's objects.
func markersCase(allow []string, mk func(o markersObjs) tenancyRequest) tenancyCase {
	return objectsCase(allow, markersSetup, func(o markersObjs) string { return o.Secret }, mk)
}

func init() {
	readers := []string{"coordinator@a", "partner@a"}
	managers := []string{"coordinator@a"}
	get := func(format string, f func(o markersObjs) []any) func(o markersObjs) tenancyRequest {
		return func(o markersObjs) tenancyRequest { return tenancyRequest{Path: fmt.Sprintf(format, f(o)...)} }
	}
	post := func(format string, f func(o markersObjs) []any, form func(o markersObjs) url.Values) func(o markersObjs) tenancyRequest {
		return func(o markersObjs) tenancyRequest {
			return tenancyRequest{Path: fmt.Sprintf(format, f(o)...), Form: form(o)}
		}
	}
	pid := func(o markersObjs) []any { return []any{o.PID} }
	bp := func(o markersObjs) []any { return []any{o.BP} }
	mk := func(o markersObjs) []any { return []any{o.Marker} }
	per := func(o markersObjs) []any { return []any{o.Period} }
	bpPer := func(o markersObjs) []any { return []any{o.BP, o.Period} }
	some := func(markersObjs) url.Values { return url.Values{"confirm": {"1"}} }

	registerTenancy("GET /markers", markersCase(readers, get("/markers?partnership=%d", pid)))
	registerTenancy("GET /markers/partners/new", markersCase(managers, get("/markers/partners/new?partnership=%d", pid)))
	registerTenancy("POST /markers/partners", markersCase(managers, post("/markers/partners", func(markersObjs) []any { return nil }, func(o markersObjs) url.Values {
		return url.Values{"partnership_id": {fmt.Sprint(o.PID)}, "name": {fmt.Sprintf("Nieuw %d", markersSeq.Add(1))}}
	})))
	registerTenancy("GET /markers/partners/:id", markersCase(readers, get("/markers/partners/%d", bp)))
	registerTenancy("POST /markers/partners/:id", markersCase(managers, post("/markers/partners/%d", bp, func(o markersObjs) url.Values {
		return url.Values{"name": {fmt.Sprintf("Hernoemd %d", markersSeq.Add(1))}}
	})))
	registerTenancy("GET /markers/partners/:id/edit", markersCase(managers, get("/markers/partners/%d/edit", bp)))
	registerTenancy("POST /markers/partners/:id/markers", markersCase(managers, post("/markers/partners/%d/markers", bp, func(markersObjs) url.Values {
		return url.Values{"level": {"love"}, "text_nl": {"Nieuwe marker"}}
	})))
	registerTenancy("GET /markers/partners/:id/matrix", markersCase(readers, get("/markers/partners/%d/matrix", bp)))
	registerTenancy("GET /markers/partners/:id/journals/:period", markersCase(readers, get("/markers/partners/%d/journals/%d", bpPer)))
	registerTenancy("POST /markers/partners/:id/journals/:period", markersCase(readers, post("/markers/partners/%d/journals/%d", bpPer, func(o markersObjs) url.Values {
		return url.Values{fmt.Sprintf("rating_%d", o.Marker): {"medium"}, "lessons": {"Nieuwe les"}}
	})))
	registerTenancy("GET /markers/markers/:id", markersCase(readers, get("/markers/markers/%d", mk)))
	registerTenancy("POST /markers/markers/:id", markersCase(managers, post("/markers/markers/%d", mk, func(markersObjs) url.Values {
		return url.Values{"level": {"expect"}, "text_nl": {"Andere tekst"}}
	})))
	registerTenancy("POST /markers/markers/:id/retire", markersCase(managers, post("/markers/markers/%d/retire", mk, some)))
	registerTenancy("POST /markers/markers/:id/move", markersCase(managers, post("/markers/markers/%d/move", func(o markersObjs) []any { return []any{o.Other} }, func(markersObjs) url.Values {
		return url.Values{"dir": {"up"}}
	})))
	registerTenancy("POST /markers/markers/:id/outcomes", markersCase(managers, post("/markers/markers/%d/outcomes", mk, func(o markersObjs) url.Values {
		return url.Values{"outcome_id": {fmt.Sprint(o.Outcome)}}
	})))
	registerTenancy("POST /markers/markers/:id/outcomes/:outcome/delete", markersCase(managers, post("/markers/markers/%d/outcomes/%d/delete", func(o markersObjs) []any { return []any{o.Marker, o.Outcome} }, some)))
	registerTenancy("GET /markers/periods", markersCase(readers, get("/markers/periods?partnership=%d", pid)))
	registerTenancy("GET /markers/periods/:id/journals/:kind", markersCase(readers, get("/markers/periods/%d/journals/strategy", per)))
	registerTenancy("POST /markers/periods/:id/journals/:kind", markersCase(readers, post("/markers/periods/%d/journals/performance", per, func(markersObjs) url.Values {
		return url.Values{"done_reflection": {"Samen teruggeblikt"}, "programme_changes": {"Vaker overleg"}}
	})))
	registerTenancy("POST /markers/periods/:id/journals/:kind/adjustment", markersCase(readers, post("/markers/periods/%d/journals/strategy/adjustment", per, some)))
	registerTenancy("POST /markers/periods", markersCase(managers, post("/markers/periods", func(markersObjs) []any { return nil }, func(o markersObjs) url.Values {
		y := 2200 + markersSeq.Add(1)
		return url.Values{"partnership_id": {fmt.Sprint(o.PID)}, "label": {"Nieuw"}, "starts_on": {fmt.Sprintf("%d-01-01", y)}, "ends_on": {fmt.Sprintf("%d-02-01", y)}}
	})))
	registerTenancy("GET /markers/periods/:id/edit", markersCase(managers, get("/markers/periods/%d/edit", per)))
	registerTenancy("POST /markers/periods/:id", markersCase(managers, post("/markers/periods/%d", per, func(o markersObjs) url.Values {
		return url.Values{"label": {"Hernoemd"}, "starts_on": {o.Start}, "ends_on": {o.End}}
	})))
	registerTenancy("GET /markers/overview", markersCase(readers, get("/markers/overview?partnership=%d", pid)))
	registerTenancy("GET /markers/export", markersCase(readers, get("/markers/export?partnership=%d&format=csv", pid)))
	registerTenancy("GET /api/v1/boundary-partners", markersCase(readers, get("/api/v1/boundary-partners?partnership=%d", pid)))
	registerTenancy("GET /api/v1/boundary-partners/:id", markersCase(readers, get("/api/v1/boundary-partners/%d", bp)))
	registerTenancy("GET /api/v1/periods", markersCase(readers, get("/api/v1/periods?partnership=%d", pid)))
	registerTenancy("GET /api/v1/journals", markersCase(readers, get("/api/v1/journals?partnership=%d", pid)))
}
