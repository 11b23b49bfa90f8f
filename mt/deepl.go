package mt

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// DeepL is the DeepL API (POST /v2/translate). A key ending in ":fx" belongs to the
// free plan, which has its own host.
type DeepL struct {
	Key     string
	BaseURL string // empty: chosen from the key; tests point it at a fake
	Timeout time.Duration
	HTTP    *http.Client
}

// Name is shown to admins and on the privacy page.
func (d *DeepL) Name() string { return "DeepL" }

// Host is the API address the key belongs to.
func (d *DeepL) Host() string {
	if d.BaseURL != "" {
		return strings.TrimRight(d.BaseURL, "/")
	}
	if strings.HasSuffix(d.Key, ":fx") {
		return "https://api-free.deepl.com"
	}
	return "https://api.deepl.com"
}

type deeplRequest struct {
	Text       []string `json:"text"`
	SourceLang string   `json:"source_lang,omitempty"`
	TargetLang string   `json:"target_lang"`
}

type deeplResponse struct {
	Translations []struct {
		DetectedSourceLanguage string `json:"detected_source_language"`
		Text                   string `json:"text"`
	} `json:"translations"`
	Message string `json:"message"`
}

// deeplSources are the source languages of the cursists that DeepL names; for the
// others DeepL detects the language itself.
var deeplSources = map[string]bool{"ar": true, "en": true, "es": true, "fr": true, "nl": true, "pl": true, "ro": true, "ru": true, "tr": true, "uk": true}

// Translate translates the non-empty texts in one request; empty texts stay empty.
func (d *DeepL) Translate(ctx context.Context, source, target string, texts []string) ([]string, error) {
	var send []string
	var at []int
	for i, t := range texts {
		if strings.TrimSpace(t) != "" {
			send = append(send, t)
			at = append(at, i)
		}
	}
	out := make([]string, len(texts))
	if len(send) == 0 {
		return out, nil
	}
	r := deeplRequest{Text: send, TargetLang: strings.ToUpper(target)}
	if deeplSources[source] {
		r.SourceLang = strings.ToUpper(source)
	}
	body, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Host()+"/v2/translate", bytes.NewReader(body))
	if err != nil {
		return nil, &Error{Service: d.Name(), Msg: err.Error()}
	}
	req.Header.Set("Authorization", "DeepL-Auth-Key "+d.Key)
	req.Header.Set("Content-Type", "application/json")
	resp, raw, err := exchange(d.HTTP, d.Timeout, req, d.Name(), 4<<20)
	if err != nil {
		return nil, err
	}
	var dr deeplResponse
	jerr := json.Unmarshal(raw, &dr)
	if resp.StatusCode/100 != 2 {
		msg := dr.Message
		switch resp.StatusCode {
		case http.StatusForbidden:
			msg = "key refused"
		case 456:
			msg = "character quota used up"
		}
		return nil, failure(d.Name(), resp, msg)
	}
	if jerr != nil || len(dr.Translations) != len(send) {
		return nil, &Error{Service: d.Name(), Status: resp.StatusCode, Msg: "answer does not match the request"}
	}
	for k, i := range at {
		out[i] = dr.Translations[k].Text
	}
	return out, nil
}
