package survey_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/survey"
)

// slowCommit makes the commit of a transaction that stored a response whose answers
// contain marker take hold seconds: a deferred constraint trigger runs at COMMIT, so it
// stands in for a slow WAL flush.
func slowCommit(t *testing.T, d *db.DB, marker string, hold float64) {
	t.Helper()
	ctx := context.Background()
	// DDL takes no bind parameters; marker and hold are the test's own constants.
	for _, q := range []string{
		`CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(TG_ARGV[0]::float8); RETURN NULL; END $$`,
		fmt.Sprintf(`CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON survey_responses DEFERRABLE INITIALLY DEFERRED
			FOR EACH ROW WHEN (NEW.answers LIKE '%%%s%%') EXECUTE FUNCTION test_slow_commit('%g')`, marker, hold),
	} {
		if err := d.Q(ctx).Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
}

type ack struct {
	at      time.Time
	out     survey.StoredResponse
	created bool
	err     error
}

func submitAsync(s *survey.Submitter, code string, x survey.Submission, now time.Time) chan ack {
	c := make(chan ack, 1)
	go func() {
		out, created, err := s.Submit(context.Background(), code, x, now)
		c <- ack{at: time.Now(), out: out, created: created, err: err}
	}()
	return c
}

// waitCalls waits until the sink has been called n times and says when it saw that.
func waitCalls(t *testing.T, sink *probeSink, n int) time.Time {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); len(sink.snapshot()) < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the sink was called %d times, want %d", len(sink.snapshot()), n)
		}
	}
	return time.Now()
}

// On PostgreSQL a lane's next batch does its row work while the batch before waits for
// its commit, yet is acknowledged after it: with the first batch's commit held for
// 600 ms, the second batch reaches the sink before the first is acknowledged, never at
// the same time as the first's row work, and is acknowledged after the first although
// its own commit is quick.
func TestSubmitterOverlapsCommitWithNextBatch(t *testing.T) {
	t.Parallel()
	d := dbtest.Postgres(t)
	w := newWorld(t, d)
	r := w.round(t, true)
	slowCommit(t, d, "eerste", 0.6)
	sink := newProbe()
	s := survey.NewSubmitter(d, survey.Sinks{Reflections: sink}, survey.SubmitterOptions{RoundTTL: time.Hour, Lanes: 1})
	defer s.Close()
	first := submitAsync(s, r.Code, reflection("eerste"), w.now)
	waitCalls(t, sink, 1)
	second := submitAsync(s, r.Code, reflection("tweede"), w.now)
	secondRows := waitCalls(t, sink, 2)
	a1, a2 := <-first, <-second
	if a1.err != nil || !a1.created || a2.err != nil || !a2.created {
		t.Fatalf("acknowledgements: %+v %+v", a1, a2)
	}
	if !secondRows.Before(a1.at) {
		t.Errorf("the second batch began its row work %v after the first was acknowledged; want it during the first's commit", secondRows.Sub(a1.at))
	}
	if a2.at.Before(a1.at) {
		t.Errorf("the second batch was acknowledged %v before the first", a1.at.Sub(a2.at))
	}
	if sink.maxInFlight != 1 {
		t.Errorf("%d batches did their row work at once, want 1", sink.maxInFlight)
	}
	if got := countRows(t, d, "survey_responses"); got != 2 {
		t.Errorf("stored %d responses, want 2", got)
	}
}

// A retry that arrives while the original's batch is committing lands in the next batch,
// which overlaps that commit: it waits for the original, stores nothing and answers with
// the original (not created).
func TestSubmitterRetryDuringCommit(t *testing.T) {
	t.Parallel()
	d := dbtest.Postgres(t)
	w := newWorld(t, d)
	r := w.round(t, true)
	slowCommit(t, d, "eerste", 0.4)
	sink := newProbe()
	s := survey.NewSubmitter(d, survey.Sinks{Reflections: sink}, survey.SubmitterOptions{RoundTTL: time.Hour, Lanes: 1})
	defer s.Close()
	orig := reflection("eerste")
	first := submitAsync(s, r.Code, orig, w.now)
	waitCalls(t, sink, 1)
	retry := submitAsync(s, r.Code, orig, w.now)
	a1, a2 := <-first, <-retry
	if a1.err != nil || !a1.created || a1.out.ID != orig.ID {
		t.Fatalf("original: %+v", a1)
	}
	if a2.err != nil || a2.created || a2.out.ID != orig.ID || string(a2.out.Answers) != string(a1.out.Answers) {
		t.Fatalf("retry: %+v, want the original not created", a2)
	}
	if got := countRows(t, d, "survey_responses"); got != 1 {
		t.Errorf("stored %d responses, want 1", got)
	}
	if got := countRows(t, d, "outcomes"); got != 1 {
		t.Errorf("stored %d outcomes, want 1", got)
	}
}
