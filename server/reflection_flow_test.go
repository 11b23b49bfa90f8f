package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"oogst/harvest"
	"oogst/server/servertest"
)

// TestSubmissionsBecomeOutcomesOnce posts reflections concurrently, each id twice, and
// checks that every acknowledged reflection became exactly one outcome (status new)
// with its texts, sign and building blocks — also when the submitter wrote them in
// batches.
func TestSubmissionsBecomeOutcomesOnce(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		r := surveyRound(t, env, "a", "Tussentijdse reflectie", true)
		const n = 24
		ids := make([]string, n)
		for i := range ids {
			ids[i] = uuid.NewString()
		}
		var wg sync.WaitGroup
		statuses := make([]int, 2*n)
		for i := 0; i < 2*n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				c := env.Client(t)
				resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(ids[i%n], goodAnswers()))
				statuses[i] = resp.Status
			}(i)
		}
		wg.Wait()
		created := 0
		for i, s := range statuses {
			switch s {
			case http.StatusCreated:
				created++
			case http.StatusOK:
			default:
				t.Errorf("request %d: status %d", i, s)
			}
		}
		if created != n {
			t.Errorf("%d created, want %d (one per id)", created, n)
		}
		var outs []harvest.Outcome
		if err := env.DB.Q(context.Background()).Where("partnership_id = ? AND round_id = ?", env.Fix.A.ID, r.ID).Find(&outs).Error; err != nil {
			t.Fatal(err)
		}
		if len(outs) != n {
			t.Fatalf("%d outcomes, want %d", len(outs), n)
		}
		for _, o := range outs {
			if o.Status != harvest.StatusNew || o.Sign != "positive" || o.ChangeText != "Ik durf nu te bellen naar de crèche." || o.SignificanceText != "Ik ben minder bang." {
				t.Errorf("outcome %d: %+v", o.ID, o)
			}
			var blocks []string
			if err := env.DB.Q(context.Background()).Model(&harvest.Block{}).Where("outcome_id = ?", o.ID).Order("block").Pluck("block", &blocks).Error; err != nil {
				t.Fatal(err)
			}
			if len(blocks) != 2 || blocks[0] != "guidance" || blocks[1] != "training" {
				t.Errorf("outcome %d blocks: %v", o.ID, blocks)
			}
		}
		// The response rate: the round asked Groep A of partnership A (KAAA and KABA);
		// all the anonymous reflections count as responses.
		var agg struct {
			ByRound []struct {
				RoundID   int64 `json:"round_id"`
				Responses int64 `json:"responses"`
				Invited   int64 `json:"invited"`
			} `json:"by_round"`
		}
		env.As(t, "coordinator@a").Get(t, fmt.Sprintf("/api/v1/partnerships/%d/aggregates", env.Fix.A.ID)).JSON(t, &agg)
		if len(agg.ByRound) != 1 || agg.ByRound[0].RoundID != r.ID || agg.ByRound[0].Responses != n || agg.ByRound[0].Invited != 2 {
			t.Errorf("by round: %+v", agg.ByRound)
		}
		if other := env.As(t, "coordinator@b").Get(t, "/api/v1/outcomes"); other.Status != 200 || strings.Contains(other.Body, "Ik durf nu te bellen") {
			t.Errorf("partnership B sees A's outcomes: %d", other.Status)
		}
	})
}
