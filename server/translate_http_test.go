package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/mt"
	"oogst/server/servertest"
)

// fakeLibreTranslate follows LibreTranslate's documented POST /translate ({q, source,
// target, format, api_key} → {"translatedText"}); fail, when set, answers every
// request with that status. It records what it was asked.
type fakeLibreTranslate struct {
	*httptest.Server
	mu    sync.Mutex
	asked []map[string]any
	fail  int
}

func newFakeLibreTranslate(t *testing.T) *fakeLibreTranslate {
	f := &fakeLibreTranslate{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req map[string]any
		if r.Method != http.MethodPost || r.URL.Path != "/translate" || json.NewDecoder(r.Body).Decode(&req) != nil {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"bad request"}`))
			return
		}
		f.mu.Lock()
		f.asked = append(f.asked, req)
		fail := f.fail
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if fail != 0 {
			w.WriteHeader(fail)
			_, _ = w.Write([]byte(`{"error":"translation engine down"}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"translatedText": fmt.Sprintf("[%s→%s] %s", req["source"], req["target"], req["q"])})
	}))
	t.Cleanup(f.Close)
	return f
}

type apiTranslation struct {
	Lang         string     `json:"lang"`
	Origin       string     `json:"origin"`
	CheckedAt    *time.Time `json:"checked_at"`
	Change       string     `json:"change"`
	Significance string     `json:"significance"`
	Contribution string     `json:"contribution"`
}

type apiOutcomeWithTranslations struct {
	ID           int64            `json:"id"`
	Language     string           `json:"language"`
	Translations []apiTranslation `json:"translations"`
}

// TestArabicReflectionGetsMachineDraft is the #17 contract: with OOGST_TRANSLATE_URL
// set, a reflection submitted in Arabic to a Dutch-working partnership has a
// translations entry with lang nl and origin machine within 60 s, in the JSON API.
func TestArabicReflectionGetsMachineDraft(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fake := newFakeLibreTranslate(t)
		env := servertest.New(t, d, servertest.Options{Translator: &mt.LibreTranslate{URL: fake.URL, Key: "k"},
			TranslateWorker: harvest.WorkerOptions{Interval: 50 * time.Millisecond}})
		r := surveyRound(t, env, "a", "Reflectie", true)
		answers := map[string]any{"change": "أتكلم الآن مع المعلمة", "sign": "positive", "significance": "أنا أقل خوفا", "blocks": []string{"training"}}
		resp := env.Client(t).SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses",
			map[string]any{"id": uuid.NewString(), "language": "ar", "cursist": nil, "answers": answers})
		if resp.Status != http.StatusCreated {
			t.Fatalf("submit: %d %s", resp.Status, resp.Body)
		}
		coord := env.As(t, "coordinator@a")
		deadline := time.Now().Add(60 * time.Second)
		var page struct {
			Items []apiOutcomeWithTranslations `json:"items"`
		}
		for {
			coord.Get(t, "/api/v1/outcomes?partnership="+itoa(env.Fix.A.ID)).JSON(t, &page)
			if len(page.Items) == 1 && len(page.Items[0].Translations) > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no translation within 60 s: %+v", page.Items)
			}
			time.Sleep(50 * time.Millisecond)
		}
		o := page.Items[0]
		want := apiTranslation{Lang: "nl", Origin: "machine", Change: "[ar→nl] أتكلم الآن مع المعلمة", Significance: "[ar→nl] أنا أقل خوفا"}
		if o.Language != "ar" || len(o.Translations) != 1 || o.Translations[0] != want {
			t.Fatalf("translations = %+v, want [%+v]", o.Translations, want)
		}
		var one apiOutcomeWithTranslations
		coord.Get(t, fmt.Sprintf("/api/v1/outcomes/%d", o.ID)).JSON(t, &one)
		if len(one.Translations) != 1 || one.Translations[0] != want {
			t.Fatalf("GET /api/v1/outcomes/%d translations = %+v", o.ID, one.Translations)
		}
		fake.mu.Lock()
		defer fake.mu.Unlock()
		// Two non-empty answers, one request each, with the key and plain text format.
		if len(fake.asked) != 2 || fake.asked[0]["api_key"] != "k" || fake.asked[0]["format"] != "text" || fake.asked[0]["source"] != "ar" {
			t.Fatalf("service was asked %v", fake.asked)
		}
	})
}

