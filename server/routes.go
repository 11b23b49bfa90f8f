package server

import (
	"net/http"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"
)

// Access says who may reach a route at all; finer checks (role in the partnership of the
// object) happen in the domain call with the caller's scope.
type Access int

const (
	Public   Access = iota // anyone, no login (tablet, health, login page)
	LoggedIn               // any logged-in staff member or token holder
	Admin                  // platform admins only
)

func (a Access) String() string {
	switch a {
	case Public:
		return "public"
	case LoggedIn:
		return "logged in"
	case Admin:
		return "admin"
	}
	return "?"
}

// RouteInfo describes a registered route, for the tenancy and CSRF tests and the
// route index (docs/routes.md).
type RouteInfo struct {
	Method, Path string
	Access       Access
	// Handler names the function that answers, as declared in this package:
	// "(*Server).outcomesInbox"; for a handler that a method returns (a closure), the
	// method: "(*Server).surveyUndeliverable".
	Handler string
}

// closureSuffix is what the runtime adds to the name of a function literal.
var closureSuffix = regexp.MustCompile(`(\.func\d+)+$`)

// handlerName is the declared function behind h, for the route index: the runtime
// names a method value "(*Server).m-fm", a literal that method m returns
// "(*Server).m.func1", and the same literal inlined into its caller
// "(*Server).caller.(*Server).m.func1".
func handlerName(h echo.HandlerFunc) string {
	f := runtime.FuncForPC(reflect.ValueOf(h).Pointer())
	if f == nil {
		return ""
	}
	name := strings.TrimSuffix(strings.TrimPrefix(f.Name(), "oogst/server."), "-fm")
	name = closureSuffix.ReplaceAllString(name, "")
	if i := strings.LastIndex(name, "(*Server)."); i > 0 {
		name = name[i:]
	}
	return name
}

func (s *Server) handle(method, path string, access Access, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
	switch access {
	case LoggedIn:
		mw = append([]echo.MiddlewareFunc{requireLogin}, mw...)
	case Admin:
		mw = append([]echo.MiddlewareFunc{requireAdmin}, mw...)
	}
	s.e.Add(method, path, h, mw...)
	s.routes = append(s.routes, RouteInfo{Method: method, Path: path, Access: access, Handler: handlerName(h)})
}

// Routes lists every registered route, sorted.
func (s *Server) Routes() []RouteInfo {
	out := append([]RouteInfo(nil), s.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

func (s *Server) register() {
	s.registerBase()
	s.registerPeople()
	s.registerSurvey()
	s.registerTablet()
	s.registerReach()
	s.registerHarvest()
	s.registerTranslate()
	s.registerViews()
	s.registerMarkers()
}

func (s *Server) registerBase() {
	s.handle(http.MethodGet, "/healthz", Public, s.healthz)
	s.handle(http.MethodGet, "/readyz", Public, s.readyz)
	s.handle(http.MethodGet, "/static/*", Public, s.static)
	s.handle(http.MethodGet, "/", Public, s.home)
	s.handle(http.MethodPost, "/lang", Public, s.setLanguage)
	s.handle(http.MethodGet, "/privacy", Public, s.privacy)
	s.handle(http.MethodGet, "/login", Public, s.loginPage)
	s.handle(http.MethodPost, "/login", Public, s.login)
	s.handle(http.MethodPost, "/logout", LoggedIn, s.logout)
	s.handle(http.MethodGet, "/dashboard", LoggedIn, s.dashboard)
	s.handle(http.MethodGet, "/api/v1/openapi.json", Public, s.openAPI)
}
