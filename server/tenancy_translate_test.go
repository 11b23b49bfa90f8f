package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"oogst/harvest"
	"oogst/server/servertest"
)

// translationDraft gives an outcome of "a" or "b" a machine draft into Dutch whose
// text is the returned secret (as the worker would store it).
func translationDraft(t *testing.T, env *servertest.Env, which string) (int64, string) {
	t.Helper()
	id, _ := harvestOutcome(t, env, which)
	secret := fmt.Sprintf("Geheime vertaling %s %d", which, harvestSeq.Add(1))
	tr := harvest.Translation{OutcomeID: id, Lang: "nl", Origin: harvest.OriginMachine, Service: "Fake", ChangeText: secret, UpdatedAt: time.Now().UTC(), Version: 1}
	if err := env.DB.Q(context.Background()).Create(&tr).Error; err != nil {
		t.Fatal(err)
	}
	return id, secret
}

func init() {
	reviewers := []string{"coordinator@a", "partner@a"}
	registerTenancy("POST /outcomes/:id/translations/:lang", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		a, sa := harvestOutcome(t, env, "a")
		b, sb := harvestOutcome(t, env, "b")
		form := func() url.Values { return url.Values{"change": {"vertaald"}, "translation_version": {"0"}} }
		return tenancyRequest{Path: fmt.Sprintf("/outcomes/%d/translations/nl", a), Form: form(), Secret: sa},
			tenancyRequest{Path: fmt.Sprintf("/outcomes/%d/translations/nl", b), Form: form(), Secret: sb}
	}})
	registerTenancy("POST /outcomes/:id/translations/:lang/check", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		a, sa := translationDraft(t, env, "a")
		b, sb := translationDraft(t, env, "b")
		return tenancyRequest{Path: fmt.Sprintf("/outcomes/%d/translations/nl/check", a), Form: url.Values{}, Secret: sa},
			tenancyRequest{Path: fmt.Sprintf("/outcomes/%d/translations/nl/check", b), Form: url.Values{}, Secret: sb}
	}})
	// harvestOutcome's outcomes have no voice answer; reflectOutcome's have voice 42.
	registerTenancy("POST /outcomes/:id/voices/:aid/transcript", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		a := reflectOutcome(t, env, env.Fix.A.ID, 3_000_000+harvestSeq.Add(1), "Groep A", "ar", "سر أ", "positive")
		b := reflectOutcome(t, env, env.Fix.B.ID, 3_000_000+harvestSeq.Add(1), "Groep A", "ar", "سر ب", "positive")
		form := func() url.Values { return url.Values{"transcript": {"uitgeschreven"}, "transcript_version": {"0"}} }
		return tenancyRequest{Path: fmt.Sprintf("/outcomes/%d/voices/42/transcript", a), Form: form(), Secret: "سر أ"},
			tenancyRequest{Path: fmt.Sprintf("/outcomes/%d/voices/42/transcript", b), Form: form(), Secret: "سر ب"}
	}})
	registerTenancy("POST /partnerships/:id/working-languages", tenancyCase{Allow: []string{"coordinator@a"}, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		form := func() url.Values { return url.Values{"working_language": {"nl", "fr"}} }
		return tenancyRequest{Path: fmt.Sprintf("/partnerships/%d/working-languages", env.Fix.A.ID), Form: form()},
			tenancyRequest{Path: fmt.Sprintf("/partnerships/%d/working-languages", env.Fix.B.ID), Form: form()}
	}})
	registerAdmin("POST /admin/partnerships/:id/working-languages", tenancyCase{Allow: []string{"admin"}, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		form := func() url.Values { return url.Values{"working_language": {"fr"}} }
		return tenancyRequest{Path: fmt.Sprintf("/admin/partnerships/%d/working-languages", env.Fix.A.ID), Form: form()},
			tenancyRequest{Path: "/admin/partnerships/987654/working-languages", Form: form()}
	}})
}
