package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"oogst/harvest"
	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

// TestCursistExportAndErase: a coordinator downloads everything held about one cursist
// (answers, voice answer, outcomes with history) and then erases her: answers and audio
// are gone, her outcomes stay anonymised so the dashboard totals do not change, and
// both acts are in the audit log.
func TestCursistExportAndErase(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		r := surveyRound(t, env, "a", "Reflectie", false)
		tablet := env.Client(t)
		voice := uuid.NewString()
		audio := webm(700)
		if resp := upload(t, tablet, r.Code, voice, audio); resp.Status != http.StatusCreated {
			t.Fatalf("upload: %d", resp.Status)
		}
		stories := []string{"Ik sprak voor het eerst met een mama over haar kind.", "Ik kwam elke dag op tijd."}
		for i, story := range stories {
			answers := goodAnswers()
			answers["change"] = story
			if i == 0 {
				answers["change"] = map[string]any{"text": story, "voice": voice}
			}
			body := submitBody(uuid.NewString(), answers)
			body["cursist"] = "KAAA"
			if resp := tablet.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", body); resp.Status != http.StatusCreated {
				t.Fatalf("submit: %d %s", resp.Status, resp.Body)
			}
		}
		cid := env.Fix.Cursists["KAAA"].ID
		coord := env.As(t, "coordinator@a")
		before := aggregateTotal(t, coord, env.Fix.A.ID)
		if before != 2 {
			t.Fatalf("dashboard total before: %d", before)
		}

		path := fmt.Sprintf("/people/%d/cursists/%d", env.Fix.A.ID, cid)
		if resp := coord.PostForm(t, path+"/status", url.Values{"status": {"paused"}, "effective_on": {"2026-02-10"}}); resp.Status != http.StatusSeeOther {
			t.Fatalf("status: %d", resp.Status)
		}
		resp := coord.Get(t, path+"/export.zip")
		if resp.Status != 200 || resp.Header.Get("Content-Type") != "application/zip" {
			t.Fatalf("export: %d %s", resp.Status, resp.Header.Get("Content-Type"))
		}
		files := unzip(t, []byte(resp.Body))
		if !strings.Contains(files["cursist.json"], `"code": "KAAA"`) || !strings.Contains(files["cursist.json"], "CursistKAAA") ||
			!strings.Contains(files["cursist.json"], `"status": "paused"`) || !strings.Contains(files["cursist.json"], `"effective_on": "2026-02-10"`) {
			t.Errorf("cursist.json: %s", files["cursist.json"])
		}
		for _, story := range stories {
			if !strings.Contains(files["responses.json"], story) || !strings.Contains(files["outcomes.json"], story) {
				t.Errorf("export lacks %q", story)
			}
		}
		var voiceFile string
		for name, content := range files {
			if strings.HasPrefix(name, "voice/") {
				voiceFile = name
				if content != string(audio) {
					t.Errorf("voice answer in the export differs from the upload")
				}
			}
		}
		if voiceFile == "" || !strings.Contains(files["responses.json"], voiceFile) {
			t.Errorf("voice answer missing from the export: %v", keys(files))
		}
		// Nobody else gets it.
		for _, who := range []string{"partner@a", "mentor@a", "coordinator@b", "admin"} {
			if r := env.As(t, who).Get(t, path+"/export.zip"); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
				t.Errorf("%s exported A's cursist: %d", who, r.Status)
			}
		}

		resp = coord.PostForm(t, path+"/erase", url.Values{})
		if resp.Status != http.StatusSeeOther {
			t.Fatalf("erase: %d %s", resp.Status, resp.Body)
		}
		var n int64
		env.DB.Q(context.Background()).Model(&survey.Response{}).Where("cursist_id = ?", cid).Count(&n)
		if n != 0 {
			t.Errorf("%d responses left", n)
		}
		env.DB.Q(context.Background()).Model(&survey.Attachment{}).Where("client_id = ?", voice).Count(&n)
		left, _ := filepath.Glob(filepath.Join(survey.UploadsDir(env.DataDir), "*"))
		if n != 0 || len(left) != 0 {
			t.Errorf("voice answer left: %d rows, files %v", n, left)
		}
		env.DB.Q(context.Background()).Model(&people.Cursist{}).Where("id = ?", cid).Count(&n)
		if n != 0 {
			t.Error("cursist record left")
		}
		var outs []harvest.Outcome
		env.DB.Q(context.Background()).Where("partnership_id = ? AND round_id = ?", env.Fix.A.ID, r.ID).Find(&outs)
		if len(outs) != 2 {
			t.Fatalf("outcomes after erase: %d, want 2 (anonymised, not removed)", len(outs))
		}
		for _, o := range outs {
			if o.CursistID != nil || o.ChangeText != "" || o.SignificanceText != "" || o.VoiceAttachmentIDs != "" || o.Sign != "positive" {
				t.Errorf("outcome %d not anonymised as expected: %+v", o.ID, o)
			}
		}
		if after := aggregateTotal(t, coord, env.Fix.A.ID); after != before {
			t.Errorf("dashboard total changed by the erasure: %d → %d", before, after)
		}
		var actions []string
		env.DB.Q(context.Background()).Model(&people.AuditEntry{}).Where("partnership_id = ? AND action LIKE ?", env.Fix.A.ID, "cursist.%").Order("id").Pluck("action", &actions)
		if strings.Join(actions, ",") != "cursist.changed,cursist.exported,cursist.erased" { // the status change, then the export
			t.Errorf("audit: %v", actions)
		}
	})
}

func aggregateTotal(t *testing.T, c *servertest.Client, pid int64) int {
	t.Helper()
	var a struct {
		Total int `json:"total"`
	}
	resp := c.Get(t, fmt.Sprintf("/api/v1/partnerships/%d/aggregates", pid))
	if resp.Status != 200 {
		t.Fatalf("aggregates: %d %s", resp.Status, resp.Body)
	}
	resp.JSON(t, &a)
	return a.Total
}

func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(data)
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
