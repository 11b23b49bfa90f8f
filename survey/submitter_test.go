package survey_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
	"oogst/locale"
	"oogst/survey"
)

// probeSink is the harvest sink with eyes: it records each call (one per transaction),
// can hold the first call until released (so that a batch forms behind it), refuses a
// batch holding a poisoned reflection, and can wait for a second call in flight.
type probeSink struct {
	mu          sync.Mutex
	calls       [][]string // the change texts of each call
	inFlight    int
	maxInFlight int
	entered     chan struct{}
	release     chan struct{} // nil: do not hold the first call
	poison      string
	fail        bool
	awaitTwo    bool // wait (up to 3 s) until another call runs at the same time
}

func newProbe() *probeSink { return &probeSink{entered: make(chan struct{})} }

func (s *probeSink) CreateFromReflections(ctx context.Context, tx *db.DB, rs []survey.Reflection) error {
	s.mu.Lock()
	first := len(s.calls) == 0
	texts := make([]string, len(rs))
	for i, r := range rs {
		texts[i] = r.Change
	}
	s.calls = append(s.calls, texts)
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.mu.Unlock()
	defer func() { s.mu.Lock(); s.inFlight--; s.mu.Unlock() }()
	if first {
		close(s.entered)
		if s.release != nil {
			select { // a failed test must not leave the lane held forever
			case <-s.release:
			case <-time.After(20 * time.Second):
			}
		}
	}
	for deadline := time.Now().Add(3 * time.Second); s.awaitTwo && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		s.mu.Lock()
		two := s.maxInFlight >= 2
		s.mu.Unlock()
		if two {
			break
		}
	}
	if s.fail {
		return errors.New("sink is broken")
	}
	for _, r := range rs {
		if r.Change == s.poison {
			return errors.New("poisoned reflection")
		}
	}
	return harvest.Sink{}.CreateFromReflections(ctx, tx, rs)
}

func (s *probeSink) snapshot() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]string(nil), s.calls...)
}

// reflection is a valid anonymous reflection whose change text is change.
func reflection(change string) survey.Submission {
	a := good()
	a["change"] = change
	return sub(a)
}

type result struct {
	out     survey.StoredResponse
	created bool
	err     error
}

// submitAll submits each concurrently and waits for every answer.
func submitAll(s *survey.Submitter, code string, subs []survey.Submission, now time.Time) []result {
	res := make([]result, len(subs))
	var wg sync.WaitGroup
	for i, x := range subs {
		wg.Go(func() { res[i].out, res[i].created, res[i].err = s.Submit(context.Background(), code, x, now) })
	}
	wg.Wait()
	return res
}

// submitAllQueued submits subs concurrently while the sink holds a transaction; once
// all of them wait in s's lanes it opens release and returns every answer.
func submitAllQueued(t *testing.T, s *survey.Submitter, code string, subs []survey.Submission, now time.Time, release chan struct{}) []result {
	t.Helper()
	var res []result
	done := make(chan struct{})
	go func() { res = submitAll(s, code, subs, now); close(done) }()
	waitQueued(t, s, len(subs))
	close(release)
	<-done
	return res
}

// waitQueued waits until n submissions wait in the Submitter's lanes.
func waitQueued(t *testing.T, s *survey.Submitter, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); survey.Queued(s) < n; time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d submissions queued", survey.Queued(s), n)
		}
	}
}

