package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/locale"
	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

func TestSurveyAPIRoundContract(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		r := surveyRound(t, env, "a", "Ronde januari", true)
		c := env.Client(t)
		resp := c.Get(t, "/api/v1/rounds/"+strings.ToLower(r.Code)+"?lang=ar")
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d: %s", resp.Status, resp.Body)
		}
		var raw map[string]any
		resp.JSON(t, &raw)
		for _, k := range []string{"code", "open", "anonymous_allowed", "languages", "form", "dir", "title"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("missing key %q in %s", k, resp.Body)
			}
		}
		var got survey.PublicRound
		resp.JSON(t, &got)
		if got.Code != r.Code || !got.Open || !got.AnonymousAllowed || got.Dir != "rtl" || len(got.Languages) != 11 {
			t.Errorf("round = %+v", got)
		}
		if len(got.Form.Questions) != 5 {
			t.Fatalf("questions: %d", len(got.Form.Questions))
		}
		q := got.Form.Questions[0]
		if q.ID != "change" || q.Type != survey.LongText || !q.Required || q.Text != "ما التغيير الذي لاحظته في نفسك؟" || q.Fallback || !q.AllowVoice {
			t.Errorf("first question = %+v", q)
		}
		blocks := got.Form.Questions[3]
		if blocks.Type != survey.MultipleChoice || len(blocks.Options) != 6 || blocks.Options[4].ID != "workplace" || blocks.Options[4].Icon != "workplace" || blocks.Options[4].Text == "" {
			t.Errorf("blocks = %+v", blocks)
		}
		qs := raw["form"].(map[string]any)["questions"].([]any)
		for _, k := range []string{"id", "type", "required", "text", "help", "options", "min", "max"} {
			if _, ok := qs[0].(map[string]any)[k]; !ok {
				t.Errorf("question lacks %q", k)
			}
		}
		// Unknown code: 404 with a JSON error.
		resp = c.Get(t, "/api/v1/rounds/XXXXXX")
		if resp.Status != http.StatusNotFound || !strings.Contains(resp.Body, `"error"`) {
			t.Errorf("unknown code: %d %s", resp.Status, resp.Body)
		}
	})
}

