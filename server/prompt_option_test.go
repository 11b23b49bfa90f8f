package server_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"oogst/db/dbtest"
	"oogst/server/servertest"
	"oogst/survey"
)

// TestSurveyStaffOptionPromptUpload: a coordinator records an answer choice (not only
// the question) in the form editor; the tablet gets it as the option's audio_url, and
// a choice the question does not have is refused.
func TestSurveyStaffOptionPromptUpload(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	fa := surveyForm(t, env, "a", "A", false)
	ca := env.As(t, "coordinator@a")
	post := func(key string) *servertest.Response {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("_csrf", ca.CSRF(t))
		_ = w.WriteField("question", key)
		_ = w.WriteField("lang", "fr")
		fw, _ := w.CreateFormFile("file", "keuze.ogg")
		_, _ = fw.Write(append([]byte("OggS\x00\x02"), bytes.Repeat([]byte{1}, 200)...))
		_ = w.Close()
		return ca.Do(t, http.MethodPost, fmt.Sprintf("/survey/forms/%d/audio", fa.ID), &buf, w.FormDataContentType())
	}
	editor := ca.Get(t, fmt.Sprintf("/survey/forms/%d", fa.ID))
	if !strings.Contains(editor.Body, `<option value="sign.positive">`) {
		t.Error("the editor offers no recording per answer choice")
	}
	if r := post("sign.positive"); r.Status != http.StatusSeeOther {
		t.Fatalf("upload option prompt: %d %s", r.Status, r.Body)
	}
	if r := post("sign.maybe"); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("prompt for an unknown choice: %d", r.Status)
	}
	if r := ca.Get(t, fmt.Sprintf("/survey/forms/%d/audio/sign.positive/fr", fa.ID)); r.Status != 200 {
		t.Errorf("play option prompt in the editor: %d", r.Status)
	}
	if r := ca.PostForm(t, fmt.Sprintf("/survey/forms/%d/publish", fa.ID), url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Status)
	}
	r, err := survey.CreateRound(context.Background(), env.DB, env.Scope(t, "coordinator@a"),
		survey.RoundInput{PartnershipID: env.Fix.A.ID, FormID: fa.ID, Title: "P", AnonymousAllowed: true}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var got survey.PublicRound
	env.Client(t).Get(t, "/api/v1/rounds/"+r.Code+"?lang=fr").JSON(t, &got)
	urls := map[string]string{}
	for _, q := range got.Form.Questions {
		for _, o := range q.Options {
			urls[q.ID+"."+o.ID] = o.AudioURL
		}
	}
	if !strings.HasPrefix(urls["sign.positive"], "/api/v1/rounds/"+r.Code+"/audio/prompts/sign.positive/fr?v=") || urls["sign.negative"] != "" {
		t.Fatalf("option audio: %v", urls)
	}
	if resp := env.Client(t).Get(t, urls["sign.positive"]); resp.Status != 200 || resp.Header.Get("Content-Type") != "audio/ogg" {
		t.Errorf("tablet plays the option prompt: %d %s", resp.Status, resp.Header.Get("Content-Type"))
	}
}
