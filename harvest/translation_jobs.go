package harvest

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"oogst/db"
)

// Job states.
const (
	JobPending = "pending"
	JobFailed  = "failed" // attempts used up; an admin sees it in the count
)

// TranslationJob is a machine draft still to fetch for one outcome and language.
type TranslationJob struct {
	OutcomeID int64  `gorm:"primaryKey"`
	Lang      string `gorm:"primaryKey"`
	State     string
	Attempts  int
	NextAt    time.Time
	LastError string
}

func (TranslationJob) TableName() string { return "translation_jobs" }

// TranslationStatus is the worker's one row: how far it has looked for new outcomes
// and how the service last answered.
type TranslationStatus struct {
	ID          int64 `gorm:"primaryKey"`
	ScannedID   int64
	LastSuccess *time.Time
	LastError   string
	LastErrorAt *time.Time
	// The same for the transcription service.
	VoiceScannedID   int64
	VoiceLastSuccess *time.Time
	VoiceLastError   string
	VoiceLastErrorAt *time.Time
}

func (TranslationStatus) TableName() string { return "translation_status" }

// enqueueNew looks at outcomes made since the last scan and queues a draft for every
// working language of their partnership that the story is not written in. It reads at
// most batch outcomes per call, by primary key, so it costs nothing on a large table.
func enqueueNew(ctx context.Context, d *db.DB, now time.Time, batch int) (int, error) {
	queued := 0
	err := d.Tx(ctx, func(tx *db.DB) error {
		var st TranslationStatus
		if err := tx.Q(ctx).Where("id = 1").Take(&st).Error; err != nil {
			return fmt.Errorf("harvest: translation status: %w", err)
		}
		var os []Outcome
		if err := tx.Q(ctx).Select("id, partnership_id, language, change_text, significance_text, contribution_text").
			Where("id > ?", st.ScannedID).Order("id").Limit(batch).Find(&os).Error; err != nil {
			return fmt.Errorf("harvest: new outcomes to translate: %w", err)
		}
		if len(os) == 0 {
			return nil
		}
		pids := []int64{}
		for _, o := range os {
			pids = append(pids, o.PartnershipID)
		}
		langs, err := workingLanguages(ctx, tx, uniqIDs(pids))
		if err != nil {
			return err
		}
		var jobs []TranslationJob
		for _, o := range os {
			if o.ChangeText == "" && o.SignificanceText == "" && o.ContributionText == "" {
				continue
			}
			for _, l := range langs[o.PartnershipID] {
				if l != o.Language {
					jobs = append(jobs, TranslationJob{OutcomeID: o.ID, Lang: l, State: JobPending, NextAt: now})
				}
			}
		}
		if len(jobs) > 0 {
			if err := tx.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&jobs).Error; err != nil {
				return fmt.Errorf("harvest: queue translations: %w", err)
			}
		}
		queued = len(jobs)
		last := os[len(os)-1].ID
		return tx.Q(ctx).Model(&TranslationStatus{}).Where("id = 1 AND scanned_id < ?", last).Update("scanned_id", last).Error
	})
	return queued, err
}