func TestSurveyAPIFallsBackToDutch(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	ctx := context.Background()
	now := time.Now()
	sc := env.Scope(t, "coordinator@a")
	f, err := survey.CreateForm(ctx, env.DB, sc, env.Fix.A.ID, "Korte vragen", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := survey.SaveQuestion(ctx, env.DB, sc, f.ID, survey.Question{ID: "q1", Type: survey.ShortText, Text: locale.Text{"nl": "Hoe heet je groep?"}}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := survey.Publish(ctx, env.DB, sc, f.ID, now); err != nil {
		t.Fatal(err)
	}
	r, err := survey.CreateRound(ctx, env.DB, sc, survey.RoundInput{PartnershipID: env.Fix.A.ID, FormID: f.ID, Title: "T", AnonymousAllowed: true}, now)
	if err != nil {
		t.Fatal(err)
	}
	var got survey.PublicRound
	env.Client(t).Get(t, "/api/v1/rounds/"+r.Code+"?lang=en").JSON(t, &got)
	q := got.Form.Questions[0]
	if q.Text != "Hoe heet je groep?" || !q.Fallback || got.Language != "en" || got.Dir != "ltr" {
		t.Errorf("fallback question = %+v (lang %s)", q, got.Language)
	}
}

func submitBody(id string, answers map[string]any) map[string]any {
	return map[string]any{"id": id, "language": "nl", "cursist": nil, "answers": answers}
}

func goodAnswers() map[string]any {
	return map[string]any{"change": "Ik durf nu te bellen naar de crèche.", "sign": "positive", "significance": "Ik ben minder bang.", "blocks": []string{"guidance", "training"}}
}

func TestSurveyAPISubmitContract(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		r := surveyRound(t, env, "a", "Ronde", true)
		c := env.Client(t)
		path := "/api/v1/rounds/" + r.Code + "/responses"
		id := uuid.NewString()
		first := c.SendJSON(t, http.MethodPost, path, submitBody(id, goodAnswers()))
		if first.Status != http.StatusCreated {
			t.Fatalf("first submit: %d %s", first.Status, first.Body)
		}
		var stored survey.StoredResponse
		first.JSON(t, &stored)
		if stored.ID != id || stored.Round != r.Code || stored.FormVersion != 1 || stored.Cursist != nil || stored.Language != "nl" {
			t.Errorf("stored = %+v", stored)
		}
		var answers map[string]any
		_ = json.Unmarshal(stored.Answers, &answers)
		if answers["sign"] != "positive" || len(answers["blocks"].([]any)) != 2 {
			t.Errorf("answers = %v", answers)
		}
		again := c.SendJSON(t, http.MethodPost, path, submitBody(id, goodAnswers()))
		if again.Status != http.StatusOK || again.Body != first.Body {
			t.Errorf("retry: %d\n%s\nwant\n%s", again.Status, again.Body, first.Body)
		}
		var n int64
		env.DB.Q(context.Background()).Model(&survey.Response{}).Count(&n)
		if n != 1 {
			t.Errorf("%d responses stored, want 1", n)
		}

		// Validation: one message per field, in the submission's language.
		bad := map[string]any{"id": uuid.NewString(), "language": "fr", "cursist": "NOPE", "answers": map[string]any{
			"change": strings.Repeat("a", survey.MaxLongText+1), "sign": "great", "blocks": "training", "nope": "x"}}
		resp := c.SendJSON(t, http.MethodPost, path, bad)
		if resp.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad submit: %d %s", resp.Status, resp.Body)
		}
		var errs apiError
		resp.JSON(t, &errs)
		want := map[string]string{
			"change":       "Ta réponse est trop longue. Utilise au maximum 5000 caractères.",
			"sign":         "Choisis une réponse dans la liste.",
			"blocks":       "Cette réponse ne correspond pas à la question.",
			"nope":         "Cette question n'existe pas.",
			"significance": "Réponds à cette question.",
			"cursist":      "Nous ne connaissons pas ce code dans ce groupe.",
		}
		for k, v := range want {
			if errs.Errors[k] != v {
				t.Errorf("errors[%s] = %q, want %q", k, errs.Errors[k], v)
			}
		}
		if len(errs.Errors) != len(want) {
			t.Errorf("errors = %v", errs.Errors)
		}
		// Bad language and bad uuid.
		resp = c.SendJSON(t, http.MethodPost, path, map[string]any{"id": "123", "language": "xx", "answers": goodAnswers()})
		if resp.Status != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, `"id"`) {
			t.Errorf("bad id: %d %s", resp.Status, resp.Body)
		}
		resp = c.SendJSON(t, http.MethodPost, path, map[string]any{"id": uuid.NewString(), "language": "de", "answers": goodAnswers()})
		if resp.Status != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, `"language"`) {
			t.Errorf("bad language: %d %s", resp.Status, resp.Body)
		}
		// Cursist of the round's group is accepted; one of another group is not.
		ok := submitBody(uuid.NewString(), goodAnswers())
		ok["cursist"] = "kaaa"
		ok["consent_version"] = "gent-2026-1"
		if resp := c.SendJSON(t, http.MethodPost, path, ok); resp.Status != http.StatusCreated || !strings.Contains(resp.Body, `"cursist":"KAAA"`) || !strings.Contains(resp.Body, `"consent_version":"gent-2026-1"`) {
			t.Errorf("cursist submit: %d %s", resp.Status, resp.Body)
		}
		var kaaa people.Cursist
		env.DB.Q(context.Background()).First(&kaaa, env.Fix.Cursists["KAAA"].ID)
		if kaaa.ConsentVersion != "gent-2026-1" || kaaa.ConsentAt == nil {
			t.Errorf("consent not recorded on the cursist: %+v", kaaa)
		}
		other := submitBody(uuid.NewString(), goodAnswers())
		other["cursist"] = "KACA" // Groep B
		if resp := c.SendJSON(t, http.MethodPost, path, other); resp.Status != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, `"cursist"`) {
			t.Errorf("other group: %d %s", resp.Status, resp.Body)
		}
		// The same id in another round is a conflict.
		r2 := surveyRound(t, env, "a", "Andere ronde", true)
		resp = c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r2.Code+"/responses", submitBody(id, goodAnswers()))
		if resp.Status != http.StatusConflict {
			t.Errorf("id in other round: %d %s", resp.Status, resp.Body)
		}
		// Closed round (by its coordinator): 409 with a message on "round"; a retry of an
		// earlier answer still gets 200.
		if resp := env.As(t, "coordinator@a").PostForm(t, fmt.Sprintf("/survey/rounds/%d/close", r.ID), nil); resp.Status >= 400 {
			t.Fatalf("close round: %d", resp.Status)
		}
		resp = c.SendJSON(t, http.MethodPost, path, submitBody(uuid.NewString(), goodAnswers()))
		if resp.Status != http.StatusConflict || !strings.Contains(resp.Body, `"round":"Deze ronde is gesloten.`) {
			t.Errorf("closed: %d %s", resp.Status, resp.Body)
		}
		if resp := c.SendJSON(t, http.MethodPost, path, submitBody(id, goodAnswers())); resp.Status != http.StatusOK || resp.Body != first.Body {
			t.Errorf("retry after close: %d %s", resp.Status, resp.Body)
		}
	})
}

func TestSurveyAPIAnonymousNotAllowed(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	r := surveyRound(t, env, "a", "Ronde", false)
	c := env.Client(t)
	resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(uuid.NewString(), goodAnswers()))
	if resp.Status != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, `"cursist":"Kies eerst wie je bent."`) {
		t.Errorf("anonymous: %d %s", resp.Status, resp.Body)
	}
	var list struct {
		Items []struct{ Code, FirstName string } `json:"items"`
		Total int                                `json:"total"`
	}
	c.Get(t, "/api/v1/rounds/"+r.Code+"/cursists").JSON(t, &list)
	if list.Total != 2 || list.Items[0].Code != "KAAA" || list.Items[1].Code != "KABA" {
		t.Errorf("cursists = %+v", list)
	}
}

