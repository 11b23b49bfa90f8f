package main

import (
	"net/url"
	"strings"

	"oogst/harvest"
	"oogst/mt"
)

// loadTranslate reads the machine translation settings: at most one service, a
// LibreTranslate-compatible server or DeepL.
func (c *config) loadTranslate(getenv func(string) string) error {
	c.TranslateURL = strings.TrimRight(strings.TrimSpace(getenv("OOGST_TRANSLATE_URL")), "/")
	c.TranslateKey = strings.TrimSpace(getenv("OOGST_TRANSLATE_KEY"))
	c.DeepLKey = strings.TrimSpace(getenv("OOGST_DEEPL_KEY"))
	if c.TranslateURL != "" {
		u, err := url.Parse(c.TranslateURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return badConfig("OOGST_TRANSLATE_URL: want the http(s) address of a LibreTranslate-compatible server, got %q", c.TranslateURL)
		}
		if c.DeepLKey != "" {
			return badConfig("OOGST_DEEPL_KEY: choose one translation service, not both OOGST_TRANSLATE_URL and OOGST_DEEPL_KEY")
		}
	} else if c.TranslateKey != "" {
		return badConfig("OOGST_TRANSLATE_KEY: set OOGST_TRANSLATE_URL too (the key is for that server)")
	}
	if strings.ContainsAny(c.DeepLKey, " \t\r\n") {
		return badConfig("OOGST_DEEPL_KEY: want the key as DeepL shows it, without spaces")
	}
	c.TranscribeURL = strings.TrimRight(strings.TrimSpace(getenv("OOGST_TRANSCRIBE_URL")), "/")
	c.TranscribeModel = envOr(getenv, "OOGST_TRANSCRIBE_MODEL", "whisper-1")
	if c.TranscribeURL != "" {
		u, err := url.Parse(c.TranscribeURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.HasSuffix(u.Path, "/transcriptions") {
			return badConfig("OOGST_TRANSCRIBE_URL: want the http(s) base address of an OpenAI-compatible server (without /v1/audio/transcriptions), got %q", c.TranscribeURL)
		}
	}
	return nil
}

// transcriber is the configured speech-to-text service, or nil.
func (c config) transcriber() harvest.Transcriber {
	if c.TranscribeURL == "" {
		return nil
	}
	return &mt.Whisper{URL: c.TranscribeURL, Model: c.TranscribeModel}
}

// translator is the configured machine translation service, or nil.
func (c config) translator() harvest.Translator {
	switch {
	case c.TranslateURL != "":
		return &mt.LibreTranslate{URL: c.TranslateURL, Key: c.TranslateKey}
	case c.DeepLKey != "":
		return &mt.DeepL{Key: c.DeepLKey}
	}
	return nil
}
