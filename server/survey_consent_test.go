package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

type roundConsent struct {
	Consent *survey.Consent `json:"consent"`
}

func TestConsentTextVersionedPerPartnership(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		r := surveyRound(t, env, "a", "Ronde met toestemming", false)
		anon := env.Client(t)
		var got roundConsent
		anon.Get(t, "/api/v1/rounds/"+r.Code+"?lang=ar").JSON(t, &got)
		if got.Consent == nil || got.Consent.Version != survey.DefaultConsentVersion || !strings.Contains(got.Consent.Text, "هل توافق؟") {
			t.Fatalf("default consent in Arabic: %+v", got.Consent)
		}

		coord := env.As(t, "coordinator@a")
		path := fmt.Sprintf("/survey/consent/%d", env.Fix.A.ID)
		page := coord.Get(t, path)
		if page.Status != 200 || !strings.Contains(page.Body, "oogst-1") {
			t.Fatalf("consent page: %d", page.Status)
		}
		// Dutch is required; what was typed in the other languages stays.
		resp := coord.PostForm(t, path, url.Values{"text_nl": {""}, "text_fr": {"Texte français gardé"}})
		if resp.Status != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, "Texte français gardé") {
			t.Fatalf("missing Dutch: %d", resp.Status)
		}
		resp = coord.PostForm(t, path, url.Values{"text_nl": {"Wij bewaren je verhaal. Akkoord?"}, "text_ar": {"نحفظ قصتك. موافق؟"}})
		if resp.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", resp.Status, resp.Body)
		}
		v1 := fmt.Sprintf("p%d-v1", env.Fix.A.ID)
		anon.Get(t, "/api/v1/rounds/"+r.Code+"?lang=ar").JSON(t, &got)
		if got.Consent == nil || got.Consent.Version != v1 || got.Consent.Text != "نحفظ قصتك. موافق؟" {
			t.Errorf("custom consent in Arabic: %+v", got.Consent)
		}
		anon.Get(t, "/api/v1/rounds/"+r.Code+"?lang=tr").JSON(t, &got)
		if got.Consent == nil || got.Consent.Text != "Wij bewaren je verhaal. Akkoord?" || !got.Consent.Fallback {
			t.Errorf("missing Turkish falls back to Dutch, visibly: %+v", got.Consent)
		}
		// A second save is a new version; the cursist's recorded version names what she read.
		coord.PostForm(t, path, url.Values{"text_nl": {"Nieuwe tekst. Akkoord?"}})
		anon.Get(t, "/api/v1/rounds/"+r.Code+"?lang=nl").JSON(t, &got)
		v2 := fmt.Sprintf("p%d-v2", env.Fix.A.ID)
		if got.Consent.Version != v2 {
			t.Errorf("second version: %+v", got.Consent)
		}
		body := submitBody(uuid.NewString(), goodAnswers())
		body["cursist"] = "KAAA"
		body["consent_version"] = v2
		if resp := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", body); resp.Status != http.StatusCreated {
			t.Fatalf("submit with consent: %d %s", resp.Status, resp.Body)
		}
		var c people.Cursist
		if err := env.DB.Q(context.Background()).Where("id = ?", env.Fix.Cursists["KAAA"].ID).First(&c).Error; err != nil {
			t.Fatal(err)
		}
		if c.ConsentVersion != v2 || c.ConsentAt == nil {
			t.Errorf("consent not recorded on the cursist: %q %v", c.ConsentVersion, c.ConsentAt)
		}
		// Partnership B still has the default, and cannot see or change A's.
		other := env.As(t, "coordinator@b")
		if resp := other.Get(t, path); resp.Status != http.StatusNotFound || strings.Contains(resp.Body, "Nieuwe tekst") {
			t.Errorf("B reads A's consent page: %d", resp.Status)
		}
	})
}
