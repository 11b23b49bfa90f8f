package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/mt"
	"oogst/server/servertest"
	"oogst/survey"
)

// TestVoiceTranscripts: with OOGST_TRANSCRIBE_URL set, a voice answer is sent to the
// OpenAI-compatible endpoint and its transcript appears on the outcome page, marked as
// automatic; staff correct it (a stale save is a conflict keeping the typed text);
// the inbox finds the outcome by its transcript; the privacy and admin pages name the
// service.
func TestVoiceTranscripts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var heard []string
		whisper := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			f, h, err := r.FormFile("file")
			if r.URL.Path != "/v1/audio/transcriptions" || err != nil || r.FormValue("model") != "whisper-1" {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			var b bytes.Buffer
			_, _ = b.ReadFrom(f)
			heard = append(heard, fmt.Sprintf("%s %d %s", h.Filename[len(h.Filename)-4:], b.Len(), r.FormValue("language")))
			_ = json.NewEncoder(w).Encode(map[string]string{"text": "Ik bel nu zelf naar de crèche"})
		}))
		defer whisper.Close()
		env := servertest.New(t, d, servertest.Options{Transcriber: &mt.Whisper{URL: whisper.URL},
			TranslateWorker: harvest.WorkerOptions{Interval: 50 * time.Millisecond}})
		ctx := context.Background()
		r := surveyRound(t, env, "a", "Ronde", true)
		ogg := append([]byte("OggS\x00\x02"), bytes.Repeat([]byte{1}, 200)...)
		att, _, err := survey.SaveAttachment(ctx, env.DB, env.DataDir, r.Code, uuid.NewString(), bytes.NewReader(ogg), 1<<20, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		o, err := harvest.CreateFromReflection(ctx, d, harvest.ReflectionInput{ResponseID: 7001, PartnershipID: env.Fix.A.ID, RoundID: r.ID,
			GroupName: "Groep A", Language: "nl", VoiceAttachmentIDs: []int64{att.ID}, SubmittedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		coord := env.As(t, "coordinator@a")
		path := fmt.Sprintf("/outcomes/%d", o.ID)
		deadline := time.Now().Add(30 * time.Second)
		var page string
		for {
			page = coord.Get(t, path).Body
			if strings.Contains(page, "Ik bel nu zelf naar de crèche") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("no machine transcript within 30 s")
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(page, "Automatisch uitgeschreven, nog niet nagekeken") || len(heard) != 1 || heard[0] != ".ogg 206 nl" {
			t.Fatalf("machine transcript not marked, or service heard %v", heard)
		}
		// The inbox finds it by a word of the transcript.
		if b := coord.Get(t, "/outcomes?status=all&q=CR%C3%88CHE").Body; !strings.Contains(b, fmt.Sprintf(`data-id="%d"`, o.ID)) {
			t.Error("inbox search does not find the outcome by its transcript")
		}
		tpath := fmt.Sprintf("%s/voices/%d/transcript", path, att.ID)
		if r := coord.PostForm(t, tpath, url.Values{"transcript": {"Ik bel nu zelf naar de kinderopvang"}, "transcript_version": {"1"}}); r.Status != http.StatusSeeOther || r.Header.Get("Location") != fmt.Sprintf("%s#voice-%d", path, att.ID) {
			t.Fatalf("save: %d %s", r.Status, r.Header.Get("Location"))
		}
		r2 := coord.PostForm(t, tpath, url.Values{"transcript": {"Ander tabblad"}, "transcript_version": {"1"}})
		if r2.Status != http.StatusConflict || !strings.Contains(r2.Body, `id="edit-conflict"`) || !strings.Contains(r2.Body, "Ander tabblad") || !strings.Contains(r2.Body, "Ik bel nu zelf naar de kinderopvang") {
			t.Fatalf("stale save: %d", r2.Status)
		}
		page = coord.Get(t, path).Body
		if !strings.Contains(page, "Uitgeschreven door een medewerker") || strings.Contains(page, "Automatisch uitgeschreven") {
			t.Error("corrected transcript not shown as a person's")
		}
		if b := env.Client(t).Get(t, "/privacy?lang=fr").Body; !strings.Contains(b, `id="privacy-transcription"`) || !strings.Contains(b, "au service Whisper") {
			t.Error("privacy page does not name the speech-to-text service")
		}
		if b := env.As(t, "admin").Get(t, "/admin").Body; !strings.Contains(b, "Speech to text: Whisper") || !strings.Contains(b, "0 voice answers waiting to be transcribed") {
			t.Error("admin page lacks the transcription status")
		}
	})
}
