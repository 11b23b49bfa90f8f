package harvest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Transcript is the text of one voice answer of an outcome: typed by staff (human) or
// drafted by a speech-to-text service (machine). Transcripts are searched with the
// story and feed its translation.
type Transcript struct {
	OutcomeID    int64 `gorm:"primaryKey"`
	AttachmentID int64 `gorm:"primaryKey"`
	Text         string
	Origin       string
	UpdatedBy    *int64
	UpdatedAt    time.Time
	Version      int64 `gorm:"default:1"`
}

func (Transcript) TableName() string { return "voice_transcripts" }

// VoiceSlot is a voice answer of an outcome with its transcript, if any.
type VoiceSlot struct {
	AttachmentID int64
	T            Transcript
	Exists       bool
}

// VoiceSlots lists an outcome's voice answers with their transcripts (in order).
func VoiceSlots(ctx context.Context, d *db.DB, o Outcome) ([]VoiceSlot, error) {
	ids := o.Voices()
	if len(ids) == 0 {
		return nil, nil
	}
	var ts []Transcript
	if err := d.Q(ctx).Where("outcome_id = ?", o.ID).Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("harvest: transcripts of %d: %w", o.ID, err)
	}
	by := map[int64]Transcript{}
	for _, t := range ts {
		by[t.AttachmentID] = t
	}
	out := make([]VoiceSlot, len(ids))
	for i, id := range ids {
		t, ok := by[id]
		out[i] = VoiceSlot{AttachmentID: id, T: t, Exists: ok}
	}
	return out, nil
}

// transcriptsText joins an outcome's transcripts, for translation when the written
// answers are empty.
func transcriptsText(ctx context.Context, d *db.DB, outcomeID int64) (string, error) {
	var texts []string
	if err := d.Q(ctx).Model(&Transcript{}).Where("outcome_id = ? AND text <> ''", outcomeID).Order("attachment_id").Pluck("text", &texts).Error; err != nil {
		return "", fmt.Errorf("harvest: transcripts of %d: %w", outcomeID, err)
	}
	return strings.Join(texts, "\n\n"), nil
}

// SaveTranscript stores a reviewer's transcript of a voice answer. version is the
// transcript's version the form showed (0: none yet); another is refused as stale.
func SaveTranscript(ctx context.Context, d *db.DB, sc people.Scope, userID, outcomeID, attachmentID int64, text string, version *int64) (Transcript, error) {
	var out Transcript
	err := d.Tx(ctx, func(tx *db.DB) error {
		o, err := getForReview(ctx, tx, sc, outcomeID)
		if err != nil {
			return err
		}
		found := false
		for _, id := range o.Voices() {
			found = found || id == attachmentID
		}
		if !found {
			return apperr.NotFound()
		}
		now := tx.Now().UTC()
		uid := userID
		t := Transcript{OutcomeID: outcomeID, AttachmentID: attachmentID, Text: strings.TrimSpace(text), Origin: OriginHuman, UpdatedBy: &uid, UpdatedAt: now, Version: 1}
		var cur Transcript
		err = tx.Q(ctx).Where("outcome_id = ? AND attachment_id = ?", outcomeID, attachmentID).Take(&cur).Error
		switch {
		case db.IsNotFound(err):
			if version != nil && *version != 0 {
				return apperr.Stale()
			}
			if err := tx.Q(ctx).Create(&t).Error; err != nil {
				return fmt.Errorf("harvest: add transcript: %w", err)
			}
		case err != nil:
			return fmt.Errorf("harvest: transcript: %w", err)
		default:
			if version != nil && *version != cur.Version {
				return apperr.Stale()
			}
			t.Version = cur.Version + 1
			res := tx.Q(ctx).Model(&Transcript{}).Where("outcome_id = ? AND attachment_id = ? AND version = ?", outcomeID, attachmentID, cur.Version).
				Updates(map[string]any{"text": t.Text, "origin": OriginHuman, "updated_by": uid, "updated_at": now, "version": t.Version})
			if res.Error != nil {
				return fmt.Errorf("harvest: save transcript: %w", res.Error)
			}
			if res.RowsAffected == 0 {
				return apperr.Stale()
			}
		}
		out = t
		return queueTranslationOf(ctx, tx, o, now)
	})
	return out, err
}

// queueTranslationOf queues machine drafts of an outcome into its partnership's
// working languages that it has no translation in yet (a transcript arrived: there is
// now something to translate). Without a translation service the jobs wait unseen.
func queueTranslationOf(ctx context.Context, tx *db.DB, o Outcome, now time.Time) error {
	langs, err := workingLanguages(ctx, tx, []int64{o.PartnershipID})
	if err != nil {
		return err
	}
	var have []string
	if err := tx.Q(ctx).Model(&Translation{}).Where("outcome_id = ?", o.ID).Pluck("lang", &have).Error; err != nil {
		return fmt.Errorf("harvest: translations of %d: %w", o.ID, err)
	}
	var jobs []TranslationJob
	for _, l := range langs[o.PartnershipID] {
		if l == o.Language || contains(have, l) {
			continue
		}
		jobs = append(jobs, TranslationJob{OutcomeID: o.ID, Lang: l, State: JobPending, NextAt: now})
	}
	if len(jobs) == 0 {
		return nil
	}
	if err := tx.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&jobs).Error; err != nil {
		return fmt.Errorf("harvest: queue translation of %d: %w", o.ID, err)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scrubTranscripts removes transcripts (the cursist's own words) of outcomes ids.
func scrubTranscripts(tx *gorm.DB, ids []int64) error {
	if err := tx.Where("outcome_id IN ?", ids).Delete(&Transcript{}).Error; err != nil {
		return fmt.Errorf("harvest: scrub transcripts: %w", err)
	}
	if err := tx.Where("outcome_id IN ?", ids).Delete(&TranscriptionJob{}).Error; err != nil {
		return fmt.Errorf("harvest: drop transcription jobs: %w", err)
	}
	return nil
}

// storyContains is the inbox search: the story's answers and Dutch summary, the
// transcripts of its voice answers and its translations (with their summaries). own is
// the query of the outcomes the search looks among (the caller's other filters); their
// texts are searched there, so an index holding those filters' columns next to the
// search document (migration 00171) reads only the rows that pass them all.
func storyContains(d *db.DB, text string, own *gorm.DB) (string, []any) {
	oc, oargs0 := searchCond(d, text)
	vt, vargs := textContains(d, text, "vt.text")
	ot, oargs := textContains(d, text, "ot.change_text", "ot.significance_text", "ot.contribution_text", "ot.summary")
	args := append(append([]any{own.Where(oc, oargs0...).Select("outcomes.id")}, vargs...), oargs...)
	// One set of matching ids, built once: the outcome's own texts through the search
	// index, then transcripts and translations (small tables). An OR of EXISTS per row
	// would make the planner test every outcome of the partnership one by one.
	matches := "? UNION SELECT vt.outcome_id FROM voice_transcripts vt WHERE " + vt +
		" UNION SELECT ot.outcome_id FROM outcome_translations ot WHERE " + ot
	if d.Dialect == db.Postgres {
		// An array built once, then read by primary key: with IN the planner may instead
		// hash-join the few thousand matches against every outcome of the partnership.
		return "outcomes.id = ANY (ARRAY(" + matches + "))", args
	}
	return "outcomes.id IN (" + matches + ")", args
}
