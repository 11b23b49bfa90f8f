package server_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db/dbtest"
	"oogst/server/servertest"
	"oogst/survey"
)

var formLocation = regexp.MustCompile(`^/survey/forms/(\d+)`)

func TestSurveyStaffFormFlow(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		resp := c.PostForm(t, "/survey/forms", url.Values{"partnership_id": {fmt.Sprint(env.Fix.A.ID)}, "name": {"Stagevragen"}})
		m := formLocation.FindStringSubmatch(resp.Header.Get("Location"))
		if resp.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("create form: %d %s", resp.Status, resp.Header.Get("Location"))
		}
		base := "/survey/forms/" + m[1]
		// Offer Dutch and Arabic; add a choice question in Dutch only.
		if r := c.PostForm(t, base, url.Values{"title_nl": {"Stagevragen"}, "title_ar": {"أسئلة التدريب"}, "languages": {"ar"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", r.Status, r.Body)
		}
		r := c.PostForm(t, base+"/questions", url.Values{"new": {"1"}, "id": {"plek"}, "type": {"single_choice"}, "text_nl": {"Waar loop je stage?"},
			"option_id": {"creche", "ko"}, "option_icon": {"", ""}, "option_text_nl": {"Crèche", "Kinderopvang"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("add question: %d %s", r.Status, r.Body)
		}
		// Rejected edits come back as typed: a choice question whose options were all
		// removed keeps its new wording, and a new question with a taken id stays in the
		// add form.
		r = c.PostForm(t, base+"/questions", url.Values{"id": {"plek"}, "type": {"single_choice"}, "text_nl": {"Waar werk je nu?"}, "text_ar": {"أين تعمل؟"},
			"option_id": {"", ""}, "option_icon": {"", ""}, "option_text_nl": {"", ""}})
		for _, want := range []string{"Je wijzigingen zijn nog niet bewaard", ">Waar werk je nu?<", ">أين تعمل؟<"} {
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("rejected question edit (%d) lacks %q", r.Status, want)
			}
		}
		r = c.PostForm(t, base+"/questions", url.Values{"new": {"1"}, "id": {"plek"}, "type": {"long_text"}, "text_nl": {"Wat leerde je op de stage?"}})
		for _, want := range []string{`maxlength="40" value="plek"`, `lang="nl">Wat leerde je op de stage?</textarea>`, `<option value="long_text" selected>`} {
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("rejected new question (%d) lacks %q", r.Status, want)
			}
		}
		if strings.Contains(r.Body, "Je wijzigingen zijn nog niet bewaard") {
			t.Error("a rejected new question presents the stored form as unsaved")
		}
		page := c.Get(t, base)
		if strings.Contains(page.Body, "Waar werk je nu?") || strings.Contains(page.Body, "Wat leerde je op de stage?") {
			t.Error("a rejected edit was stored")
		}
		for _, want := range []string{"Waar loop je stage?", "العربية", "Na te kijken door een moedertaalspreker", `name="option_text_ar"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("editor lacks %q", want)
			}
		}
		// Publishing fails: Arabic missing, shown on the question.
		r = c.PostForm(t, base+"/publish", url.Values{})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Tekst ontbreekt in: العربية.") {
			t.Fatalf("publish with missing Arabic: %d", r.Status)
		}
		// The preview in Arabic is right-to-left and marks the Dutch fallback.
		pv := c.Get(t, base+"/preview?lang=ar")
		if !strings.Contains(pv.Body, `lang="ar" dir="rtl"`) || !strings.Contains(pv.Body, "Geen vertaling: de cursist ziet dit in het Nederlands.") || !strings.Contains(pv.Body, "أسئلة التدريب") {
			t.Errorf("preview:\n%s", pv.Body)
		}
		r = c.PostForm(t, base+"/questions", url.Values{"id": {"plek"}, "type": {"single_choice"}, "text_nl": {"Waar loop je stage?"}, "text_ar": {"أين تتدرب؟"},
			"option_id": {"creche", "ko", ""}, "option_icon": {"", "", ""}, "option_text_nl": {"Crèche", "Kinderopvang", ""}, "option_text_ar": {"حضانة", "رعاية الأطفال", ""}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("translate question: %d %s", r.Status, r.Body)
		}
		if r := c.PostForm(t, base+"/translations/ar/confirm", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("confirm: %d", r.Status)
		}
		if !strings.Contains(c.Get(t, base).Body, "Nagekeken") {
			t.Errorf("Arabic not shown as checked")
		}
		if r := c.PostForm(t, base+"/publish", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		// A wrong closing date is reported and everything typed comes back.
		r = c.PostForm(t, "/survey/rounds", url.Values{"partnership_id": {fmt.Sprint(env.Fix.A.ID)}, "form_id": {m[1]}, "title": {"Stage <mei>"},
			"group": {"Groep A"}, "opens_at": {"2020-01-01T09:00"}, "closes_at": {"volgende week"}, "anonymous": {"1"}})
		for _, want := range []string{`value="Stage &lt;mei&gt;"`, `name="group" maxlength="100" value="Groep A"`, `value="2020-01-01T09:00"`, `value="volgende week"`,
			`name="anonymous" value="1" checked`, fmt.Sprintf(`<option value="%s" selected>`, m[1])} {
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("round with a bad date (%d): %s not kept", r.Status, want)
			}
		}
		// Open a round on it, then see the code, QR and sheet.
		r = c.PostForm(t, "/survey/rounds", url.Values{"partnership_id": {fmt.Sprint(env.Fix.A.ID)}, "form_id": {m[1]}, "title": {"Stage mei"}, "group": {"Groep A"}, "opens_at": {"2020-01-01T09:00"}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/survey/rounds/") {
			t.Fatalf("create round: %d %s", r.Status, r.Body)
		}
		roundPath := r.Header.Get("Location")
		var round survey.Round
		env.DB.Q(context.Background()).Where("title = ?", "Stage mei").First(&round)
		page = c.Get(t, roundPath)
		if !strings.Contains(page.Body, round.Code) || !strings.Contains(page.Body, "http://oogst.test/r/"+round.Code) {
			t.Errorf("round page lacks code/URL")
		}
		if qr := c.Get(t, roundPath+"/qr.png"); qr.Status != 200 || qr.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(qr.Body, "\x89PNG") {
			t.Errorf("qr: %d %s", qr.Status, qr.Header.Get("Content-Type"))
		}
		if sh := c.Get(t, roundPath+"/sheet"); sh.Status != 200 || !strings.Contains(sh.Body, round.Code) || !strings.Contains(sh.Body, "css/survey.css") {
			t.Errorf("sheet: %d", sh.Status)
		}
		// A response appears on the round page; its text is escaped.
		tab := env.Client(t)
		sub := map[string]any{"id": uuid.NewString(), "language": "ar", "cursist": "KABA", "answers": map[string]any{"plek": "ko"}}
		if r := tab.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+round.Code+"/responses", sub); r.Status != http.StatusCreated {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		page = c.Get(t, roundPath)
		if !strings.Contains(page.Body, "KABA") || !strings.Contains(page.Body, "Kinderopvang") || !strings.Contains(page.Body, "1 antwoord") {
			t.Errorf("round page lacks the response")
		}
		// Closing.
		if r := c.PostForm(t, roundPath+"/close", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("close: %d", r.Status)
		}
		sub["id"] = uuid.NewString()
		if r := tab.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+round.Code+"/responses", sub); r.Status != http.StatusConflict {
			t.Errorf("submit after close: %d", r.Status)
		}
	})
}

func TestSurveyStaffListsStayInScope(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	fa := surveyForm(t, env, "a", "Formulier van A", true)
	fb := surveyForm(t, env, "b", "Formulier van B", true)
	ra := surveyRound(t, env, "a", "Ronde van A", true)
	surveyRound(t, env, "b", "Ronde van B", true)
	_ = fa
	_ = fb
	forms := env.As(t, "coordinator@a").Get(t, "/survey/forms")
	if !strings.Contains(forms.Body, "Formulier van A") || strings.Contains(forms.Body, "Formulier van B") || !strings.Contains(forms.Body, "Ingebouwd") {
		t.Errorf("forms list scope wrong")
	}
	for _, who := range []string{"coordinator@a", "partner@a", "mentor@a"} {
		rounds := env.As(t, who).Get(t, "/survey/rounds")
		if rounds.Status != 200 || !strings.Contains(rounds.Body, "Ronde van A") || strings.Contains(rounds.Body, "Ronde van B") {
			t.Errorf("%s rounds list scope wrong: %d", who, rounds.Status)
		}
	}
	// A mentor of another group does not see the round nor its responses.
	env.DB.Q(context.Background()).Exec("UPDATE memberships SET group_name = 'Groep B' WHERE user_id = ?", env.Fix.Users["mentor@a"].ID)
	m := env.As(t, "mentor@a")
	if r := m.Get(t, "/survey/rounds"); strings.Contains(r.Body, "Ronde van A") {
		t.Errorf("mentor of Groep B sees a Groep A round")
	}
	if r := m.Get(t, fmt.Sprintf("/survey/rounds/%d", ra.ID)); r.Status != http.StatusNotFound {
		t.Errorf("mentor of Groep B opens a Groep A round: %d", r.Status)
	}
	if r := m.Get(t, "/survey/forms"); r.Status != http.StatusNotFound {
		t.Errorf("mentor sees forms: %d", r.Status)
	}
	if r := env.As(t, "admin").Get(t, "/survey/rounds"); r.Status != http.StatusNotFound {
		t.Errorf("admin outside partnerships: %d", r.Status)
	}
}

func TestSurveyStaffPromptUpload(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	fa := surveyForm(t, env, "a", "A", false)
	fb := surveyForm(t, env, "b", "B", false)
	post := func(c *servertest.Client, f survey.Form, content []byte) *servertest.Response {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("_csrf", c.CSRF(t))
		_ = w.WriteField("question", "sign")
		_ = w.WriteField("lang", "fr")
		fw, _ := w.CreateFormFile("file", "vraag.ogg")
		_, _ = fw.Write(content)
		_ = w.Close()
		return c.Do(t, http.MethodPost, fmt.Sprintf("/survey/forms/%d/audio", f.ID), &buf, w.FormDataContentType())
	}
	ogg := append([]byte("OggS\x00\x02"), bytes.Repeat([]byte{1}, 200)...)
	ca := env.As(t, "coordinator@a")
	if r := post(ca, fa, ogg); r.Status != http.StatusSeeOther {
		t.Fatalf("upload prompt: %d %s", r.Status, r.Body)
	}
	if r := ca.Get(t, fmt.Sprintf("/survey/forms/%d/audio/sign/fr", fa.ID)); r.Status != 200 || r.Header.Get("Content-Type") != "audio/ogg" {
		t.Errorf("play prompt: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	if r := post(ca, fa, []byte("<html>not audio</html>")); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Dit is geen geluidsopname.") {
		t.Errorf("text as prompt: %d", r.Status)
	}
	if r := post(ca, fb, ogg); r.Status != http.StatusNotFound {
		t.Errorf("A uploads to B's form: %d", r.Status)
	}
	if r := post(env.As(t, "partner@a"), fa, ogg); r.Status != http.StatusForbidden {
		t.Errorf("partner uploads: %d", r.Status)
	}
	// Published and used in a round, the prompt is listed as audio_url and plays publicly.
	sc := env.Scope(t, "coordinator@a")
	if r := ca.PostForm(t, fmt.Sprintf("/survey/forms/%d/publish", fa.ID), url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Status)
	}
	r, err := survey.CreateRound(context.Background(), env.DB, sc, survey.RoundInput{PartnershipID: env.Fix.A.ID, FormID: fa.ID, Title: "P", AnonymousAllowed: true}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var got survey.PublicRound
	env.Client(t).Get(t, "/api/v1/rounds/"+r.Code+"?lang=fr").JSON(t, &got)
	var audioURL string
	for _, q := range got.Form.Questions {
		if q.ID == "sign" {
			audioURL = q.AudioURL
		}
	}
	if !strings.HasPrefix(audioURL, "/api/v1/rounds/"+r.Code+"/audio/prompts/sign/fr") {
		t.Fatalf("audio_url = %q", audioURL)
	}
	if resp := env.Client(t).Get(t, audioURL); resp.Status != 200 || resp.Header.Get("Content-Type") != "audio/ogg" || resp.Body != string(ogg) {
		t.Errorf("public prompt: %d %s", resp.Status, resp.Header.Get("Content-Type"))
	}
}