func countRows(t *testing.T, d *db.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := d.Q(context.Background()).Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// Many concurrent submissions share transactions: the ones that arrive while a
// transaction runs are written together in the next one, every one acknowledged and
// stored once with its outcome.
func TestSubmitterBatchesConcurrentSubmissions(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		sink := newProbe()
		sink.release = make(chan struct{})
		s := survey.NewSubmitter(d, survey.Sinks{Reflections: sink}, survey.SubmitterOptions{RoundTTL: time.Hour, Lanes: 1})
		defer s.Close()
		plug := make(chan error, 1)
		go func() {
			_, _, err := s.Submit(context.Background(), r.Code, reflection("eerste"), w.now)
			plug <- err
		}()
		<-sink.entered // the first transaction runs…
		const n = 60
		subs := make([]survey.Submission, n)
		for i := range subs {
			subs[i] = reflection(fmt.Sprintf("verhaal %d", i))
		}
		res := submitAllQueued(t, s, r.Code, subs, w.now, sink.release) // …while sixty more arrive
		if err := <-plug; err != nil {
			t.Fatal(err)
		}
		for i, x := range res {
			if x.err != nil || !x.created || x.out.ID != subs[i].ID {
				t.Fatalf("submission %d: %+v", i, x)
			}
		}
		calls := sink.snapshot()
		if len(calls) != 2 || len(calls[1]) != n {
			sizes := []int{}
			for _, c := range calls {
				sizes = append(sizes, len(c))
			}
			t.Errorf("transactions of sizes %v; want the first alone and then all %d together", sizes, n)
		}
		if got := countRows(t, d, "survey_responses"); got != n+1 {
			t.Errorf("stored %d responses, want %d", got, n+1)
		}
		if got := countRows(t, d, "outcomes"); got != n+1 {
			t.Errorf("stored %d outcomes, want %d", got, n+1)
		}
	})
}

// On PostgreSQL several batches are in flight at once when several lanes are asked for
// (the default follows the cores, lanesFor); on SQLite always one.
func TestSubmitterLanes(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		sink := newProbe()
		sink.awaitTwo = d.Dialect == db.Postgres
		s := survey.NewSubmitter(d, survey.Sinks{Reflections: sink}, survey.SubmitterOptions{RoundTTL: time.Hour, Lanes: 4})
		defer s.Close()
		if d.Dialect == db.SQLite {
			if s.Lanes() != 1 {
				t.Fatalf("SQLite lanes = %d, want 1", s.Lanes())
			}
			return
		}
		if s.Lanes() != 4 {
			t.Fatalf("PostgreSQL lanes = %d, want the 4 asked for", s.Lanes())
		}
		subs := make([]survey.Submission, 40)
		for i := range subs {
			subs[i] = reflection(fmt.Sprintf("verhaal %d", i))
		}
		for i, res := range submitAll(s, r.Code, subs, w.now) {
			if res.err != nil || !res.created {
				t.Fatalf("submission %d: %+v", i, res)
			}
		}
		if sink.maxInFlight < 2 {
			t.Errorf("at most %d batch in flight at a time", sink.maxInFlight)
		}
		if got := countRows(t, d, "survey_responses"); got != 40 {
			t.Errorf("stored %d responses, want 40", got)
		}
	})
}

// One bad submission in a batch fails alone: the others of its batch are stored and
// acknowledged, it gets its own error and nothing of it is stored.
func TestSubmitterBatchFallback(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		sink := newProbe()
		sink.release = make(chan struct{})
		sink.poison = "vergif"
		s := survey.NewSubmitter(d, survey.Sinks{Reflections: sink}, survey.SubmitterOptions{RoundTTL: time.Hour, Lanes: 1})
		defer s.Close()
		// A first submission holds the lane while the batch under test forms behind it.
		plug := make(chan result, 1)
		go func() {
			out, created, err := s.Submit(context.Background(), r.Code, reflection("eerste"), w.now)
			plug <- result{out, created, err}
		}()
		<-sink.entered
		subs := make([]survey.Submission, 8)
		for i := range subs {
			subs[i] = reflection(fmt.Sprintf("goed %d", i))
		}
		subs[3] = reflection("vergif")
		res := submitAllQueued(t, s, r.Code, subs, w.now, sink.release)
		if p := <-plug; p.err != nil || !p.created {
			t.Fatalf("plug: %+v", p)
		}
		batched := false
		for _, c := range sink.snapshot() {
			batched = batched || len(c) == len(subs)
		}
		if !batched {
			t.Fatalf("the submissions never formed one batch: %v", sink.snapshot())
		}
		for i, x := range res {
			if i == 3 {
				if x.err == nil || x.created {
					t.Errorf("poisoned submission acknowledged: %+v", x)
				}
				if _, ok := apperr.As(x.err); ok {
					t.Errorf("poisoned submission answered as a client error: %v", x.err)
				}
				continue
			}
			if x.err != nil || !x.created || x.out.ID != subs[i].ID {
				t.Errorf("submission %d beside the bad one: %+v", i, x)
			}
		}
		var ids []string
		if err := d.Q(context.Background()).Model(&survey.Response{}).Pluck("client_id", &ids).Error; err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(subs) { // the plug and seven good ones
			t.Errorf("stored %d responses, want %d", len(ids), len(subs))
		}
		for _, id := range ids {
			if id == subs[3].ID {
				t.Errorf("the poisoned submission was stored")
			}
		}
		if got := countRows(t, d, "outcomes"); got != int64(len(subs)) {
			t.Errorf("stored %d outcomes, want %d", got, len(subs))
		}
	})
}

