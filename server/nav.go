package server

import (
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/locale"
	"oogst/people"
)

// navEntry is one main-navigation link and who sees it.
type navEntry struct {
	href, labelID string
	show          func(u *people.User, sc people.Scope) bool
}

func anyMember(_ *people.User, sc people.Scope) bool { return len(sc.Roles) > 0 }

func coordinatorSomewhere(_ *people.User, sc people.Scope) bool {
	for _, r := range sc.Roles {
		if r == people.RoleCoordinator {
			return true
		}
	}
	return false
}

func isAdmin(u *people.User, _ people.Scope) bool { return u.IsAdmin }

// navEntries is the main navigation in order; each domain adds its pages here.
var navEntries = []navEntry{
	{"/dashboard", "nav.dashboard", anyMember},
	{"/survey/rounds", "nav.survey", anyMember},
	{"/outcomes", "nav.outcomes", anyMember},
	{"/meetings", "nav.meetings", func(_ *people.User, sc people.Scope) bool { return harvest.Reviewer(sc) }},
	{"/compare", "nav.harvest_dashboards", func(u *people.User, sc people.Scope) bool { return u.IsAdmin || len(sc.Roles) > 0 }},
	{"/markers", "markers.nav", markersSomewhere},
	{"/people", "nav.people", anyMember},
	{"/admin", "nav.admin", isAdmin},
	{"/account/tokens", "people.account.tokens_nav", anyUser},
}

func nav(c echo.Context, l *locale.Localizer) []NavItem {
	u, sc := currentUser(c), scopeOf(c)
	p := c.Request().URL.Path
	var out []NavItem
	for _, e := range navEntries {
		if e.show(u, sc) {
			out = append(out, NavItem{Href: e.href, Label: l.T(e.labelID), Current: p == e.href || strings.HasPrefix(p, e.href+"/")})
		}
	}
	return out
}
