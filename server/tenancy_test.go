package server_test

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"oogst/db/dbtest"
	"oogst/server"
	"oogst/server/servertest"
)

// tenancyRequest is one concrete request against a route.
type tenancyRequest struct {
	Path string
	Form url.Values // for form posts
	JSON any        // for JSON bodies
	// Secret is text that belongs to the object (a name, a story): a denied response
	// must not contain it.
	Secret string
}

// tenancyCase says how to call a route on an object of partnership A and on the same
// kind of object of partnership B, and which fixture users may use it on A's object.
type tenancyCase struct {
	Setup func(t *testing.T, env *servertest.Env) (a, b tenancyRequest)
	// Allow lists the fixture users ("coordinator@a", "partner@a", "mentor@a",
	// "admin") who may use the route on partnership A's object.
	Allow []string
	// Public routes are reached without login (their capability is a code or link);
	// they are then checked for anonymous callers too.
	Public bool
}

var (
	tenancyMu     sync.Mutex
	tenancyCases  = map[string]tenancyCase{}
	tenancyExempt = map[string]string{}
)

// registerTenancy adds the case for "METHOD /path/:param" (as registered in Echo).
// Each domain keeps its cases in its own tenancy_<domain>_test.go, in an init func.
func registerTenancy(route string, c tenancyCase) {
	tenancyMu.Lock()
	defer tenancyMu.Unlock()
	tenancyCases[route] = c
}

// exemptTenancy records a route that shows no partnership data, with the reason.
func exemptTenancy(route, why string) {
	tenancyMu.Lock()
	defer tenancyMu.Unlock()
	tenancyExempt[route] = why
}

func init() {
	for route, why := range map[string]string{
		"GET /healthz":             "process liveness only",
		"GET /readyz":              "database liveness only",
		"GET /static/*":            "embedded assets",
		"GET /":                    "front door with the join-code box",
		"POST /lang":               "sets a language cookie",
		"GET /privacy":             "static privacy text",
		"GET /login":               "login form",
		"POST /login":              "checks credentials",
		"POST /logout":             "ends the caller's own session",
		"GET /api/v1/openapi.json": "the API description, no data",
		"GET /dashboard":           "lists only the caller's own partnerships (TestLoginFlow checks B is absent)",
	} {
		exemptTenancy(route, why)
	}
}

var tenancyCallers = []string{"coordinator@a", "partner@a", "mentor@a", "admin"}

// TestTenancyEveryRoute walks every registered route. Each must have a tenancy case or
// an exemption; for each case every role is tried on its own partnership's object
// (allowed or denied as declared) and on another partnership's object (always 404,
// never showing the object).
func TestTenancyEveryRoute(t *testing.T) {
	t.Parallel()
	// The routes are walked in sorted order in a few shards side by side, each on a
	// server and database of its own: one after the other they made the longest test.
	const shards = 3
	envs := make([]*servertest.Env, shards)
	clients := make([]map[string]*servertest.Client, shards)
	for i := range envs {
		envs[i] = servertest.New(t, dbtest.SQLite(t))
		clients[i] = map[string]*servertest.Client{"anonymous": envs[i].Client(t)}
		for _, who := range tenancyCallers {
			clients[i][who] = envs[i].As(t, who)
		}
	}
	var routes []server.RouteInfo
	for _, r := range envs[0].Server.Routes() {
		key := r.Method + " " + r.Path
		if _, ok := tenancyExempt[key]; ok {
			continue
		}
		if _, ok := tenancyCases[key]; !ok {
			t.Errorf("route %s has no tenancy case: add one in server/tenancy_<domain>_test.go (or exempt it with a reason)", key)
			continue
		}
		routes = append(routes, r)
	}
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path < routes[j].Path })
	var wg sync.WaitGroup
	for i := range shards {
		wg.Go(func() {
			// t.Run may be called from several goroutines at once.
			for _, r := range routes[i*len(routes)/shards : (i+1)*len(routes)/shards] {
				tenancyRoute(t, envs[i], clients[i], r)
			}
		})
	}
	wg.Wait()
}

// tenancyRoute runs the tenancy case of route r as a subtest named after it.
func tenancyRoute(t *testing.T, env *servertest.Env, clients map[string]*servertest.Client, r server.RouteInfo) {
	key := r.Method + " " + r.Path
	tc := tenancyCases[key]
	t.Run(key, func(t *testing.T) {
		allowed := map[string]bool{}
		for _, a := range tc.Allow {
			allowed[a] = true
		}
		callers := tenancyCallers
		if tc.Public {
			callers = append([]string{"anonymous"}, callers...)
		} else {
			a, _ := tc.Setup(t, env)
			resp := send(t, clients["anonymous"], r.Method, a)
			if resp.Status < 300 || (resp.Status < 400 && !strings.Contains(resp.Header.Get("Location"), "/login")) {
				t.Errorf("anonymous reached %s: %d", a.Path, resp.Status)
			}
		}
		for _, who := range callers {
			a, b := tc.Setup(t, env)
			resp := send(t, clients[who], r.Method, a)
			if allowed[who] {
				if resp.Status >= 400 {
					t.Errorf("%s on own partnership %s: %d, want success\n%.300s", who, a.Path, resp.Status, resp.Body)
				}
			} else if resp.Status != http.StatusForbidden && resp.Status != http.StatusNotFound {
				t.Errorf("%s on own partnership %s: %d, want 403 or 404", who, a.Path, resp.Status)
			} else if a.Secret != "" && strings.Contains(resp.Body, a.Secret) {
				t.Errorf("%s denied on %s but the response shows %q", who, a.Path, a.Secret)
			}
			resp = send(t, clients[who], r.Method, b)
			if resp.Status != http.StatusNotFound {
				t.Errorf("%s on other partnership %s: %d, want 404\n%.300s", who, b.Path, resp.Status, resp.Body)
			}
			if b.Secret != "" && strings.Contains(resp.Body, b.Secret) {
				t.Errorf("%s sees %q of another partnership at %s", who, b.Secret, b.Path)
			}
		}
	})
}

func send(t *testing.T, c *servertest.Client, method string, r tenancyRequest) *servertest.Response {
	t.Helper()
	switch {
	case r.JSON != nil:
		return c.SendJSON(t, method, r.Path, r.JSON)
	case method == http.MethodGet || method == http.MethodHead:
		return c.Get(t, r.Path)
	case method == http.MethodPost && r.Form != nil:
		return c.PostForm(t, r.Path, cloneValues(r.Form))
	default:
		return c.Do(t, method, r.Path, nil, "")
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
