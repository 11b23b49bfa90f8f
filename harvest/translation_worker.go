package harvest

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"oogst/db"
)

// Translator is a machine translation service (see package mt).
type Translator interface {
	Name() string
	// Translate returns one translation per text, in order; empty texts stay empty.
	Translate(ctx context.Context, source, target string, texts []string) ([]string, error)
}

// WorkerOptions tune the translation worker; zero values take the defaults.
type WorkerOptions struct {
	Interval    time.Duration // between looks for work (default 5 s)
	MaxAttempts int           // per job, then given up (default 6)
	Backoff     time.Duration // after the first failure, doubling (default 30 s, at most 6 h)
	Lease       time.Duration // a claimed job is left to others after this (default 2 min)
	Now         func() time.Time
	Log         *slog.Logger
}

// TranslationWorker fetches machine drafts in the background, off the submission
// path: it queues new outcomes, then works through due jobs, each with retries and
// exponential backoff. Its state is in the database, so a restart resumes.
type TranslationWorker struct {
	d   *db.DB
	tr  Translator
	opt WorkerOptions
	bg  background
}

// NewTranslationWorker makes a worker; Start runs it.
func NewTranslationWorker(d *db.DB, tr Translator, opt WorkerOptions) *TranslationWorker {
	return &TranslationWorker{d: d, tr: tr, opt: opt.withDefaults()}
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	if o.Interval <= 0 {
		o.Interval = 5 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 6
	}
	if o.Backoff <= 0 {
		o.Backoff = 30 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return o
}

// Start runs the worker until Stop.
func (w *TranslationWorker) Start() { w.bg.start(w.opt, "translation worker", w.RunOnce) }

// Stop ends the worker and waits for the request in flight.
func (w *TranslationWorker) Stop() { w.bg.stop() }

// background runs one pass every interval until stopped.
type background struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (b *background) start(opt WorkerOptions, name string, pass func(context.Context) error) {
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		t := time.NewTicker(opt.Interval)
		defer t.Stop()
		for {
			if err := pass(ctx); err != nil && ctx.Err() == nil {
				opt.Log.Warn(name, "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

func (b *background) stop() {
	if b.cancel != nil {
		b.cancel()
		b.wg.Wait()
	}
}

// nextTry says when a failed job is tried again: the backoff doubles from opt.Backoff
// (at most 6 h), or the service's Retry-After when longer; a request the service
// refuses for good, or the last allowed attempt, is given up.
func nextTry(opt WorkerOptions, attempt int, err error) (time.Duration, bool) {
	wait := opt.Backoff << (attempt - 1)
	if wait > 6*time.Hour || wait <= 0 {
		wait = 6 * time.Hour
	}
	var ra interface{ RetryAfter() time.Duration }
	if errors.As(err, &ra) && ra.RetryAfter() > wait {
		wait = ra.RetryAfter()
	}
	var pe interface{ Permanent() bool }
	return wait, attempt >= opt.MaxAttempts || (errors.As(err, &pe) && pe.Permanent())
}

// RunOnce queues new outcomes and handles the jobs due now (at most a few dozen, so
// one pass stays short).
func (w *TranslationWorker) RunOnce(ctx context.Context) error {
	if _, err := enqueueNew(ctx, w.d, w.now(), 200); err != nil {
		return err
	}
	for i := 0; i < 50; i++ {
		j, err := claimDue(ctx, w.d, w.now(), w.opt.Lease)
		if err != nil || j == nil {
			return err
		}
		if err := w.handle(ctx, j); err != nil {
			return err
		}
	}
	return nil
}

func (w *TranslationWorker) now() time.Time { return w.opt.Now().UTC() }

// handle asks the service for one draft and stores the result or the failure. The
// log names the outcome and the error, never the text.
func (w *TranslationWorker) handle(ctx context.Context, j *dueJob) error {
	out, err := w.tr.Translate(ctx, j.Source, j.Lang, j.Texts)
	now := w.now()
	if err == nil && len(out) != len(j.Texts) {
		err = errors.New(w.tr.Name() + ": wrong number of translations")
	}
	if err == nil {
		return storeDraft(ctx, w.d, j, out, w.tr.Name(), now)
	}
	if ctx.Err() != nil {
		return nil // shutting down: the lease runs out and the job is taken again
	}
	attempt := j.Attempts + 1
	wait, giveUp := nextTry(w.opt, attempt, err)
	w.opt.Log.Warn("translation failed", "outcome", j.OutcomeID, "lang", j.Lang, "attempt", attempt, "give_up", giveUp, "err", err.Error())
	return failJob(ctx, w.d, j, err.Error(), now.Add(wait), giveUp, now)
}
