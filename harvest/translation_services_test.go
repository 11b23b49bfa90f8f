package harvest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"oogst/db"
	"oogst/harvest"
	"oogst/mt"
)

// TestWorkerAgainstServices runs the worker against in-process servers that follow
// LibreTranslate's and DeepL's documented shapes: a rate limit (429 with Retry-After),
// DeepL's quota error (456) and a server that does not answer in time are stored as the
// job's state (attempts, next try, last error) on both databases, and the draft arrives
// once the service answers.
func TestWorkerAgainstServices(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		var mode atomic.Value // "429", "456", "hang", "ok"
		mode.Store("429")
		hang := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "application/json")
			switch mode.Load().(string) {
			case "429":
				rw.Header().Set("Retry-After", "120")
				rw.WriteHeader(http.StatusTooManyRequests)
				_, _ = rw.Write([]byte(`{"error":"Too many requests","message":"Too many requests"}`))
				return
			case "456":
				rw.WriteHeader(456)
				_, _ = rw.Write([]byte(`{"message":"Quota exceeded"}`))
				return
			case "hang":
				select {
				case <-hang:
				case <-r.Context().Done():
				}
				return
			}
			if r.URL.Path == "/translate" {
				var req map[string]any
				_ = json.NewDecoder(r.Body).Decode(&req)
				_ = json.NewEncoder(rw).Encode(map[string]any{"translatedText": "LT " + req["q"].(string)})
				return
			}
			var req struct{ Text []string }
			_ = json.NewDecoder(r.Body).Decode(&req)
			out := []map[string]string{}
			for _, x := range req.Text {
				out = append(out, map[string]string{"detected_source_language": "FR", "text": "DL " + x})
			}
			_ = json.NewEncoder(rw).Encode(map[string]any{"translations": out})
		}))
		defer srv.Close()
		defer close(hang) // before Close: a hung handler must end first
		now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
		opt := harvest.WorkerOptions{Now: func() time.Time { return now }, Backoff: time.Minute}
		job := func(id int64) harvest.TranslationJob {
			var j harvest.TranslationJob
			d.Q(ctx).Where("outcome_id = ?", id).Take(&j)
			return j
		}
		for i, tr := range []harvest.Translator{&mt.LibreTranslate{URL: srv.URL, Timeout: 200 * time.Millisecond}, &mt.DeepL{Key: "k:fx", BaseURL: srv.URL, Timeout: 200 * time.Millisecond}} {
			o := w.reflect(t, w.fix.A.ID, int64(1001+i), 1, "R", "Groep A", "positive", nil, now)
			mode.Store("429")
			if err := harvest.NewTranslationWorker(d, tr, opt).RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if j := job(o.ID); j.Attempts != 1 || !j.NextAt.Equal(now.Add(120*time.Second)) || j.LastError != tr.Name()+": HTTP 429: Too many requests" {
				t.Fatalf("%s after 429: %+v", tr.Name(), j)
			}
			now = now.Add(121 * time.Second)
			mode.Store("hang")
			if err := harvest.NewTranslationWorker(d, tr, opt).RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if j := job(o.ID); j.Attempts != 2 || !j.NextAt.Equal(now.Add(2*time.Minute)) || j.LastError != tr.Name()+": no answer in time" {
				t.Fatalf("%s after a time-out: %+v", tr.Name(), j)
			}
			if _, isDeepL := tr.(*mt.DeepL); isDeepL {
				now = now.Add(3 * time.Minute)
				mode.Store("456")
				if err := harvest.NewTranslationWorker(d, tr, opt).RunOnce(ctx); err != nil {
					t.Fatal(err)
				}
				if j := job(o.ID); j.Attempts != 3 || j.State != harvest.JobPending || j.LastError != "DeepL: HTTP 456: character quota used up" {
					t.Fatalf("DeepL after 456: %+v", j)
				}
				now = now.Add(5 * time.Minute)
			}
			now = now.Add(3 * time.Minute)
			mode.Store("ok")
			if err := harvest.NewTranslationWorker(d, tr, opt).RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			got, _ := harvest.Get(ctx, d, w.sc["coordinator@a"], o.ID)
			nl, ok := got.In("nl")
			want := map[string]string{"LibreTranslate": "LT Ik spreek nu Nederlands met de ouders", "DeepL": "DL Ik spreek nu Nederlands met de ouders"}[tr.Name()]
			if !ok || nl.ChangeText != want || nl.Service != tr.Name() || !nl.Draft() {
				t.Fatalf("%s draft = %+v", tr.Name(), got.Translations)
			}
		}
	})
}
