package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"oogst/harvest"
	"oogst/server/servertest"
)

// An outcome's history shows words in the reader's language, never stored keys.
func TestOutcomeHistoryValuesTranslated(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		o := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "nl", "Ik bel zelf", "positive")
		sc := env.Scope(t, "coordinator@a")
		uid := env.Fix.Users["coordinator@a"].ID
		code := harvestPreset(t, env.DB, "self_confidence")
		ch := harvest.Change{CodeIDs: &[]int64{code}, ChangeType: ptrTo("behaviour"), Intended: ptrTo("intended"), ReviewerSignificance: ptrTo("high")}
		if _, err := harvest.Update(ctx, env.DB, sc, uid, o, ch); err != nil {
			t.Fatal(err)
		}
		token, _, err := harvest.RequestSubstantiation(ctx, env.DB, sc, uid, o, harvest.SubstRequest{Name: "Mevr. Peeters", Role: "mentor"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.AnswerSubstantiation(ctx, env.DB, token, agreeAll(), time.Now()); err != nil {
			t.Fatal(err)
		}
		c := env.As(t, "coordinator@a")
		c.PostForm(t, "/lang", url.Values{"lang": {"fr"}, "next": {"/"}})
		r := c.Get(t, "/outcomes/"+itoa(o))
		hist := r.Body
		if j := strings.LastIndex(r.Body, "<tbody>"); j >= 0 {
			hist = r.Body[j:]
		}
		for _, want := range []string{"Comportement", "Voulu", "Élevée", "Codé", "Nouveau", "Mevr. Peeters: Tout à fait d&#39;accord", "Confiance en soi et assertivité"} {
			if !strings.Contains(hist, want) {
				t.Errorf("history lacks %q:\n%s", want, hist)
			}
		}
		for _, key := range []string{">behaviour<", ">intended<", ">high<", "self_confidence", ">coded<", ": agree<"} {
			if strings.Contains(hist, key) {
				t.Errorf("history shows the internal value %q", key)
			}
		}
	})
}

func ptrTo[T any](v T) *T { return &v }
