package server_test

import (
	"fmt"
	"net/url"
	"testing"

	"oogst/server/servertest"
)

func init() {
	registerTenancy("GET /survey/consent/:pid", tenancyCase{
		Allow: []string{"coordinator@a", "partner@a", "mentor@a"},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			return tenancyRequest{Path: fmt.Sprintf("/survey/consent/%d", env.Fix.A.ID)},
				tenancyRequest{Path: fmt.Sprintf("/survey/consent/%d", env.Fix.B.ID)}
		},
	})
	registerTenancy("POST /survey/consent/:pid", tenancyCase{
		Allow: []string{"coordinator@a"},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			form := url.Values{"text_nl": {"Mag dit? Akkoord?"}}
			return tenancyRequest{Path: fmt.Sprintf("/survey/consent/%d", env.Fix.A.ID), Form: form},
				tenancyRequest{Path: fmt.Sprintf("/survey/consent/%d", env.Fix.B.ID), Form: form}
		},
	})
}
