// Package mt talks to the machine services an organisation may choose: translation
// (a LibreTranslate-compatible server or the DeepL API) and speech to text (an
// OpenAI-compatible transcription endpoint). It only speaks HTTP; harvest decides what
// to send and stores the drafts. Texts are never logged.
package mt

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is a service's refusal or failure. The worker reads RetryAfter (rate limits)
// and Permanent (a request that will never succeed as it is).
type Error struct {
	Service string
	Status  int // HTTP status; 0 for a transport failure or time-out
	Msg     string
	After   time.Duration
}

func (e *Error) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("%s: %s", e.Service, e.Msg)
	}
	return fmt.Sprintf("%s: HTTP %d: %s", e.Service, e.Status, e.Msg)
}

// RetryAfter is the wait the service asked for (429 / 503 with Retry-After).
func (e *Error) RetryAfter() time.Duration { return e.After }

// Permanent: a request the service rejects as malformed (400, 413) will not succeed by
// retrying; authentication, quota, rate limit and server errors may.
func (e *Error) Permanent() bool {
	return e.Status == http.StatusBadRequest || e.Status == http.StatusRequestEntityTooLarge
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// failure builds the Error of a non-2xx answer; msg is the service's own error text
// (which never contains the text sent).
func failure(service string, resp *http.Response, msg string) *Error {
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return &Error{Service: service, Status: resp.StatusCode, Msg: msg, After: retryAfter(resp.Header, time.Now())}
}

// exchange makes the request with hc (without one, a client waiting at most timeout) and
// reads at most limit bytes of the answer; the body is closed on return. A network
// failure is service's Error.
func exchange(hc *http.Client, timeout time.Duration, req *http.Request, service string, limit int64) (*http.Response, []byte, error) {
	if hc == nil {
		hc = client(timeout)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, &Error{Service: service, Msg: transportMsg(err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, nil, &Error{Service: service, Msg: transportMsg(err)}
	}
	return resp, raw, nil
}

// client is the HTTP client of every service: a bounded wait per request.
func client(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &http.Client{Timeout: timeout}
}
