package server_test

import (
	"fmt"
	"net/url"
	"testing"

	"oogst/server/servertest"
)

// Tenancy cases of the steering-meeting routes added with the agenda editor, closing,
// the adjustment page and "add to next meeting".
func init() {
	reviewers := []string{"coordinator@a", "partner@a"}
	byAdjustment := func(path string, form url.Values) func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			_, _, a, sa := harvestMeeting(t, env, "a")
			_, _, b, sb := harvestMeeting(t, env, "b")
			return tenancyRequest{Path: fmt.Sprintf(path, a), Form: form, Secret: sa}, tenancyRequest{Path: fmt.Sprintf(path, b), Form: form, Secret: sb}
		}
	}
	registerTenancy("GET /meetings/:id/agenda", tenancyCase{Allow: reviewers, Setup: byMeeting("/meetings/%d/agenda?q=Geheim", nil)})
	registerTenancy("POST /meetings/:id/agenda", tenancyCase{Allow: reviewers, Setup: byMeeting("/meetings/%d/agenda", func(o int64) url.Values {
		return url.Values{"action": {"down"}, "outcome": {itoa(o)}}
	})})
	registerTenancy("POST /meetings/:id/close", tenancyCase{Allow: []string{"coordinator@a"}, Setup: byMeeting("/meetings/%d/close", func(int64) url.Values { return url.Values{} })})
	registerTenancy("GET /adjustments/:id", tenancyCase{Allow: reviewers, Setup: byAdjustment("/adjustments/%d", nil)})
	registerTenancy("POST /adjustments/:id/edit", tenancyCase{Allow: reviewers, Setup: byAdjustment("/adjustments/%d/edit", url.Values{"description": {"anders"}})})
	// The next meeting of each partnership is the one harvestMeeting plans for today.
	registerTenancy("POST /outcomes/:id/next-meeting", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		harvestMeeting(t, env, "a")
		harvestMeeting(t, env, "b")
		a, sa := harvestOutcome(t, env, "a")
		b, sb := harvestOutcome(t, env, "b")
		return tenancyRequest{Path: "/outcomes/" + itoa(a) + "/next-meeting", Form: url.Values{}, Secret: sa},
			tenancyRequest{Path: "/outcomes/" + itoa(b) + "/next-meeting", Form: url.Values{}, Secret: sb}
	}})
}