func uniqIDs(in []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, x := range in {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// dueJob is a claimed job with the story to translate.
type dueJob struct {
	TranslationJob
	Source string
	Texts  []string // change, significance, contribution
}

// claimDue takes the next due job for lease: its next_at moves past the lease, so
// another worker (another replica) does not take it meanwhile, and a worker that dies
// leaves it to be taken again after the lease.
func claimDue(ctx context.Context, d *db.DB, now time.Time, lease time.Duration) (*dueJob, error) {
	var j TranslationJob
	err := d.Q(ctx).Where("state = ? AND next_at <= ?", JobPending, now).Order("next_at, outcome_id").Take(&j).Error
	if db.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("harvest: due translation: %w", err)
	}
	res := d.Q(ctx).Model(&TranslationJob{}).Where("outcome_id = ? AND lang = ? AND state = ? AND next_at <= ?", j.OutcomeID, j.Lang, JobPending, now).
		Update("next_at", now.Add(lease))
	if res.Error != nil {
		return nil, fmt.Errorf("harvest: claim translation: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, nil // someone else took it
	}
	var o Outcome
	if err := d.Q(ctx).Where("id = ?", j.OutcomeID).Take(&o).Error; err != nil {
		return nil, fmt.Errorf("harvest: outcome %d to translate: %w", j.OutcomeID, err)
	}
	texts := []string{o.ChangeText, o.SignificanceText, o.ContributionText}
	if o.ChangeText == "" {
		// A spoken change: its transcripts are the story to translate.
		if texts[0], err = transcriptsText(ctx, d, o.ID); err != nil {
			return nil, err
		}
	}
	return &dueJob{TranslationJob: j, Source: o.Language, Texts: texts}, nil
}

// storeDraft keeps a machine draft, unless a person wrote a translation meanwhile,
// and ends the job.
func storeDraft(ctx context.Context, d *db.DB, j *dueJob, texts []string, service string, now time.Time) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		t := Translation{OutcomeID: j.OutcomeID, Lang: j.Lang, Origin: OriginMachine, Service: service,
			ChangeText: texts[0], SignificanceText: texts[1], ContributionText: texts[2], UpdatedAt: now, Version: 1}
		if err := tx.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&t).Error; err != nil {
			return fmt.Errorf("harvest: store draft of %d: %w", j.OutcomeID, err)
		}
		if err := tx.Q(ctx).Where("outcome_id = ? AND lang = ?", j.OutcomeID, j.Lang).Delete(&TranslationJob{}).Error; err != nil {
			return fmt.Errorf("harvest: end translation job: %w", err)
		}
		return tx.Q(ctx).Model(&TranslationStatus{}).Where("id = 1").Update("last_success", now).Error
	})
}

// failJob records a failed attempt: the job waits until retryAt, or is given up.
func failJob(ctx context.Context, d *db.DB, j *dueJob, msg string, retryAt time.Time, giveUp bool, now time.Time) error {
	state := JobPending
	if giveUp {
		state = JobFailed
	}
	return d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Model(&TranslationJob{}).Where("outcome_id = ? AND lang = ?", j.OutcomeID, j.Lang).
			Updates(map[string]any{"attempts": gorm.Expr("attempts + 1"), "next_at": retryAt, "last_error": msg, "state": state}).Error; err != nil {
			return fmt.Errorf("harvest: translation attempt: %w", err)
		}
		return tx.Q(ctx).Model(&TranslationStatus{}).Where("id = 1").Updates(map[string]any{"last_error": msg, "last_error_at": now}).Error
	})
}

// TranslationHealth is what the admin page shows of the service.
type TranslationHealth struct {
	TranslationStatus
	Pending, Failed int64
}

// TranslationState reads the worker's status and queue for the admin page (no story
// text: counts, times and the service's error message).
func TranslationState(ctx context.Context, d *db.DB) (TranslationHealth, error) {
	var h TranslationHealth
	if err := d.Q(ctx).Where("id = 1").Take(&h.TranslationStatus).Error; err != nil {
		return h, fmt.Errorf("harvest: translation status: %w", err)
	}
	var rows []struct {
		State string
		N     int64
	}
	if err := d.Q(ctx).Model(&TranslationJob{}).Select("state, COUNT(*) AS n").Group("state").Scan(&rows).Error; err != nil {
		return h, fmt.Errorf("harvest: translation queue: %w", err)
	}
	for _, r := range rows {
		switch r.State {
		case JobPending:
			h.Pending = r.N
		case JobFailed:
			h.Failed = r.N
		}
	}
	return h, nil
}

// AddMachineDraft stores a machine draft the way the worker does, for demo data and
// imports; a translation that exists already is kept.
func AddMachineDraft(ctx context.Context, d *db.DB, outcomeID int64, lang, service string, change, significance, contribution string) error {
	t := Translation{OutcomeID: outcomeID, Lang: lang, Origin: OriginMachine, Service: service,
		ChangeText: change, SignificanceText: significance, ContributionText: contribution, UpdatedAt: d.Now().UTC(), Version: 1}
	if err := d.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&t).Error; err != nil {
		return fmt.Errorf("harvest: machine draft of %d: %w", outcomeID, err)
	}
	return nil
}