// The same client id sent again, at the same time (in one batch and across lanes) or
// after it was stored, is stored once; every later answer is the original body.
func TestSubmitterExactlyOnce(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		sink := newProbe()
		sink.release = make(chan struct{})
		s := survey.NewSubmitter(d, survey.Sinks{Reflections: sink}, survey.SubmitterOptions{RoundTTL: time.Hour})
		defer s.Close()
		one := survey.NewSubmitter(d, survey.Sinks{Reflections: sink}, survey.SubmitterOptions{RoundTTL: time.Hour, Lanes: 1})
		defer one.Close()
		check := func(name string, x survey.Submission, res []result, wantCreated int) {
			t.Helper()
			created := 0
			var first []byte
			for i, y := range res {
				if y.err != nil {
					t.Fatalf("%s %d: %v", name, i, y.err)
				}
				if y.created {
					created++
				}
				b, _ := json.Marshal(y.out)
				if first == nil {
					first = b
				} else if string(b) != string(first) {
					t.Errorf("%s %d answered\n%s\nnot the original\n%s", name, i, b, first)
				}
			}
			if created != wantCreated {
				t.Errorf("%s: %d answers say created, want %d", name, created, wantCreated)
			}
			var n int64
			d.Q(context.Background()).Model(&survey.Response{}).Where("client_id = ?", x.ID).Count(&n)
			if n != 1 {
				t.Errorf("%s: %d rows", name, n)
			}
		}
		// Held behind a first submission, five copies of one id form one batch.
		held := reflection("dubbel in een batch")
		copies := []survey.Submission{held, held, held, held, held}
		go one.Submit(context.Background(), r.Code, reflection("eerste"), w.now)
		<-sink.entered
		res := submitAllQueued(t, one, r.Code, copies, w.now, sink.release)
		check("same batch", held, res, 1)
		// Free for all: eight copies race through the lanes.
		raced := reflection("dubbel tegelijk")
		check("concurrent", raced, submitAll(s, r.Code, []survey.Submission{raced, raced, raced, raced, raced, raced, raced, raced}, w.now), 1)
		// After commit: the retry is answered from the database, even after the round
		// closed, by another Submitter (another process).
		other := survey.NewSubmitter(d, survey.Sinks{Reflections: sink}, survey.SubmitterOptions{RoundTTL: time.Hour})
		defer other.Close()
		again := submitAll(other, r.Code, []survey.Submission{held}, w.now.Add(time.Minute))
		all := append(res, again...)
		check("after commit", held, all, 1)
		if again[0].created {
			t.Errorf("retry after commit says created")
		}
		var refls int
		for _, c := range sink.snapshot() {
			for _, x := range c {
				if x == "dubbel in een batch" || x == "dubbel tegelijk" {
					refls++
				}
			}
		}
		if refls != 2 {
			t.Errorf("sink got %d reflections for two ids", refls)
		}
	})
}

