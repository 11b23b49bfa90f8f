package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"oogst/harvest"
	"oogst/locale"
	"oogst/server/servertest"
)

var harvestSeq atomic.Int64

// harvestOutcome makes an outcome of partnership "a" or "b" in Groep A (the fixture
// mentor's group) whose story is a unique secret.
func harvestOutcome(t *testing.T, env *servertest.Env, which string) (int64, string) {
	t.Helper()
	p := env.Fix.Partnership(which)
	n := harvestSeq.Add(1)
	secret := fmt.Sprintf("Geheim verhaal %s %d", which, n)
	o, err := harvest.CreateFromReflection(context.Background(), env.DB, harvest.ReflectionInput{
		ResponseID: 1_000_000 + n, PartnershipID: p.ID, RoundID: 1, RoundTitle: "Ronde 1", GroupName: "Groep A",
		Language: "nl", Change: secret, Sign: "positive", SubmittedAt: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID, secret
}

// harvestMeeting makes a meeting of "a" or "b" with one agenda outcome and an open
// adjustment; the meeting title is the secret.
func harvestMeeting(t *testing.T, env *servertest.Env, which string) (meetingID, outcomeID, adjustmentID int64, secret string) {
	t.Helper()
	p := env.Fix.Partnership(which)
	oid, _ := harvestOutcome(t, env, which)
	secret = fmt.Sprintf("Geheime stuurgroep %s %d", which, harvestSeq.Add(1))
	ctx := context.Background()
	sc := env.Scope(t, "coordinator@"+which)
	m, err := harvest.CreateMeeting(ctx, env.DB, sc, env.Fix.Users["coordinator@"+which].ID, harvest.MeetingInput{
		PartnershipID: p.ID, Title: secret, HeldAt: time.Now(), OutcomeIDs: []int64{oid}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := harvest.AddAdjustment(ctx, env.DB, sc, m.ID, harvest.AdjustmentInput{Description: secret + " bijsturing", OutcomeIDs: []int64{oid}})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID, oid, a.ID, secret
}

func harvestCode(t *testing.T, env *servertest.Env, which string) (int64, string) {
	t.Helper()
	p := env.Fix.Partnership(which)
	name := fmt.Sprintf("Geheime code %s %d", which, harvestSeq.Add(1))
	c, err := harvest.CodeTerms().Add(context.Background(), env.DB, env.Scope(t, "coordinator@"+which), p.ID, locale.StaffText(name, "", ""))
	if err != nil {
		t.Fatal(err)
	}
	return c.ID, name
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// byMeeting makes the requests of a tenancy case on a meeting: path (with %d for the
// meeting) for a meeting of A and of B, each with the form built for its agenda outcome
// when form is set. The harvest and meeting cases share it.
func byMeeting(path string, form func(outcome int64) url.Values) func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
	return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		ma, oa, _, sa := harvestMeeting(t, env, "a")
		mb, ob, _, sb := harvestMeeting(t, env, "b")
		ra := tenancyRequest{Path: fmt.Sprintf(path, ma), Secret: sa}
		rb := tenancyRequest{Path: fmt.Sprintf(path, mb), Secret: sb}
		if form != nil {
			ra.Form, rb.Form = form(oa), form(ob)
		}
		return ra, rb
	}
}

func init() {
	readers := []string{"coordinator@a", "partner@a", "mentor@a"}
	reviewers := []string{"coordinator@a", "partner@a"}
	byPartnership := func(path string) func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			_, sb := harvestOutcome(t, env, "b")
			return tenancyRequest{Path: path + "?partnership=" + itoa(env.Fix.A.ID)},
				tenancyRequest{Path: path + "?partnership=" + itoa(env.Fix.B.ID), Secret: sb}
		}
	}
	byOutcome := func(path string, form func() url.Values, json any) func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			a, sa := harvestOutcome(t, env, "a")
			b, sb := harvestOutcome(t, env, "b")
			ra := tenancyRequest{Path: fmt.Sprintf(path, a), Secret: sa, JSON: json}
			rb := tenancyRequest{Path: fmt.Sprintf(path, b), Secret: sb, JSON: json}
			if form != nil {
				ra.Form, rb.Form = form(), form()
			}
			return ra, rb
		}
	}
	byPartnershipPath := func(path string, form func() url.Values) func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			_, sb := harvestCode(t, env, "b")
			ra := tenancyRequest{Path: fmt.Sprintf(path, env.Fix.A.ID)}
			rb := tenancyRequest{Path: fmt.Sprintf(path, env.Fix.B.ID), Secret: sb}
			if form != nil {
				ra.Form, rb.Form = form(), form()
			}
			return ra, rb
		}
	}
	uniqueName := func() url.Values {
		return url.Values{"name_nl": {fmt.Sprintf("Nieuwe code %d", harvestSeq.Add(1))}}
	}

	registerTenancy("GET /outcomes", tenancyCase{Allow: readers, Setup: byPartnership("/outcomes")})
	registerTenancy("GET /api/v1/outcomes", tenancyCase{Allow: readers, Setup: byPartnership("/api/v1/outcomes")})
	registerTenancy("GET /api/v1/outcomes/export.csv", tenancyCase{Allow: readers, Setup: byPartnership("/api/v1/outcomes/export.csv")})
	registerTenancy("GET /api/v1/outcomes/export.xlsx", tenancyCase{Allow: readers, Setup: byPartnership("/api/v1/outcomes/export.xlsx")})
	registerTenancy("GET /outcomes/new", tenancyCase{Allow: reviewers, Setup: byPartnership("/outcomes/new")})
	registerTenancy("POST /outcomes", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		form := func(p int64) url.Values {
			return url.Values{"partnership": {itoa(p)}, "source": {"interview"}, "source_detail": {"gesprek"}, "change": {"verandering"}}
		}
		return tenancyRequest{Path: "/outcomes", Form: form(env.Fix.A.ID)}, tenancyRequest{Path: "/outcomes", Form: form(env.Fix.B.ID)}
	}})
	registerTenancy("POST /outcomes/bulk", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		a, sa := harvestOutcome(t, env, "a")
		b, sb := harvestOutcome(t, env, "b")
		form := func(id int64) url.Values {
			return url.Values{"id": {itoa(id)}, "set_status": {"excluded"}, "reason": {"test"}}
		}
		return tenancyRequest{Path: "/outcomes/bulk", Form: form(a), Secret: sa}, tenancyRequest{Path: "/outcomes/bulk", Form: form(b), Secret: sb}
	}})
	registerTenancy("GET /outcomes/:id", tenancyCase{Allow: readers, Setup: byOutcome("/outcomes/%d", nil, nil)})
	registerTenancy("POST /outcomes/:id", tenancyCase{Allow: reviewers, Setup: byOutcome("/outcomes/%d", func() url.Values {
		return url.Values{"summary_nl": {"samenvatting"}, "status": {"new"}}
	}, nil)})
	registerTenancy("GET /api/v1/outcomes/:id", tenancyCase{Allow: readers, Setup: byOutcome("/api/v1/outcomes/%d", nil, nil)})
	registerTenancy("PATCH /api/v1/outcomes/:id", tenancyCase{Allow: reviewers, Setup: byOutcome("/api/v1/outcomes/%d", nil, map[string]any{"summary_nl": "via API"})})
	registerTenancy("GET /partnerships/:id/codes", tenancyCase{Allow: readers, Setup: byPartnershipPath("/partnerships/%d/codes", nil)})
	registerTenancy("POST /partnerships/:id/codes", tenancyCase{Allow: reviewers, Setup: byPartnershipPath("/partnerships/%d/codes", uniqueName)})
	registerTenancy("POST /codes/:id", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		a, sa := harvestCode(t, env, "a")
		b, sb := harvestCode(t, env, "b")
		return tenancyRequest{Path: "/codes/" + itoa(a), Form: uniqueName(), Secret: sa}, tenancyRequest{Path: "/codes/" + itoa(b), Form: uniqueName(), Secret: sb}
	}})
	registerTenancy("GET /partnerships/:id/dashboard", tenancyCase{Allow: readers, Setup: byPartnershipPath("/partnerships/%d/dashboard", nil)})
	registerTenancy("GET /partnerships/:id/analysis", tenancyCase{Allow: readers, Setup: byPartnershipPath("/partnerships/%d/analysis", nil)})
	registerTenancy("GET /api/v1/partnerships/:id/aggregates", tenancyCase{Allow: readers, Setup: byPartnershipPath("/api/v1/partnerships/%d/aggregates", nil)})
	registerTenancy("GET /api/v1/partnerships/:id/aggregates.csv", tenancyCase{Allow: readers, Setup: byPartnershipPath("/api/v1/partnerships/%d/aggregates.csv", nil)})
	registerTenancy("GET /api/v1/partnerships/:id/aggregates.xlsx", tenancyCase{Allow: readers, Setup: byPartnershipPath("/api/v1/partnerships/%d/aggregates.xlsx", nil)})
	registerTenancy("POST /meetings", tenancyCase{Allow: []string{"coordinator@a"}, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		form := func(p int64) url.Values {
			return url.Values{"partnership": {itoa(p)}, "title": {"Stuurgroep"}, "date": {"2026-05-01"}, "use_filter": {"1"}}
		}
		return tenancyRequest{Path: "/meetings", Form: form(env.Fix.A.ID)}, tenancyRequest{Path: "/meetings", Form: form(env.Fix.B.ID)}
	}})
	registerTenancy("GET /meetings/:id", tenancyCase{Allow: reviewers, Setup: byMeeting("/meetings/%d", nil)})
	registerTenancy("GET /meetings/:id/report", tenancyCase{Allow: reviewers, Setup: byMeeting("/meetings/%d/report", nil)})
	registerTenancy("GET /meetings/:id/report.pdf", tenancyCase{Allow: reviewers, Setup: byMeeting("/meetings/%d/report.pdf", nil)})
	registerTenancy("POST /meetings/:id/notes", tenancyCase{Allow: reviewers, Setup: byMeeting("/meetings/%d/notes", func(o int64) url.Values {
		return url.Values{"outcome": {itoa(o)}, "notes": {"notitie"}}
	})})
	registerTenancy("POST /meetings/:id/adjustments", tenancyCase{Allow: reviewers, Setup: byMeeting("/meetings/%d/adjustments", func(o int64) url.Values {
		return url.Values{"outcome": {itoa(o)}, "description": {"anders doen"}, "block": {"training"}, "due_on": {"2026-06-01"}}
	})})
	registerTenancy("POST /adjustments/:id", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		_, _, a, sa := harvestMeeting(t, env, "a")
		_, _, b, sb := harvestMeeting(t, env, "b")
		form := func() url.Values { return url.Values{"status": {"done"}, "result": {"gedaan"}} }
		return tenancyRequest{Path: "/adjustments/" + itoa(a), Form: form(), Secret: sa}, tenancyRequest{Path: "/adjustments/" + itoa(b), Form: form(), Secret: sb}
	}})
	registerTenancy("POST /outcomes/:id/substantiations", tenancyCase{Allow: reviewers, Setup: byOutcome("/outcomes/%d/substantiations", func() url.Values {
		return url.Values{"name": {"Mentor Sara"}, "role": {"mentor"}}
	}, nil)})
	// A personal link is its own capability: anyone holding A's link may use it; B's
	// link has expired, and an expired link shows nothing.
	substLinks := func(form func() url.Values) func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			a, sa := harvestOutcome(t, env, "a")
			b, sb := harvestOutcome(t, env, "b")
			ctx := context.Background()
			ta, _, err := harvest.RequestSubstantiation(ctx, env.DB, env.Scope(t, "partner@a"), 1, a, harvest.SubstRequest{Name: "Sara", Role: "mentor"}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			tb, _, err := harvest.RequestSubstantiation(ctx, env.DB, env.Scope(t, "partner@b"), 1, b, harvest.SubstRequest{Name: "Ali", Role: "mentor"}, time.Now().Add(-harvest.SubstantiationTTL-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			ra := tenancyRequest{Path: "/substantiate/" + ta, Secret: sa}
			rb := tenancyRequest{Path: "/substantiate/" + tb, Secret: sb}
			if form != nil {
				ra.Form, rb.Form = form(), form()
			}
			return ra, rb
		}
	}
	everyone := []string{"anonymous", "coordinator@a", "partner@a", "mentor@a", "admin"}
	registerTenancy("GET /substantiate/:token", tenancyCase{Public: true, Allow: everyone, Setup: substLinks(nil)})
	registerTenancy("POST /substantiate/:token", tenancyCase{Public: true, Allow: everyone, Setup: substLinks(func() url.Values {
		return url.Values{"agreement_description": {"agree"}, "agreement_significance": {"agree"}, "agreement_contribution": {"agree"}, "comment": {"klopt"}}
	})})
	exemptTenancy("GET /compare", "numbers only, of the caller's own partnerships (admins: all); TestHarvestCompare checks A's users never see B")
	exemptTenancy("GET /meetings", "lists only meetings of partnerships the caller reviews; TestHarvestMeetingFlow checks B's meetings are absent")
}
