package mt_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"oogst/mt"
)

// libreFake follows LibreTranslate's documented POST /translate: JSON {q, source,
// target, format, api_key} → {"translatedText": "..."}; errors as {"error": "..."}.
func libreFake(t *testing.T, key string, status *int, retryAfter string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/translate" || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Errorf("request %s %s %s", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
		}
		var req map[string]any
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("body: %v", err)
		}
		w.Header().Set("Content-Type", "application/json")
		if *status != 200 {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(*status)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "Slowdown: 10 per 1 minute"})
			return
		}
		if req["api_key"] != key && !(key == "" && req["api_key"] == nil) {
			w.WriteHeader(http.StatusForbidden)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "Invalid API key"})
			return
		}
		if req["format"] != "text" || req["source"] != "ar" || req["target"] != "nl" {
			t.Errorf("request fields %v", req)
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"translatedText": "NL(" + req["q"].(string) + ")"})
	}))
}

func TestLibreTranslate(t *testing.T) {
	ok := 200
	srv := libreFake(t, "k1", &ok, "")
	defer srv.Close()
	l := &mt.LibreTranslate{URL: srv.URL + "/", Key: "k1"}
	out, err := l.Translate(context.Background(), "ar", "nl", []string{"مرحبا", "", "شكرا"})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != "NL(مرحبا)" || out[1] != "" || out[2] != "NL(شكرا)" {
		t.Fatalf("out = %q", out)
	}
	// A wrong key: 403, not permanent (the admin can fix the key), message kept.
	l.Key = "wrong"
	_, err = l.Translate(context.Background(), "ar", "nl", []string{"x"})
	var me *mt.Error
	if !errors.As(err, &me) || me.Status != 403 || me.Permanent() || me.Msg != "Invalid API key" {
		t.Fatalf("403: %#v", err)
	}
	// Rate limited with Retry-After in seconds.
	limited := 429
	srv2 := libreFake(t, "", &limited, "42")
	defer srv2.Close()
	_, err = (&mt.LibreTranslate{URL: srv2.URL}).Translate(context.Background(), "ar", "nl", []string{"x"})
	if !errors.As(err, &me) || me.Status != 429 || me.RetryAfter() != 42*time.Second {
		t.Fatalf("429: %#v", err)
	}
	// A server error, and a bad request (given up).
	for _, st := range []int{500, 400} {
		s := st
		srv3 := libreFake(t, "", &s, "")
		_, err = (&mt.LibreTranslate{URL: srv3.URL}).Translate(context.Background(), "ar", "nl", []string{"x"})
		srv3.Close()
		if !errors.As(err, &me) || me.Status != st || me.Permanent() != (st == 400) {
			t.Fatalf("%d: %#v", st, err)
		}
	}
}

// TestServiceTimeout: a service that does not answer in time is an error without a
// status, retried later; the error never carries the text.
func TestServiceTimeout(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang }))
	defer srv.Close()
	defer close(hang)
	for _, tr := range []interface {
		Translate(context.Context, string, string, []string) ([]string, error)
	}{&mt.LibreTranslate{URL: srv.URL, Timeout: 100 * time.Millisecond}, &mt.DeepL{Key: "k", BaseURL: srv.URL, Timeout: 100 * time.Millisecond}} {
		start := time.Now()
		_, err := tr.Translate(context.Background(), "ar", "nl", []string{"geheim verhaal"})
		var me *mt.Error
		if !errors.As(err, &me) || me.Status != 0 || me.Permanent() || time.Since(start) > 5*time.Second {
			t.Fatalf("timeout: %#v after %v", err, time.Since(start))
		}
		if strings.Contains(err.Error(), "geheim") || !strings.Contains(err.Error(), "no answer in time") {
			t.Fatalf("error text %q", err.Error())
		}
	}
}

