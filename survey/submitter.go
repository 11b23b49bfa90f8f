package survey

import (
	"context"
	"errors"
	"sync"
	"time"

	"oogst/apperr"
	"oogst/db"
)

// Submitter is how the server stores tablet submissions under load. It keeps rounds
// and their frozen form versions in a short-lived cache, and writes the submissions
// that arrive while a transaction is running together in the next one, so that many
// concurrent tablets cost a few transactions instead of one each. A submission is
// acknowledged only after the transaction that holds it has committed.
type Submitter struct {
	db      *db.DB
	sinks   Sinks
	rounds  *RoundCache
	queue   chan *queued
	maxSize int
	signer  *Signer
	wg      sync.WaitGroup
	stop    chan struct{}
	once    sync.Once
}

type queued struct {
	p    *pending
	done chan struct{}
}

// SubmitterOptions tune a Submitter; zero values pick defaults.
type SubmitterOptions struct {
	// RoundTTL is how long a round is cached: closing a round takes effect on other
	// requests within this time (default 2s).
	RoundTTL time.Duration
	// Writers is how many transactions may run at once (default 2; 1 on SQLite).
	Writers int
	// MaxBatch caps the submissions per transaction (default 128).
	MaxBatch int
	// Signer checks start tokens; without it a closed round takes nothing late.
	Signer *Signer
}

// NewSubmitter starts the writers; Close stops them.
func NewSubmitter(d *db.DB, sinks Sinks, o SubmitterOptions) *Submitter {
	if o.RoundTTL <= 0 {
		o.RoundTTL = 2 * time.Second
	}
	if o.Writers <= 0 {
		o.Writers = 2
		if d.Dialect == db.SQLite {
			o.Writers = 1
		}
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 128
	}
	s := &Submitter{db: d, sinks: sinks, rounds: NewRoundCache(d, o.RoundTTL), queue: make(chan *queued, 1024), maxSize: o.MaxBatch, signer: o.Signer, stop: make(chan struct{})}
	for i := 0; i < o.Writers; i++ {
		s.wg.Add(1)
		go s.writer()
	}
	return s
}

// Rounds is the Submitter's round cache, for the tablet API's round lookups.
func (s *Submitter) Rounds() *RoundCache { return s.rounds }

// Close stops the writers after the queued submissions are written.
func (s *Submitter) Close() {
	s.once.Do(func() { close(s.stop) })
	s.wg.Wait()
}

var errStopped = errors.New("survey: submitter stopped")

// Submit validates a submission and stores it idempotently (see the function Submit).
func (s *Submitter) Submit(ctx context.Context, code string, sub Submission, now time.Time) (StoredResponse, bool, error) {
	r, ver, def, err := s.rounds.Get(ctx, code)
	if err != nil {
		return StoredResponse{}, false, err
	}
	p, err := prepare(ctx, s.db, s.signer, r, ver, def, sub, now)
	if err != nil {
		return StoredResponse{}, false, err
	}
	if p.stored {
		return p.finish(ctx, s.db)
	}
	q := &queued{p: p, done: make(chan struct{})}
	select {
	case s.queue <- q:
	case <-s.stop:
		return StoredResponse{}, false, apperr.New(apperr.KindUnavailable, "error.unavailable")
	case <-ctx.Done():
		return StoredResponse{}, false, ctx.Err()
	}
	// Once queued, the submission is written even if this request goes away; a retry
	// with the same id then finds it.
	<-q.done
	return p.finish(ctx, s.db)
}

func (s *Submitter) writer() {
	defer s.wg.Done()
	for {
		var first *queued
		select {
		case first = <-s.queue:
		case <-s.stop:
			// Drain what is queued, then stop.
			for {
				select {
				case q := <-s.queue:
					s.write([]*queued{q})
				default:
					return
				}
			}
		}
		batch := []*queued{first}
	fill:
		for len(batch) < s.maxSize {
			select {
			case q := <-s.queue:
				batch = append(batch, q)
			default:
				break fill
			}
		}
		s.write(batch)
	}
}

func (s *Submitter) write(batch []*queued) {
	ps := make([]*pending, len(batch))
	for i, q := range batch {
		ps[i] = q.p
	}
	// The requests' own contexts may end; the write must not stop halfway for that.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = writeBatch(ctx, s.db, s.sinks, ps) // errors are recorded per pending
	for _, q := range batch {
		close(q.done)
	}
}