// TestTranslationOnOutcomePage: the coordinator sets French beside Dutch; an Arabic
// outcome shows its original right to left beside the Dutch machine draft, marked,
// in the inbox too; "checked" removes the mark; a French translation is saved by hand;
// a save over a translation changed meanwhile is a conflict that keeps the typed text;
// a mentor reads translations without edit controls; the API shows both.
func TestTranslationOnOutcomePage(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		coord := env.As(t, "coordinator@a")
		a := itoa(env.Fix.A.ID)
		if r := coord.PostForm(t, "/partnerships/"+a+"/working-languages", url.Values{"working_language": {"nl", "fr"}}); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/people/"+a+"#working-languages" {
			t.Fatalf("set working languages: %d %s", r.Status, r.Header.Get("Location"))
		}
		if b := coord.Get(t, "/people/"+a).Body; !strings.Contains(b, `name="working_language" value="fr" checked`) {
			t.Fatal("partnership page does not show French as a working language")
		}
		o, err := harvest.CreateFromReflection(ctx, env.DB, harvest.ReflectionInput{ResponseID: 9001, PartnershipID: env.Fix.A.ID, RoundID: 1,
			RoundTitle: "R", GroupName: "Groep A", Language: "ar", Change: "تغيرت حياتي", Sign: "positive", SubmittedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		draft := harvest.Translation{OutcomeID: o.ID, Lang: "nl", Origin: harvest.OriginMachine, Service: "LibreTranslate", ChangeText: "Mijn leven is veranderd", UpdatedAt: time.Now().UTC(), Version: 1}
		if err := env.DB.Q(ctx).Create(&draft).Error; err != nil {
			t.Fatal(err)
		}
		path := "/outcomes/" + itoa(o.ID)
		page := coord.Get(t, path).Body
		for _, want := range []string{`<p class="story" lang="ar" dir="rtl">تغيرت حياتي</p>`, `id="translation-nl"`, `machine-draft`, `data-draft-mark`,
			"Mijn leven is veranderd", `id="check-nl"`, `id="translation-fr"`, "Nog geen vertaling."} {
			if !strings.Contains(page, want) {
				t.Errorf("outcome page lacks %q", want)
			}
		}
		inbox := coord.Get(t, "/outcomes").Body
		if !strings.Contains(inbox, `class="translation-line" lang="nl" dir="ltr"`) || !strings.Contains(inbox, "Mijn leven is veranderd") || !strings.Contains(inbox, "Machinevertaling, nog niet nagekeken") {
			t.Error("inbox lacks the translation line with its draft mark")
		}

		// Checking over another version is refused; at the shown version it works.
		if r := coord.PostForm(t, path+"/translations/nl/check", url.Values{"translation_version": {"2"}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "Iemand heeft deze vertaling intussen veranderd") {
			t.Fatalf("stale check: %d", r.Status)
		}
		if r := coord.PostForm(t, path+"/translations/nl/check", url.Values{"translation_version": {"1"}}); r.Status != http.StatusSeeOther || r.Header.Get("Location") != path+"#translation-nl" {
			t.Fatalf("check: %d %s", r.Status, r.Header.Get("Location"))
		}
		page = coord.Get(t, path).Body
		if strings.Contains(page, "data-draft-mark") || !strings.Contains(page, "Machinevertaling, nagekeken") || !strings.Contains(page, "Nagekeken door coordinator a") {
			t.Error("after checking, the draft mark is still there or the checker is not named")
		}

		// A French translation by hand, then a second tab that still had "none yet".
		form := url.Values{"change": {"Ma vie a changé"}, "summary": {"Changement de vie"}, "translation_version": {"0"}}
		if r := coord.PostForm(t, path+"/translations/fr", form); r.Status != http.StatusSeeOther {
			t.Fatalf("save fr: %d %.300s", r.Status, r.Body)
		}
		stale := url.Values{"change": {"Texte d'un autre onglet"}, "translation_version": {"0"}}
		r := coord.PostForm(t, path+"/translations/fr", stale)
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, `id="edit-conflict"`) || !strings.Contains(r.Body, "Texte d&#39;un autre onglet") ||
			!strings.Contains(r.Body, "Ma vie a changé") || !strings.Contains(r.Body, `<details class="translation-edit" open>`) {
			t.Fatalf("stale save: %d", r.Status)
		}
		var stored harvest.Translation
		env.DB.Q(ctx).Where("outcome_id = ? AND lang = ?", o.ID, "fr").Take(&stored)
		if stored.ChangeText != "Ma vie a changé" || stored.Origin != harvest.OriginHuman || stored.Summary != "Changement de vie" {
			t.Fatalf("stored fr = %+v", stored)
		}

		var api apiOutcomeWithTranslations
		coord.Get(t, "/api/v1/outcomes/"+itoa(o.ID)).JSON(t, &api)
		if len(api.Translations) != 2 || api.Translations[0].Lang != "fr" || api.Translations[0].Origin != "human" || api.Translations[0].CheckedAt == nil ||
			api.Translations[1].Lang != "nl" || api.Translations[1].Origin != "machine" || api.Translations[1].CheckedAt == nil {
			t.Fatalf("API translations = %+v", api.Translations)
		}

		mentor := env.As(t, "mentor@a").Get(t, path).Body
		if !strings.Contains(mentor, "Ma vie a changé") || strings.Contains(mentor, `action="`+path+`/translations/fr"`) {
			t.Error("mentor: translation missing, or edit form shown")
		}
		if r := env.As(t, "mentor@a").PostForm(t, path+"/translations/fr", url.Values{"change": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("mentor save: %d, want 403", r.Status)
		}
	})
}