// deeplFake follows DeepL's documented POST /v2/translate: header Authorization:
// DeepL-Auth-Key KEY, JSON {text: [...], target_lang, source_lang?} →
// {"translations": [{"detected_source_language", "text"}]}; 403 bad key, 429 too many
// requests, 456 quota exceeded, 5xx.
func deeplFake(t *testing.T, status int, retryAfter string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v2/translate" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		if r.Header.Get("Authorization") != "DeepL-Auth-Key secret:fx" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		if status != 200 {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]string{"message": "Too many requests"})
			return
		}
		var req struct {
			Text       []string `json:"text"`
			SourceLang string   `json:"source_lang"`
			TargetLang string   `json:"target_lang"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("body: %v", err)
		}
		type tr struct {
			Detected string `json:"detected_source_language"`
			Text     string `json:"text"`
		}
		var out []tr
		for _, x := range req.Text {
			out = append(out, tr{Detected: "AR", Text: req.TargetLang + "(" + req.SourceLang + ":" + x + ")"})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"translations": out})
	}))
}

func TestDeepL(t *testing.T) {
	if h := (&mt.DeepL{Key: "abc:fx"}).Host(); h != "https://api-free.deepl.com" {
		t.Fatalf("free host = %s", h)
	}
	if h := (&mt.DeepL{Key: "abc"}).Host(); h != "https://api.deepl.com" {
		t.Fatalf("pro host = %s", h)
	}
	srv := deeplFake(t, 200, "")
	defer srv.Close()
	d := &mt.DeepL{Key: "secret:fx", BaseURL: srv.URL}
	out, err := d.Translate(context.Background(), "ar", "fr", []string{"a", "", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != "FR(AR:a)" || out[1] != "" || out[2] != "FR(AR:c)" {
		t.Fatalf("out = %q", out)
	}
	// Persian is not a DeepL source language: DeepL detects it.
	out, _ = d.Translate(context.Background(), "fa", "nl", []string{"b"})
	if out[0] != "NL(:b)" {
		t.Fatalf("fa = %q", out)
	}
	var me *mt.Error
	_, err = (&mt.DeepL{Key: "wrong", BaseURL: srv.URL}).Translate(context.Background(), "ar", "nl", []string{"x"})
	if !errors.As(err, &me) || me.Status != 403 || me.Msg != "key refused" {
		t.Fatalf("403: %#v", err)
	}
	for _, c := range []struct {
		status int
		after  string
		want   time.Duration
		msg    string
	}{{429, "7", 7 * time.Second, "Too many requests"}, {456, "", 0, "character quota used up"}, {503, "", 0, "Too many requests"}} {
		s := deeplFake(t, c.status, c.after)
		_, err := (&mt.DeepL{Key: "secret:fx", BaseURL: s.URL}).Translate(context.Background(), "ar", "nl", []string{"x"})
		s.Close()
		if !errors.As(err, &me) || me.Status != c.status || me.RetryAfter() != c.want || me.Msg != c.msg || me.Permanent() {
			t.Fatalf("%d: %#v", c.status, err)
		}
	}
}

// TestWhisper follows the OpenAI-compatible POST /v1/audio/transcriptions: multipart
// with file and model → {"text"}; errors as {"error": {"message"}}.
func TestWhisper(t *testing.T) {
	status := 200
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/audio/transcriptions" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			t.Errorf("multipart: %v", err)
		}
		f, h, err := r.FormFile("file")
		if err != nil {
			t.Errorf("file: %v", err)
			return
		}
		b := make([]byte, 64)
		n, _ := f.Read(b)
		w.Header().Set("Content-Type", "application/json")
		if status != 200 {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"message": "model busy"}})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"text": " " + r.FormValue("model") + "|" + r.FormValue("language") + "|" + h.Filename + "|" + string(b[:n]) + " "})
	}))
	defer srv.Close()
	wh := &mt.Whisper{URL: srv.URL}
	got, err := wh.Transcribe(context.Background(), strings.NewReader("RIFFdata"), "a.wav", "ar")
	if err != nil || got != "whisper-1|ar|a.wav|RIFFdata" {
		t.Fatalf("got %q, %v", got, err)
	}
	status = 503
	_, err = wh.Transcribe(context.Background(), strings.NewReader("x"), "a.wav", "ar")
	var me *mt.Error
	if !errors.As(err, &me) || me.Status != 503 || me.Msg != "model busy" || me.RetryAfter() != 3*time.Second {
		t.Fatalf("503: %#v", err)
	}
}
