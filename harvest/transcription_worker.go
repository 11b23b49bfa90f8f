package harvest

import (
	"context"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"oogst/db"
)

// Transcriber is a speech-to-text service (see package mt).
type Transcriber interface {
	Name() string
	// Transcribe returns the text spoken in audio; lang is the expected language.
	Transcribe(ctx context.Context, audio io.Reader, fileName, lang string) (string, error)
}

// AudioOpener opens a voice answer's file by attachment id (the server knows where
// uploads live).
type AudioOpener func(ctx context.Context, attachmentID int64) (io.ReadCloser, string, error)

// TranscriptionJob is a voice answer still to transcribe.
type TranscriptionJob struct {
	OutcomeID    int64 `gorm:"primaryKey"`
	AttachmentID int64 `gorm:"primaryKey"`
	State        string
	Attempts     int
	NextAt       time.Time
	LastError    string
}

func (TranscriptionJob) TableName() string { return "transcription_jobs" }

// TranscriptionWorker drafts transcripts of new voice answers in the background, as
// the TranslationWorker drafts translations (same retries and backoff); a stored
// transcript queues the story's translation.
type TranscriptionWorker struct {
	d    *db.DB
	tr   Transcriber
	open AudioOpener
	opt  WorkerOptions
	bg   background
}

// NewTranscriptionWorker makes a worker; Start runs it.
func NewTranscriptionWorker(d *db.DB, tr Transcriber, open AudioOpener, opt WorkerOptions) *TranscriptionWorker {
	return &TranscriptionWorker{d: d, tr: tr, open: open, opt: opt.withDefaults()}
}

// Start runs the worker until Stop.
func (w *TranscriptionWorker) Start() { w.bg.start(w.opt, "transcription worker", w.RunOnce) }

// Stop ends the worker.
func (w *TranscriptionWorker) Stop() { w.bg.stop() }

// RunOnce queues new voice answers and transcribes those due.
func (w *TranscriptionWorker) RunOnce(ctx context.Context) error {
	if err := w.enqueue(ctx); err != nil {
		return err
	}
	for i := 0; i < 20; i++ {
		now := w.opt.Now().UTC()
		var j TranscriptionJob
		err := w.d.Q(ctx).Where("state = ? AND next_at <= ?", JobPending, now).Order("next_at, outcome_id, attachment_id").Take(&j).Error
		if db.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("harvest: due transcription: %w", err)
		}
		res := w.d.Q(ctx).Model(&TranscriptionJob{}).Where("outcome_id = ? AND attachment_id = ? AND state = ? AND next_at <= ?", j.OutcomeID, j.AttachmentID, JobPending, now).
			Update("next_at", now.Add(w.opt.Lease))
		if res.Error != nil {
			return fmt.Errorf("harvest: claim transcription: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			continue
		}
		if err := w.handle(ctx, j); err != nil {
			return err
		}
	}
	return nil
}

// enqueue queues every voice answer of outcomes made since the last scan.
func (w *TranscriptionWorker) enqueue(ctx context.Context) error {
	now := w.opt.Now().UTC()
	return w.d.Tx(ctx, func(tx *db.DB) error {
		var st TranslationStatus
		if err := tx.Q(ctx).Where("id = 1").Take(&st).Error; err != nil {
			return fmt.Errorf("harvest: transcription status: %w", err)
		}
		var os []Outcome
		if err := tx.Q(ctx).Select("id, voice_attachment_ids").Where("id > ?", st.VoiceScannedID).Order("id").Limit(200).Find(&os).Error; err != nil {
			return fmt.Errorf("harvest: new voice answers: %w", err)
		}
		if len(os) == 0 {
			return nil
		}
		var jobs []TranscriptionJob
		for _, o := range os {
			for _, a := range o.Voices() {
				jobs = append(jobs, TranscriptionJob{OutcomeID: o.ID, AttachmentID: a, State: JobPending, NextAt: now})
			}
		}
		if len(jobs) > 0 {
			if err := tx.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&jobs).Error; err != nil {
				return fmt.Errorf("harvest: queue transcriptions: %w", err)
			}
		}
		last := os[len(os)-1].ID
		return tx.Q(ctx).Model(&TranslationStatus{}).Where("id = 1 AND voice_scanned_id < ?", last).Update("voice_scanned_id", last).Error
	})
}

func (w *TranscriptionWorker) handle(ctx context.Context, j TranscriptionJob) error {
	var o Outcome
	if err := w.d.Q(ctx).Where("id = ?", j.OutcomeID).Take(&o).Error; err != nil {
		return fmt.Errorf("harvest: outcome %d to transcribe: %w", j.OutcomeID, err)
	}
	text, err := w.transcribe(ctx, j, o.Language)
	now := w.opt.Now().UTC()
	if err == nil {
		return w.d.Tx(ctx, func(tx *db.DB) error {
			t := Transcript{OutcomeID: j.OutcomeID, AttachmentID: j.AttachmentID, Text: text, Origin: OriginMachine, UpdatedAt: now, Version: 1}
			if err := tx.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&t).Error; err != nil {
				return fmt.Errorf("harvest: store transcript: %w", err)
			}
			if err := tx.Q(ctx).Where("outcome_id = ? AND attachment_id = ?", j.OutcomeID, j.AttachmentID).Delete(&TranscriptionJob{}).Error; err != nil {
				return fmt.Errorf("harvest: end transcription job: %w", err)
			}
			if err := tx.Q(ctx).Model(&TranslationStatus{}).Where("id = 1").Update("voice_last_success", now).Error; err != nil {
				return err
			}
			return queueTranslationOf(ctx, tx, o, now)
		})
	}
	if ctx.Err() != nil {
		return nil
	}
	attempt := j.Attempts + 1
	wait, giveUp := nextTry(w.opt, attempt, err)
	state := JobPending
	if giveUp {
		state = JobFailed
	}
	w.opt.Log.Warn("transcription failed", "outcome", j.OutcomeID, "attachment", j.AttachmentID, "attempt", attempt, "give_up", giveUp, "err", err.Error())
	return w.d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Model(&TranscriptionJob{}).Where("outcome_id = ? AND attachment_id = ?", j.OutcomeID, j.AttachmentID).
			Updates(map[string]any{"attempts": gorm.Expr("attempts + 1"), "next_at": now.Add(wait), "last_error": err.Error(), "state": state}).Error; err != nil {
			return fmt.Errorf("harvest: transcription attempt: %w", err)
		}
		return tx.Q(ctx).Model(&TranslationStatus{}).Where("id = 1").Updates(map[string]any{"voice_last_error": err.Error(), "voice_last_error_at": now}).Error
	})
}

func (w *TranscriptionWorker) transcribe(ctx context.Context, j TranscriptionJob, lang string) (string, error) {
	f, name, err := w.open(ctx, j.AttachmentID)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return w.tr.Transcribe(ctx, f, name, lang)
}

// TranscriptionQueue counts the transcriptions waiting and given up, for the admin.
func TranscriptionQueue(ctx context.Context, d *db.DB) (pending, failed int64, err error) {
	var rows []struct {
		State string
		N     int64
	}
	if err := d.Q(ctx).Model(&TranscriptionJob{}).Select("state, COUNT(*) AS n").Group("state").Scan(&rows).Error; err != nil {
		return 0, 0, fmt.Errorf("harvest: transcription queue: %w", err)
	}
	for _, r := range rows {
		if r.State == JobPending {
			pending = r.N
		} else {
			failed = r.N
		}
	}
	return pending, failed, nil
}
