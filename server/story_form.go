package server

import (
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// The staff forms that record a story (another source, an observation) share their
// building-block checkboxes, and with the meeting form a typed day.

// checkedBlocks are the building blocks ticked on a story form (the form is parsed).
func checkedBlocks(c echo.Context) map[string]bool {
	out := map[string]bool{}
	for _, b := range c.Request().Form["block"] {
		out[b] = true
	}
	return out
}

// formDay reads a typed day (YYYY-MM-DD); zero when it does not parse, so the domain
// takes its own default.
func formDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t
}
