package server

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// rotateCSRF gives the browser a new CSRF token when who is logged in changes (login,
// logout): a token seen before the login, on a shared tablet or planted by someone
// else, must not be good for the session after it. The cookie the CSRF middleware
// already queued for this answer is replaced, not repeated.
func rotateCSRF(c echo.Context, secure bool) error {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("server: new csrf token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	h := c.Response().Header()
	kept := h.Values("Set-Cookie")[:0:0]
	for _, v := range h.Values("Set-Cookie") {
		if !strings.HasPrefix(v, csrfCookieName+"=") {
			kept = append(kept, v)
		}
	}
	h.Del("Set-Cookie")
	for _, v := range kept {
		h.Add("Set-Cookie", v)
	}
	c.SetCookie(&http.Cookie{
		Name: csrfCookieName, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: secure, Expires: time.Now().Add(24 * time.Hour),
	})
	c.Set("csrf", token)
	return nil
}
