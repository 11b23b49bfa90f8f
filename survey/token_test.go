package survey_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/survey"
)

// loadSigner loads (or on first use creates) the database's start-token signer, which
// must succeed.
func loadSigner(t *testing.T, d *db.DB) *survey.Signer {
	t.Helper()
	signer, err := survey.LoadSigner(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// TestStartTokenLateAcceptance: a reflection begun while its round was open (proved by
// a start token signed by the server) is stored, marked late, after the round closed,
// up to LateGrace; a forged token, one of another round, one issued after the close or
// a submission beyond the grace period is refused.
func TestStartTokenLateAcceptance(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		signer := loadSigner(t, d)
		// Another process (or this one after a restart) reads the same key.
		again := loadSigner(t, d)
		r := w.round(t, true)
		other := w.round(t, true)
		started := signer.Token(r.ID, w.now)
		if _, ok := again.Started(started, r.ID, w.now); !ok {
			t.Fatal("a token does not verify with the key loaded again")
		}
		closedAt := w.now.Add(time.Hour)
		if err := survey.CloseRound(ctx, d, w.sc, r.ID, closedAt); err != nil {
			t.Fatal(err)
		}
		if err := survey.CloseRound(ctx, d, w.sc, other.ID, closedAt); err != nil {
			t.Fatal(err)
		}
		s := survey.NewSubmitter(d, survey.Sinks{}, survey.SubmitterOptions{Signer: again, RoundTTL: time.Nanosecond})
		defer s.Close()
		try := func(token string, at time.Time) (survey.StoredResponse, error) {
			x := sub(good())
			x.Started = token
			out, _, err := s.Submit(ctx, r.Code, x, at)
			return out, err
		}
		closedErr := func(what string, err error) {
			t.Helper()
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindConflict || e.Fields["round"].ID != "submit.round_closed" {
				t.Errorf("%s: err = %v, want round_closed conflict", what, err)
			}
		}

		out, err := try(started, closedAt.Add(time.Minute))
		if err != nil || !out.Late {
			t.Fatalf("late with a good token: %+v %v", out, err)
		}
		var late bool
		if err := d.Q(ctx).Model(&survey.Response{}).Where("client_id = ?", out.ID).Pluck("late", &late).Error; err != nil || !late {
			t.Errorf("stored late = %v (%v)", late, err)
		}
		// Grace edges: at exactly LateGrace after the close it is taken; a second later not.
		if out, err := try(started, closedAt.Add(survey.LateGrace)); err != nil || !out.Late {
			t.Errorf("at the end of the grace period: %+v %v", out, err)
		}
		_, err = try(started, closedAt.Add(survey.LateGrace+time.Second))
		closedErr("beyond the grace period (expired)", err)

		parts := strings.Split(started, ".")
		forged := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
		_, err = try(forged, closedAt.Add(time.Minute))
		closedErr("forged signature", err)
		moved := parts[0] + ".1" + parts[1] + "." + parts[2] // a later time under the old signature
		_, err = try(moved, closedAt.Add(time.Minute))
		closedErr("changed time", err)
		_, err = try(signer.Token(other.ID, w.now), closedAt.Add(time.Minute))
		closedErr("token of another round", err)
		_, err = try(signer.Token(r.ID, closedAt.Add(time.Second)), closedAt.Add(time.Minute))
		closedErr("token issued after the close", err)
		_, err = try(signer.Token(r.ID, w.now.Add(-2*time.Hour)), closedAt.Add(time.Minute))
		closedErr("token issued before the round opened", err)
		_, err = try("", closedAt.Add(time.Minute))
		closedErr("no token", err)

		// Without a signer (survey.Submit) nothing is taken late.
		x := sub(good())
		x.Started = started
		_, _, err = survey.Submit(ctx, d, nil, r.Code, x, closedAt.Add(time.Minute))
		closedErr("no signer", err)
	})
}

// TestStartTokenClosingTime: a round that closed by its closing time (not by hand)
// counts from that time.
func TestStartTokenClosingTime(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		signer := loadSigner(t, d)
		r := w.round(t, true)
		closes := w.now.Add(time.Hour)
		if err := d.Q(ctx).Model(&survey.Round{}).Where("id = ?", r.ID).Update("closes_at", closes).Error; err != nil {
			t.Fatal(err)
		}
		s := survey.NewSubmitter(d, survey.Sinks{}, survey.SubmitterOptions{Signer: signer, RoundTTL: time.Nanosecond})
		defer s.Close()
		x := sub(good())
		x.Started = signer.Token(r.ID, w.now)
		if out, _, err := s.Submit(ctx, r.Code, x, closes.Add(survey.LateGrace)); err != nil || !out.Late {
			t.Errorf("at the end of the grace period after the closing time: %+v %v", out, err)
		}
		y := sub(good())
		y.Started = x.Started
		if _, _, err := s.Submit(ctx, r.Code, y, closes.Add(survey.LateGrace+time.Second)); err == nil {
			t.Error("accepted beyond the grace period after the closing time")
		}
	})
}
