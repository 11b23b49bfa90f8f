package server_test

import (
	"net/url"
	"testing"

	"oogst/server/servertest"
)

func init() {
	observers := []string{"coordinator@a", "partner@a", "mentor@a"}
	registerTenancy("GET /outcomes/observe", tenancyCase{Allow: observers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return tenancyRequest{Path: "/outcomes/observe?partnership=" + itoa(env.Fix.A.ID)},
			tenancyRequest{Path: "/outcomes/observe?partnership=" + itoa(env.Fix.B.ID), Secret: env.Fix.Cursists["KAAB"].Code}
	}})
	registerTenancy("POST /outcomes/observe", tenancyCase{Allow: observers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		form := func(pid, cid int64) url.Values {
			return url.Values{"partnership": {itoa(pid)}, "cursist": {itoa(cid)}, "observer_role": {"job_coach"}, "change": {"Ze belt zelf de werkgever"}}
		}
		return tenancyRequest{Path: "/outcomes/observe", Form: form(env.Fix.A.ID, env.Fix.Cursists["KAAA"].ID)},
			tenancyRequest{Path: "/outcomes/observe", Form: form(env.Fix.B.ID, env.Fix.Cursists["KAAB"].ID), Secret: env.Fix.Cursists["KAAB"].Code}
	}})
}
