package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
	"oogst/survey"
)

// TestRetentionDeletesOldTextAndVoice runs the daily job under a fake clock: after the
// retention period, free text and voice answers are gone (rows and files), choices stay,
// and newer responses are untouched. The privacy page states the period.
func TestRetentionDeletesOldTextAndVoice(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		start := time.Now().UTC()
		clock := &fakeClock{t: start}
		env := servertest.New(t, d, servertest.Options{Now: clock.Now, RetentionDays: 30})
		r := surveyRound(t, env, "a", "Oude ronde", true)
		c := env.Client(t)
		voice := uuid.NewString()
		if resp := upload(t, c, r.Code, voice, webm(500)); resp.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", resp.Status, resp.Body)
		}
		old := uuid.NewString()
		answers := goodAnswers()
		answers["change"] = map[string]any{"text": "Oude geheime tekst", "voice": voice}
		if resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(old, answers)); resp.Status != http.StatusCreated {
			t.Fatalf("old submit: %d %s", resp.Status, resp.Body)
		}
		clock.Set(start.Add(20 * 24 * time.Hour))
		recent := uuid.NewString()
		if resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(recent, goodAnswers())); resp.Status != http.StatusCreated {
			t.Fatalf("recent submit: %d %s", resp.Status, resp.Body)
		}
		files, _ := filepath.Glob(filepath.Join(survey.UploadsDir(env.DataDir), "*"))
		if len(files) != 1 {
			t.Fatalf("uploads before retention: %v", files)
		}

		// Day 25: nothing is old enough yet.
		clock.Set(start.Add(25 * 24 * time.Hour))
		env.Server.Housekeeping(context.Background())
		if a := answersOf(t, d, old); !strings.Contains(a, "Oude geheime tekst") {
			t.Fatalf("purged too early: %s", a)
		}
		// Day 31: the first response and the voice answer are past 30 days.
		clock.Set(start.Add(31 * 24 * time.Hour))
		env.Server.Housekeeping(context.Background())
		a := answersOf(t, d, old)
		if strings.Contains(a, "Oude geheime tekst") || strings.Contains(a, "Ik ben minder bang") || strings.Contains(a, voice) {
			t.Errorf("free text or voice kept after retention: %s", a)
		}
		var kept map[string]any
		if err := json.Unmarshal([]byte(a), &kept); err != nil {
			t.Fatal(err)
		}
		if kept["sign"] != "positive" || len(kept["blocks"].([]any)) != 2 {
			t.Errorf("choices not kept: %s", a)
		}
		// The outcome harvested from it lost the cursist's words too, not its sign.
		var o harvest.Outcome
		if err := d.Q(context.Background()).Joins("JOIN survey_responses ON survey_responses.id = outcomes.response_id").Where("survey_responses.client_id = ?", old).First(&o).Error; err != nil {
			t.Fatal(err)
		}
		if o.ChangeText != "" || o.SignificanceText != "" || o.VoiceAttachmentIDs != "" || o.Sign != "positive" {
			t.Errorf("outcome after retention: %+v", o)
		}
		var fresh harvest.Outcome
		d.Q(context.Background()).Joins("JOIN survey_responses ON survey_responses.id = outcomes.response_id").Where("survey_responses.client_id = ?", recent).First(&fresh)
		if fresh.SignificanceText != "Ik ben minder bang." {
			t.Errorf("a newer outcome lost its text: %+v", fresh)
		}
		if b := answersOf(t, d, recent); !strings.Contains(b, "Ik ben minder bang") {
			t.Errorf("a newer response was purged: %s", b)
		}
		var n int64
		d.Q(context.Background()).Model(&survey.Attachment{}).Where("client_id = ?", voice).Count(&n)
		files, _ = filepath.Glob(filepath.Join(survey.UploadsDir(env.DataDir), "*"))
		if n != 0 || len(files) != 0 {
			t.Errorf("voice answer left: %d rows, files %v", n, files)
		}
		// A retry of the purged submission still answers 200 (and stores nothing again).
		if resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(recent, goodAnswers())); resp.Status != http.StatusOK {
			t.Errorf("retry: %d", resp.Status)
		}
		page := env.Client(t).Get(t, "/privacy")
		if !strings.Contains(page.Body, "na 30 dagen automatisch gewist") {
			t.Errorf("privacy page does not state the period: %.400s", page.Body)
		}
		ar := env.Client(t)
		ar.Lang = "ar"
		if p := ar.Get(t, "/privacy"); !strings.Contains(p.Body, "بعد 30 يومًا") {
			t.Errorf("Arabic privacy page lacks the period with its plural form")
		}
	})
}

func answersOf(t *testing.T, d *db.DB, clientID string) string {
	t.Helper()
	var r survey.Response
	if err := d.Q(context.Background()).Where("client_id = ?", clientID).First(&r).Error; err != nil {
		t.Fatal(err)
	}
	return r.Answers
}
