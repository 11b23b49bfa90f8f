package server_test

// TEMPORARY: a stand-in for the survey API until branch survey is merged.

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

type fakeSurvey struct {
	mu        sync.Mutex
	responses map[string]json.RawMessage
	audio     map[string]int
}

func newTabletSite(t *testing.T) *tabletSite {
	env := servertest.New(t, dbtest.SQLite(t))
	f := &fakeSurvey{responses: map[string]json.RawMessage{}, audio: map[string]int{}}
	real := env.Server.Handler()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if !strings.HasPrefix(p, "/api/v1/rounds/DEMO42") {
			real.ServeHTTP(w, r)
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case p == "/api/v1/rounds/DEMO42":
			lang := r.URL.Query().Get("lang")
			txt := map[string]string{"nl": "Welke verandering zag je bij jezelf?", "ar": "ما التغيير الذي رأيته في نفسك؟"}[lang]
			fb := txt == ""
			if fb {
				txt = "Welke verandering zag je bij jezelf?"
			}
			json.NewEncoder(w).Encode(map[string]any{"code": "DEMO42", "open": true, "anonymous_allowed": true, "languages": []string{"nl", "fr", "en", "ar"},
				"form": map[string]any{"id": 1, "version": 1, "questions": []any{
					map[string]any{"id": "change", "type": "long_text", "required": true, "text": txt, "fallback": fb, "allow_voice": true, "help": "", "options": []any{}},
					map[string]any{"id": "sign", "type": "sign", "required": true, "text": "Positief of negatief?", "options": []any{
						map[string]any{"id": "positive", "text": "Positief", "icon": "positive"}, map[string]any{"id": "negative", "text": "Negatief", "icon": "negative"}, map[string]any{"id": "both", "text": "Allebei", "icon": "both"}}},
					map[string]any{"id": "blocks", "type": "multiple_choice", "required": false, "text": "Wat hielp?", "options": []any{
						map[string]any{"id": "training", "text": "Opleiding", "icon": "training"}, map[string]any{"id": "guidance", "text": "Begeleiding", "icon": "guidance"}}},
				}}})
		case p == "/api/v1/rounds/DEMO42/cursists":
			w.Write([]byte(`[{"code":"KAAA","first_name":"Amina"},{"code":"KABA","first_name":"Olena"}]`))
		case p == "/api/v1/rounds/DEMO42/audio":
			file, _, err := r.FormFile("file")
			if err != nil {
				w.WriteHeader(422)
				return
			}
			b, _ := io.ReadAll(file)
			f.audio[r.FormValue("id")] = len(b)
			w.WriteHeader(201)
			json.NewEncoder(w).Encode(map[string]any{"id": r.FormValue("id"), "size": len(b), "mime": "audio/webm"})
		case p == "/api/v1/rounds/DEMO42/responses":
			b, _ := io.ReadAll(r.Body)
			var s struct{ ID string }
			json.Unmarshal(b, &s)
			if _, ok := f.responses[s.ID]; ok {
				w.WriteHeader(200)
			} else {
				f.responses[s.ID] = b
				w.WriteHeader(201)
			}
			w.Write(b)
		}
	}))
	t.Cleanup(hs.Close)
	return &tabletSite{URL: hs.URL, count: func(t *testing.T) int {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.responses)
	}, bodies: func(t *testing.T) []string {
		f.mu.Lock()
		defer f.mu.Unlock()
		var out []string
		for _, b := range f.responses {
			out = append(out, string(b))
		}
		return out
	}, audioSize: func(t *testing.T, id string) int {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.audio[id]
	}}
}
