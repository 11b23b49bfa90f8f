package survey

import (
	"context"
	"runtime"
	"sync"
	"time"

	"oogst/apperr"
	"oogst/db"
)

// Submitter is the one way a submission is stored: tablet reflections and staff answers
// alike. It keeps rounds and their frozen form versions in a short-lived cache and
// writes the submissions that arrive while a transaction is running together in the
// next one (group commit), so that many concurrent tablets cost a few transactions
// instead of one each. On PostgreSQL several lanes commit batches at the same time; a
// submission always goes to the lane its client id picks, so a retry of the same id
// never races the original in another lane, and each lane acknowledges in the order it
// took submissions. A submission is acknowledged only after the transaction that holds
// it has committed.
type Submitter struct {
	db       *db.DB
	sinks    Sinks
	rounds   *RoundCache
	lanes    []chan *queued
	maxBatch int
	signer   *Signer
	wg       sync.WaitGroup
	stop     chan struct{}
	once     sync.Once
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
	// Lanes is how many batches may be in flight at once (default on PostgreSQL one per
	// two cores, at most 4 and half the pool, at least 1; always 1 on SQLite, which has
	// one connection).
	Lanes int
	// MaxBatch caps the submissions per transaction (default 128).
	MaxBatch int
	// Signer checks start tokens; without it a closed round takes nothing late.
	Signer *Signer
}

// NewSubmitter starts the lanes; Close stops them.
func NewSubmitter(d *db.DB, sinks Sinks, o SubmitterOptions) *Submitter {
	if o.RoundTTL <= 0 {
		o.RoundTTL = 2 * time.Second
	}
	if d.Dialect == db.SQLite {
		o.Lanes = 1
	} else if o.Lanes <= 0 {
		o.Lanes = lanesFor(runtime.NumCPU(), maxOpenConns(d))
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 128
	}
	s := &Submitter{db: d, sinks: sinks, rounds: NewRoundCache(d, o.RoundTTL), maxBatch: o.MaxBatch, signer: o.Signer, stop: make(chan struct{})}
	for range o.Lanes {
		lane := make(chan *queued, 1024)
		s.lanes = append(s.lanes, lane)
		s.wg.Add(1)
		go s.run(lane)
	}
	return s
}

// lanesFor is one lane per two cores, at most 4 and half the pool (the other half
// serves the requests' own reads and the staff pages), at least 1. Batches in flight
// together contend for the same index pages (each inserts at the newest end of the
// inbox's order indexes and into the search index's pending list), so a lane more than
// the cores can keep busy costs CPU: on two cores PostgreSQL spent 272–294 µs per
// submission with one lane, 323–390 with two, 342–455 with four and 547–615 with eight
// (BENCHMARKS.md section 1, session 8).
func lanesFor(cpus, maxOpen int) int {
	n := min(4, cpus/2)
	if maxOpen > 0 {
		n = min(n, maxOpen/2)
	}
	return max(n, 1)
}

// maxOpenConns is the pool's cap, 0 when unknown or unlimited.
func maxOpenConns(d *db.DB) int {
	sqlDB, err := d.Q(context.Background()).DB()
	if err != nil {
		return 0
	}
	return sqlDB.Stats().MaxOpenConnections
}

// Lanes is how many batches this Submitter may have in flight at once.
func (s *Submitter) Lanes() int { return len(s.lanes) }

// Rounds is the Submitter's round cache, for the tablet API's round lookups.
func (s *Submitter) Rounds() *RoundCache { return s.rounds }

// Close stops the lanes after the queued submissions are written.
func (s *Submitter) Close() {
	s.once.Do(func() { close(s.stop) })
	s.wg.Wait()
}

// Submit validates a submission and stores it idempotently: the same client id again
// returns the stored response (created=false) and stores nothing, also across processes
// sharing the database. A response to a reflection form goes to the reflection sink,
// one to a staff round to the response sink, in the transaction that stores it.
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
	case s.lanes[laneOf(p.row.ClientID, len(s.lanes))] <- q:
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

// laneOf picks a client id's lane (FNV-1a).
func laneOf(id string, n int) int {
	if n == 1 {
		return 0
	}
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h = (h ^ uint32(id[i])) * 16777619
	}
	return int(h % uint32(n))
}

// Submit stores one submission through a Submitter of its own: the same path as the
// server's, for seeding and tests, with the reflection sink only.
func Submit(ctx context.Context, d *db.DB, sink ReflectionSink, code string, s Submission, now time.Time) (StoredResponse, bool, error) {
	return SubmitWith(ctx, d, Sinks{Reflections: sink}, code, s, now)
}

// SubmitWith is Submit with every sink.
func SubmitWith(ctx context.Context, d *db.DB, sinks Sinks, code string, s Submission, now time.Time) (StoredResponse, bool, error) {
	sub := NewSubmitter(d, sinks, SubmitterOptions{Lanes: 1, RoundTTL: time.Nanosecond})
	defer sub.Close()
	return sub.Submit(ctx, code, s, now)
}

// run is one lane: it takes what is queued, up to maxBatch, and writes it as one batch.
func (s *Submitter) run(lane chan *queued) {
	defer s.wg.Done()
	batch := make([]*queued, 0, s.maxBatch)
	for {
		batch = batch[:0]
		select {
		case q := <-lane:
			batch = append(batch, q)
		case <-s.stop:
			// Drain what is queued, then stop.
			for {
				select {
				case q := <-lane:
					s.write([]*queued{q})
				default:
					return
				}
			}
		}
	fill:
		for len(batch) < s.maxBatch {
			select {
			case q := <-lane:
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
	writeBatch(ctx, s.db, s.sinks, ps) // errors are recorded per pending
	for _, q := range batch {
		close(q.done)
	}
}