// A submission is acknowledged only after its transaction committed: when the sink
// fails nothing is acknowledged and nothing stored; when it succeeds the response is
// visible to any other reader the moment the answer comes.
func TestSubmitterAcknowledgesAfterCommit(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		broken := newProbe()
		broken.fail = true
		s := survey.NewSubmitter(d, survey.Sinks{Reflections: broken}, survey.SubmitterOptions{RoundTTL: time.Hour})
		subs := []survey.Submission{reflection("een"), reflection("twee"), reflection("drie")}
		for i, x := range submitAll(s, r.Code, subs, w.now) {
			if x.err == nil || x.created || x.out.ID != "" {
				t.Errorf("submission %d acknowledged although its transaction failed: %+v", i, x)
			}
		}
		s.Close()
		if got := countRows(t, d, "survey_responses"); got != 0 {
			t.Errorf("%d responses stored by failed transactions", got)
		}
		if got := countRows(t, d, "outcomes"); got != 0 {
			t.Errorf("%d outcomes stored by failed transactions", got)
		}
		ok := survey.NewSubmitter(d, survey.Sinks{Reflections: newProbe()}, survey.SubmitterOptions{RoundTTL: time.Hour})
		defer ok.Close()
		for i, x := range subs {
			out, created, err := ok.Submit(context.Background(), r.Code, x, w.now)
			if err != nil || !created {
				t.Fatalf("retry %d: %v %v", i, created, err)
			}
			var n int64
			if err := d.Q(context.Background()).Model(&survey.Response{}).Where("client_id = ?", out.ID).Count(&n).Error; err != nil || n != 1 {
				t.Errorf("acknowledged %s not visible to another reader: %d %v", out.ID, n, err)
			}
		}
	})
}

// Staff answers go through the same Submitter: a staff round's response reaches the
// response sink in the transaction that stores it.
func TestSubmitterStaffRoundFeedsResponseSink(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		def := survey.Definition{Languages: []string{"nl"}, Title: locale.Text{"nl": "Zelfevaluatie"}, Questions: []survey.Question{
			{ID: "m1-rating", Type: survey.SingleChoice, Required: true, Text: locale.Text{"nl": "Niveau?"},
				Options: []survey.Option{{ID: "low", Text: locale.Text{"nl": "laag"}}, {ID: "high", Text: locale.Text{"nl": "hoog"}}}},
			{ID: "m1-evidence", Type: survey.LongText, Text: locale.Text{"nl": "Wat zag je?"}},
		}}
		rec := &responseProbe{}
		r, err := survey.OpenGeneratedRound(context.Background(), d, w.sc, survey.GeneratedRound{PartnershipID: w.fix.A.ID, Definition: def, Title: "Staff", ClosesAt: w.now.Add(time.Hour)}, w.now, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := survey.NewSubmitter(d, survey.Sinks{Reflections: newProbe(), Responses: rec}, survey.SubmitterOptions{RoundTTL: time.Hour})
		defer s.Close()
		x := survey.Submission{ID: uuid.NewString(), Language: "nl", Answers: map[string]survey.Answer{"m1-rating": survey.TextAnswer("high"), "m1-evidence": survey.TextAnswer("  Gezien  ")}}
		if _, created, err := s.Submit(context.Background(), r.Code, x, w.now); err != nil || !created {
			t.Fatalf("staff answer: %v %v", created, err)
		}
		if len(rec.got) != 1 || rec.got[0].Answers["m1-rating"] != "high" || rec.got[0].Answers["m1-evidence"] != "Gezien" || rec.got[0].RoundID != r.ID || !rec.visible {
			t.Errorf("response sink got %+v (response visible in its transaction: %v)", rec.got, rec.visible)
		}
	})
}

type responseProbe struct {
	got     []survey.Answered
	visible bool
}

func (p *responseProbe) ReceiveResponse(ctx context.Context, tx *db.DB, a survey.Answered) error {
	var n int64
	err := tx.Q(ctx).Model(&survey.Response{}).Where("id = ?", a.ResponseID).Count(&n).Error
	p.visible = err == nil && n == 1
	p.got = append(p.got, a)
	return nil
}