// TestTranslationInMeetingAndReport: meeting mode, the printable report and its PDF
// show the translation beside the original, the machine draft marked.
func TestTranslationInMeetingAndReport(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		mid, oid, _, _ := harvestMeeting(t, env, "a")
		tr := harvest.Translation{OutcomeID: oid, Lang: "nl", Origin: harvest.OriginMachine, Service: "DeepL", ChangeText: "Vertaald verhaal 42", UpdatedAt: time.Now().UTC(), Version: 1}
		if err := env.DB.Q(ctx).Create(&tr).Error; err != nil {
			t.Fatal(err)
		}
		coord := env.As(t, "coordinator@a")
		for _, p := range []string{"/meetings/" + itoa(mid) + "?i=1", "/meetings/" + itoa(mid) + "/report"} {
			b := coord.Get(t, p).Body
			if !strings.Contains(b, "Vertaald verhaal 42") || !strings.Contains(b, "Machinevertaling, nog niet nagekeken") || !strings.Contains(b, `class="translation machine-draft" lang="nl"`) {
				t.Errorf("%s lacks the marked translation", p)
			}
		}
		plain := pdfPlain(t, coord.Get(t, "/meetings/"+itoa(mid)+"/report.pdf").Body)
		for _, s := range []string{"Vertaald verhaal 42", "Vertaling: Nederlands · Machinevertaling, nog niet nagekeken"} {
			if !strings.Contains(string(plain), string(pdfUTF16(s))) {
				t.Errorf("PDF lacks %q", s)
			}
		}
	})
}

// TestTranslationServiceVisible: the privacy page names the service only when one is
// configured (in the cursist's language); the admin page shows the service's last error
// and queue when it fails, and says translation is off otherwise.
func TestTranslationServiceVisible(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fake := newFakeLibreTranslate(t)
		fake.fail = http.StatusInternalServerError
		env := servertest.New(t, d, servertest.Options{Translator: &mt.LibreTranslate{URL: fake.URL},
			TranslateWorker: harvest.WorkerOptions{Interval: 50 * time.Millisecond}})
		priv := env.Client(t).Get(t, "/privacy?lang=ar").Body
		if !strings.Contains(priv, `id="privacy-translation"`) || !strings.Contains(priv, "خدمة الترجمة LibreTranslate") {
			t.Error("privacy page does not name the service in Arabic")
		}
		harvestOutcomeLang(t, env, "tr")
		admin := env.As(t, "admin")
		deadline := time.Now().Add(30 * time.Second)
		for {
			b := admin.Get(t, "/admin").Body
			if strings.Contains(b, `id="translation-last-error"`) {
				if !strings.Contains(b, "LibreTranslate: HTTP 500: translation engine down") || !strings.Contains(b, "1 translation queued") || !strings.Contains(b, "never succeeded yet") {
					t.Errorf("admin status line: %s", b[strings.Index(b, `id="translation-status"`):][:600])
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("admin page never showed the service's error")
			}
			time.Sleep(50 * time.Millisecond)
		}
		// Review goes on: the outcome page answers while the service fails.
		if r := env.As(t, "coordinator@a").Get(t, "/outcomes"); r.Status != http.StatusOK {
			t.Errorf("inbox while the service fails: %d", r.Status)
		}

		off := servertest.New(t, dbtest.SQLite(t))
		if b := off.Client(t).Get(t, "/privacy").Body; strings.Contains(b, "privacy-translation") {
			t.Error("privacy page names a service when none is configured")
		}
		if b := off.As(t, "admin").Get(t, "/admin").Body; !strings.Contains(b, "Off: no translation service is configured") {
			t.Error("admin page does not say machine translation is off")
		}
	})
}

// harvestOutcomeLang makes an outcome of partnership A written in lang.
func harvestOutcomeLang(t *testing.T, env *servertest.Env, lang string) int64 {
	t.Helper()
	n := harvestSeq.Add(1)
	o, err := harvest.CreateFromReflection(context.Background(), env.DB, harvest.ReflectionInput{
		ResponseID: 2_000_000 + n, PartnershipID: env.Fix.A.ID, RoundID: 1, RoundTitle: "Ronde 1", GroupName: "Groep A",
		Language: lang, Change: fmt.Sprintf("verhaal %d", n), Sign: "positive", SubmittedAt: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}