func TestSurveyAPIJoinRateLimit(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	c := env.Client(t)
	var last *servertest.Response
	for i := 0; i < 21; i++ {
		last = c.Get(t, fmt.Sprintf("/api/v1/rounds/ZZZZ%02d", i))
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Errorf("21st wrong code: %d %s", last.Status, last.Body)
	}
}

func upload(t *testing.T, c *servertest.Client, code, id string, content []byte) *servertest.Response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("id", id)
	fw, _ := w.CreateFormFile("file", "answer.webm")
	_, _ = fw.Write(content)
	_ = w.Close()
	return c.Do(t, http.MethodPost, "/api/v1/rounds/"+code+"/audio", &buf, w.FormDataContentType())
}

func webm(n int) []byte {
	b := append([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01}, []byte("webm")...)
	return append(b, bytes.Repeat([]byte{7}, n)...)
}

func TestSurveyAPIAudio(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		env := servertest.New(t, d, servertest.Options{MaxUploadBytes: 64 << 10})
		r := surveyRound(t, env, "a", "Ronde", true)
		c := env.Client(t)
		id := uuid.NewString()
		resp := upload(t, c, r.Code, id, webm(1000))
		if resp.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", resp.Status, resp.Body)
		}
		var a struct {
			ID   string `json:"id"`
			Size int64  `json:"size"`
			Mime string `json:"mime"`
		}
		resp.JSON(t, &a)
		if a.ID != id || a.Size != int64(len(webm(1000))) || a.Mime != "audio/webm" {
			t.Errorf("attachment = %+v", a)
		}
		again := upload(t, c, r.Code, id, webm(1000))
		if again.Status != http.StatusOK || again.Body != resp.Body {
			t.Errorf("second upload: %d %s", again.Status, again.Body)
		}
		files, _ := filepath.Glob(filepath.Join(env.DataDir, "uploads", "*"))
		if len(files) != 1 {
			t.Errorf("files in uploads: %v", files)
		}
		// A text file named .webm is refused by its content.
		if resp := upload(t, c, r.Code, uuid.NewString(), []byte("hello, I am text pretending to be audio")); resp.Status != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, `"file"`) {
			t.Errorf("text upload: %d %s", resp.Status, resp.Body)
		}
		// Over the limit.
		if resp := upload(t, c, r.Code, uuid.NewString(), webm(70<<10)); resp.Status != http.StatusRequestEntityTooLarge && resp.Status != http.StatusUnprocessableEntity {
			t.Errorf("oversize upload: %d %s", resp.Status, resp.Body)
		}
		files, _ = filepath.Glob(filepath.Join(env.DataDir, "uploads", "*"))
		if len(files) != 1 {
			t.Errorf("files after refused uploads: %v", files)
		}
		var n int64
		env.DB.Q(context.Background()).Model(&survey.Attachment{}).Count(&n)
		if n != 1 {
			t.Errorf("%d attachments, want 1", n)
		}
		// A voice answer refers to the attachment; an unknown uuid is refused.
		ans := goodAnswers()
		ans["change"] = map[string]any{"text": "", "voice": id}
		if resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(uuid.NewString(), ans)); resp.Status != http.StatusCreated {
			t.Errorf("voice answer: %d %s", resp.Status, resp.Body)
		}
		ans["change"] = map[string]any{"text": "", "voice": uuid.NewString()}
		if resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(uuid.NewString(), ans)); resp.Status != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, `"change"`) {
			t.Errorf("unknown voice: %d %s", resp.Status, resp.Body)
		}
		// Staff playback: coordinator of A hears it; B's coordinator gets 404.
		if resp := env.As(t, "coordinator@a").Get(t, "/attachments/"+id); resp.Status != http.StatusOK || resp.Header.Get("Content-Type") != "audio/webm" || len(resp.Body) != len(webm(1000)) {
			t.Errorf("playback: %d %s", resp.Status, resp.Header.Get("Content-Type"))
		}
		if resp := env.As(t, "coordinator@b").Get(t, "/attachments/"+id); resp.Status != http.StatusNotFound {
			t.Errorf("playback by B: %d", resp.Status)
		}
		_ = os.Remove
	})
}

func TestSurveyOpenAPIDescribesTabletRoutes(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	env.Client(t).Get(t, "/api/v1/openapi.json").JSON(t, &doc)
	for p, m := range map[string]string{"/rounds/{code}": "get", "/rounds/{code}/responses": "post", "/rounds/{code}/cursists": "get", "/rounds/{code}/audio": "post", "/rounds/{code}/audio/prompts/{question}/{lang}": "get"} {
		if _, ok := doc.Paths[p][m]; !ok {
			t.Errorf("openapi lacks %s %s", m, p)
		}
	}
}
