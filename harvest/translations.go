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

// WorkingLanguageChoices are the languages a partnership can read its stories in.
var WorkingLanguageChoices = []string{"nl", "fr"}

// Origins of a translation.
const (
	OriginMachine = "machine"
	OriginHuman   = "human"
)

// WorkingLanguages is a partnership's setting (no row: Dutch).
type WorkingLanguages struct {
	PartnershipID int64 `gorm:"primaryKey"`
	Languages     string
	UpdatedAt     time.Time
}

func (WorkingLanguages) TableName() string { return "partnership_working_languages" }

// Translation is an outcome's story in one working language, beside the original.
type Translation struct {
	OutcomeID        int64      `gorm:"primaryKey" json:"-"`
	Lang             string     `gorm:"primaryKey" json:"lang"`
	Origin           string     `json:"origin"`
	CheckedAt        *time.Time `json:"checked_at"`
	ChangeText       string     `json:"change"`
	SignificanceText string     `json:"significance"`
	ContributionText string     `json:"contribution"`
	Summary          string     `json:"summary"`
	Service          string     `json:"-"`
	CheckedBy        *int64     `json:"-"`
	UpdatedBy        *int64     `json:"-"`
	UpdatedAt        time.Time  `json:"-"`
	Version          int64      `gorm:"default:1" json:"-"`
}

func (Translation) TableName() string { return "outcome_translations" }

// Draft reports whether this is a machine draft nobody has checked yet.
func (t Translation) Draft() bool { return t.Origin == OriginMachine && t.CheckedAt == nil }

// HasStory reports whether any of the story's three answers is translated.
func (t Translation) HasStory() bool {
	return t.ChangeText != "" || t.SignificanceText != "" || t.ContributionText != ""
}

// In returns the outcome's translation into lang, if it has one.
func (o Outcome) In(lang string) (Translation, bool) {
	for _, t := range o.Translations {
		if t.Lang == lang {
			return t, true
		}
	}
	return Translation{}, false
}

// parseLanguages turns the stored "nl,fr" into a list in WorkingLanguageChoices order.
func parseLanguages(s string) []string {
	out := []string{}
	for _, l := range WorkingLanguageChoices {
		for _, p := range strings.Split(s, ",") {
			if strings.TrimSpace(p) == l {
				out = append(out, l)
			}
		}
	}
	if len(out) == 0 {
		return []string{"nl"}
	}
	return out
}

// workingLanguages reads the setting of the given partnerships (missing: Dutch).
func workingLanguages(ctx context.Context, d *db.DB, pids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(pids) == 0 {
		return out, nil
	}
	var rows []WorkingLanguages
	if err := d.Q(ctx).Where("partnership_id IN ?", pids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("harvest: working languages: %w", err)
	}
	for _, r := range rows {
		out[r.PartnershipID] = parseLanguages(r.Languages)
	}
	for _, pid := range pids {
		if out[pid] == nil {
			out[pid] = []string{"nl"}
		}
	}
	return out, nil
}

// PartnershipLanguages returns the working languages of a partnership the caller
// belongs to (or administers).
func PartnershipLanguages(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]string, error) {
	if !sc.Member(pid) && !sc.IsAdmin {
		return nil, apperr.NotFound()
	}
	m, err := workingLanguages(ctx, d, []int64{pid})
	if err != nil {
		return nil, err
	}
	return m[pid], nil
}

// SetWorkingLanguages stores a partnership's working languages; its coordinators may.
func SetWorkingLanguages(ctx context.Context, d *db.DB, sc people.Scope, pid int64, langs []string) error {
	if !sc.Member(pid) {
		return apperr.NotFound()
	}
	if !sc.Allows(pid, people.RoleCoordinator) {
		return apperr.Forbidden()
	}
	return setWorkingLanguages(ctx, d, pid, langs)
}

// AdminSetWorkingLanguages is the platform admin's way, for any partnership.
func AdminSetWorkingLanguages(ctx context.Context, d *db.DB, sc people.Scope, pid int64, langs []string) error {
	if !sc.IsAdmin {
		return apperr.NotFound()
	}
	var n int64
	if err := d.Q(ctx).Table("partnerships").Where("id = ?", pid).Count(&n).Error; err != nil {
		return fmt.Errorf("harvest: partnership %d: %w", pid, err)
	}
	if n == 0 {
		return apperr.NotFound()
	}
	return setWorkingLanguages(ctx, d, pid, langs)
}

