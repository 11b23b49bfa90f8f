package mt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// LibreTranslate is a LibreTranslate-compatible server (POST /translate).
type LibreTranslate struct {
	URL     string // base address, e.g. http://translate.internal:5000
	Key     string // api_key, when the server asks for one
	Timeout time.Duration
	HTTP    *http.Client
}

// Name is shown to admins and on the privacy page.
func (l *LibreTranslate) Name() string { return "LibreTranslate" }

type libreRequest struct {
	Q      string `json:"q"`
	Source string `json:"source"`
	Target string `json:"target"`
	Format string `json:"format"`
	APIKey string `json:"api_key,omitempty"`
}

type libreResponse struct {
	TranslatedText *string `json:"translatedText"`
	Error          string  `json:"error"`
}

// Translate translates each text from source into target; empty texts stay empty.
func (l *LibreTranslate) Translate(ctx context.Context, source, target string, texts []string) ([]string, error) {
	out := make([]string, len(texts))
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			continue
		}
		s, err := l.one(ctx, source, target, t)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (l *LibreTranslate) one(ctx context.Context, source, target, text string) (string, error) {
	body, err := json.Marshal(libreRequest{Q: text, Source: source, Target: target, Format: "text", APIKey: l.Key})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(l.URL, "/")+"/translate", bytes.NewReader(body))
	if err != nil {
		return "", &Error{Service: l.Name(), Msg: err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, raw, err := exchange(l.HTTP, l.Timeout, req, l.Name(), 1<<20)
	if err != nil {
		return "", err
	}
	var r libreResponse
	jerr := json.Unmarshal(raw, &r)
	if resp.StatusCode/100 != 2 {
		return "", failure(l.Name(), resp, r.Error)
	}
	if jerr != nil || r.TranslatedText == nil {
		return "", &Error{Service: l.Name(), Status: resp.StatusCode, Msg: "answer without translatedText"}
	}
	return *r.TranslatedText, nil
}

// transportMsg names a network failure without the request (whose URL may carry
// nothing secret, but whose body would).
func transportMsg(err error) string {
	if e, ok := err.(interface{ Timeout() bool }); ok && e.Timeout() {
		return "no answer in time"
	}
	return fmt.Sprintf("not reachable (%T)", err)
}
