package main

import (
	"bytes"
	"strings"
	"testing"

	"oogst/mt"
)

// TestTranslateConfig: machine translation is off by default; one service at a time;
// a bad setting exits 2 with one line naming the variable.
func TestTranslateConfig(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		name string
	}{
		{map[string]string{"OOGST_TRANSLATE_URL": "translate.internal:5000"}, "OOGST_TRANSLATE_URL"},
		{map[string]string{"OOGST_TRANSLATE_URL": "ftp://translate.internal"}, "OOGST_TRANSLATE_URL"},
		{map[string]string{"OOGST_TRANSLATE_KEY": "k"}, "OOGST_TRANSLATE_KEY"},
		{map[string]string{"OOGST_TRANSLATE_URL": "http://127.0.0.1:5000", "OOGST_DEEPL_KEY": "abc:fx"}, "OOGST_DEEPL_KEY"},
		{map[string]string{"OOGST_DEEPL_KEY": "abc def"}, "OOGST_DEEPL_KEY"},
		{map[string]string{"OOGST_TRANSCRIBE_URL": "whisper:8080"}, "OOGST_TRANSCRIBE_URL"},
		{map[string]string{"OOGST_TRANSCRIBE_URL": "http://127.0.0.1:8080/v1/audio/transcriptions"}, "OOGST_TRANSCRIBE_URL"},
	} {
		c.env["OOGST_DATA_DIR"] = t.TempDir()
		var out, errb bytes.Buffer
		if code := run([]string{"migrate", "status"}, func(k string) string { return c.env[k] }, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", c.env, code)
		}
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], c.name) {
			t.Errorf("%v: want one line naming %s, got %q", c.env, c.name, errb.String())
		}
	}
	get := func(env map[string]string) config {
		cfg, err := loadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	if tr := get(nil).translator(); tr != nil {
		t.Fatalf("default translator = %v, want none", tr)
	}
	if tr := get(nil).transcriber(); tr != nil {
		t.Fatalf("default transcriber = %v, want none", tr)
	}
	wh, ok := get(map[string]string{"OOGST_TRANSCRIBE_URL": "http://127.0.0.1:8080/"}).transcriber().(*mt.Whisper)
	if !ok || wh.URL != "http://127.0.0.1:8080" || wh.Model != "whisper-1" {
		t.Fatalf("whisper = %#v", wh)
	}
	lt, ok := get(map[string]string{"OOGST_TRANSLATE_URL": "http://127.0.0.1:5000/", "OOGST_TRANSLATE_KEY": "k1"}).translator().(*mt.LibreTranslate)
	if !ok || lt.URL != "http://127.0.0.1:5000" || lt.Key != "k1" {
		t.Fatalf("libretranslate = %#v", lt)
	}
	dl, ok := get(map[string]string{"OOGST_DEEPL_KEY": "abc:fx"}).translator().(*mt.DeepL)
	if !ok || dl.Host() != "https://api-free.deepl.com" {
		t.Fatalf("deepl = %#v", dl)
	}
}