func setWorkingLanguages(ctx context.Context, d *db.DB, pid int64, langs []string) error {
	chosen := []string{}
	for _, l := range WorkingLanguageChoices {
		for _, x := range langs {
			if x == l {
				chosen = append(chosen, l)
				break
			}
		}
	}
	if len(chosen) == 0 || len(chosen) != len(uniq(langs)) {
		v := apperr.Invalid{}
		v.Add("working_languages", "translate.error.working_languages")
		return v.Err()
	}
	row := WorkingLanguages{PartnershipID: pid, Languages: strings.Join(chosen, ","), UpdatedAt: d.Now().UTC()}
	err := d.Q(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "partnership_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"languages", "updated_at"})}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("harvest: set working languages of %d: %w", pid, err)
	}
	return nil
}

func uniq(in []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// loadTranslations fills Translations of outcomes (in working-language order).
func loadTranslations(ctx context.Context, d *db.DB, list []Outcome, idx map[int64]int, ids []int64) error {
	for i := range list {
		list[i].Translations = []Translation{}
	}
	var ts []Translation
	if err := d.Q(ctx).Where("outcome_id IN ?", ids).Order("outcome_id, lang").Find(&ts).Error; err != nil {
		return fmt.Errorf("harvest: load translations: %w", err)
	}
	for _, t := range ts {
		i := idx[t.OutcomeID]
		list[i].Translations = append(list[i].Translations, t)
	}
	return nil
}

// TranslationInput is a person's edit of one translation. Version is the translation's
// version the form was loaded at (0: there was none yet); a save over another version is
// refused with apperr.Stale.
type TranslationInput struct {
	Change, Significance, Contribution, Summary string
	Version                                     *int64
}

// targetLanguage checks that lang is one of the outcome's partnership's working
// languages.
func targetLanguage(ctx context.Context, tx *db.DB, o Outcome, lang string) error {
	m, err := workingLanguages(ctx, tx, []int64{o.PartnershipID})
	if err != nil {
		return err
	}
	for _, l := range m[o.PartnershipID] {
		if l == lang {
			return nil
		}
	}
	return apperr.NotFound()
}

// SaveTranslation stores a reviewer's translation (and summary) of an outcome into one
// working language. What a person saves is human and counts as checked by them.
func SaveTranslation(ctx context.Context, d *db.DB, sc people.Scope, userID, outcomeID int64, lang string, in TranslationInput) (Translation, error) {
	var out Translation
	err := d.Tx(ctx, func(tx *db.DB) error {
		o, err := getForReview(ctx, tx, sc, outcomeID)
		if err != nil {
			return err
		}
		if err := targetLanguage(ctx, tx, o, lang); err != nil {
			return err
		}
		now := tx.Now().UTC()
		uid := userID
		t := Translation{OutcomeID: outcomeID, Lang: lang, Origin: OriginHuman,
			ChangeText: strings.TrimSpace(in.Change), SignificanceText: strings.TrimSpace(in.Significance),
			ContributionText: strings.TrimSpace(in.Contribution), Summary: strings.TrimSpace(in.Summary),
			CheckedBy: &uid, CheckedAt: &now, UpdatedBy: &uid, UpdatedAt: now, Version: 1}
		var cur Translation
		err = tx.Q(ctx).Where("outcome_id = ? AND lang = ?", outcomeID, lang).Take(&cur).Error
		switch {
		case db.IsNotFound(err):
			if in.Version != nil && *in.Version != 0 {
				return apperr.Stale()
			}
			if err := tx.Q(ctx).Create(&t).Error; err != nil {
				return fmt.Errorf("harvest: add translation of %d into %s: %w", outcomeID, lang, err)
			}
		case err != nil:
			return fmt.Errorf("harvest: translation of %d into %s: %w", outcomeID, lang, err)
		default:
			if in.Version != nil && *in.Version != cur.Version {
				return apperr.Stale()
			}
			// An unchanged machine draft stays a machine draft: saving it is checking it.
			if cur.Origin == OriginMachine && cur.ChangeText == t.ChangeText && cur.SignificanceText == t.SignificanceText && cur.ContributionText == t.ContributionText {
				t.Origin, t.Service = OriginMachine, cur.Service
			}
			t.Version = cur.Version + 1
			res := tx.Q(ctx).Model(&Translation{}).Where("outcome_id = ? AND lang = ? AND version = ?", outcomeID, lang, cur.Version).
				Updates(map[string]any{"change_text": t.ChangeText, "significance_text": t.SignificanceText, "contribution_text": t.ContributionText,
					"summary": t.Summary, "origin": t.Origin, "service": t.Service, "checked_by": uid, "checked_at": now, "updated_by": uid,
					"updated_at": now, "version": t.Version})
			if res.Error != nil {
				return fmt.Errorf("harvest: save translation of %d into %s: %w", outcomeID, lang, res.Error)
			}
			if res.RowsAffected == 0 {
				return apperr.Stale()
			}
		}
		out = t
		return nil
	})
	return out, err
}

// CheckTranslation marks a machine draft as checked by the caller; version is the one
// the page showed.
func CheckTranslation(ctx context.Context, d *db.DB, sc people.Scope, userID, outcomeID int64, lang string, version *int64) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		if _, err := getForReview(ctx, tx, sc, outcomeID); err != nil {
			return err
		}
		var cur Translation
		if err := tx.Q(ctx).Where("outcome_id = ? AND lang = ?", outcomeID, lang).Take(&cur).Error; err != nil {
			return err
		}
		if version != nil && *version != cur.Version {
			return apperr.Stale()
		}
		now := tx.Now().UTC()
		res := tx.Q(ctx).Model(&Translation{}).Where("outcome_id = ? AND lang = ? AND version = ?", outcomeID, lang, cur.Version).
			Updates(map[string]any{"checked_by": userID, "checked_at": now, "updated_at": now, "version": gorm.Expr("version + 1")})
		if res.Error != nil {
			return fmt.Errorf("harvest: check translation of %d into %s: %w", outcomeID, lang, res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.Stale()
		}
		return nil
	})
}

// TranslationSlot is one working language of an outcome for its page: the translation
// when there is one, and whether the story needs one at all (not when the original is
// already in that language).
type TranslationSlot struct {
	Lang        string
	T           Translation
	Exists      bool
	NeedsStory  bool
	CheckerName string
}

// TranslationSlots lists an outcome's working languages with their translations.
func TranslationSlots(ctx context.Context, d *db.DB, sc people.Scope, o Outcome) ([]TranslationSlot, error) {
	langs, err := PartnershipLanguages(ctx, d, sc, o.PartnershipID)
	if err != nil {
		return nil, err
	}
	var out []TranslationSlot
	var checkers []int64
	for _, l := range langs {
		t, ok := o.In(l)
		out = append(out, TranslationSlot{Lang: l, T: t, Exists: ok, NeedsStory: l != o.Language})
		if ok && t.CheckedBy != nil {
			checkers = append(checkers, *t.CheckedBy)
		}
	}
	if len(checkers) > 0 {
		var us []struct {
			ID   int64
			Name string
		}
		if err := d.Q(ctx).Table("users").Where("id IN ?", checkers).Select("id, name").Scan(&us).Error; err != nil {
			return nil, fmt.Errorf("harvest: translation checkers: %w", err)
		}
		names := map[int64]string{}
		for _, u := range us {
			names[u.ID] = u.Name
		}
		for i := range out {
			if out[i].T.CheckedBy != nil {
				out[i].CheckerName = names[*out[i].T.CheckedBy]
			}
		}
	}
	return out, nil
}

// Summary returns the outcome's summary in lang: the Dutch one is summary_nl.
func (o Outcome) Summary(lang string) string {
	if lang == "nl" {
		return o.SummaryNL
	}
	t, _ := o.In(lang)
	return t.Summary
}

// scrubTranslations removes the cursists' words from the translations of outcomes ids
// (retention, erasure) as from the originals, and the voice answers' transcripts;
// summaries are the reviewers' and stay. Drafts not yet fetched are dropped.
func scrubTranslations(tx *gorm.DB, ids []int64) error {
	if err := tx.Model(&Translation{}).Where("outcome_id IN ?", ids).
		Updates(map[string]any{"change_text": "", "significance_text": "", "contribution_text": ""}).Error; err != nil {
		return fmt.Errorf("harvest: scrub translations: %w", err)
	}
	if err := tx.Where("outcome_id IN ?", ids).Delete(&TranslationJob{}).Error; err != nil {
		return fmt.Errorf("harvest: drop translation jobs: %w", err)
	}
	return scrubTranscripts(tx, ids)
}
