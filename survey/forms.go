package survey

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// FormSummary is one line of the forms list.
type FormSummary struct {
	Form
	PartnershipName string
	LatestVersion   int // 0: never published
}

// canReadForms: coordinators and partners see forms; mentors only see responses.
func canReadForms(sc people.Scope, f Form) bool {
	if f.PartnershipID == nil {
		for _, r := range sc.Roles {
			if r == people.RoleCoordinator || r == people.RolePartner {
				return true
			}
		}
		return false
	}
	return sc.Allows(*f.PartnershipID, people.RoleCoordinator, people.RolePartner)
}

// ListForms returns the built-in forms and the forms of the caller's partnerships.
func ListForms(ctx context.Context, d *db.DB, sc people.Scope, now time.Time) ([]FormSummary, error) {
	if _, _, err := EnsureBuiltin(ctx, d, now); err != nil {
		return nil, err
	}
	var fs []Form
	q := d.Q(ctx).Where("partnership_id IS NULL OR partnership_id IN ?", append(sc.PartnershipIDs(), 0))
	if err := q.Order("partnership_id IS NOT NULL, name").Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("survey: list forms: %w", err)
	}
	names := map[int64]string{}
	var ps []people.Partnership
	if err := sc.Where(d.Q(ctx).Model(&people.Partnership{}), "id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("survey: list forms: %w", err)
	}
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	var out []FormSummary
	for _, f := range fs {
		if !canReadForms(sc, f) {
			continue
		}
		s := FormSummary{Form: f}
		if f.PartnershipID != nil {
			s.PartnershipName = names[*f.PartnershipID]
		}
		if v, err := LatestVersion(ctx, d, f.ID); err == nil {
			s.LatestVersion = v.Version
		}
		out = append(out, s)
	}
	return out, nil
}

// GetForm returns a form the caller may read, with its draft definition.
func GetForm(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Form, Definition, error) {
	var f Form
	err := d.Q(ctx).First(&f, id).Error
	if err != nil {
		return f, Definition{}, fmt.Errorf("survey: get form %d: %w", id, err)
	}
	if f.PartnershipID != nil && !sc.Member(*f.PartnershipID) {
		return f, Definition{}, apperr.NotFound()
	}
	if !canReadForms(sc, f) {
		return f, Definition{}, apperr.Forbidden()
	}
	def, err := ParseDefinition(f.Draft)
	return f, def, err
}

// CreateForm makes an empty custom form (Dutch only) in a partnership.
func CreateForm(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64, name string, now time.Time) (Form, error) {
	if !sc.Member(partnershipID) {
		return Form{}, apperr.NotFound()
	}
	if !sc.Allows(partnershipID, people.RoleCoordinator) {
		return Form{}, apperr.Forbidden()
	}
	name = strings.TrimSpace(name)
	if name == "" {
		v := apperr.Invalid{}
		v.Add("name", "error.required")
		return Form{}, v.Err()
	}
	def := Definition{Title: locale.Text{locale.Default: name}, Languages: []string{locale.Default}, Questions: []Question{}}
	pid := partnershipID
	f := Form{PartnershipID: &pid, Kind: KindCustom, Name: name, Draft: def.Encode(), CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	if err := d.Q(ctx).Create(&f).Error; err != nil {
		return f, fmt.Errorf("survey: create form: %w", err)
	}
	return f, nil
}

// CopyForm copies a readable form (typically the built-in one) into a partnership, so
// its coordinators can adapt it and confirm its translations.
func CopyForm(ctx context.Context, d *db.DB, sc people.Scope, formID, partnershipID int64, now time.Time) (Form, error) {
	src, _, err := GetForm(ctx, d, sc, formID)
	if err != nil {
		return Form{}, err
	}
	if !sc.Member(partnershipID) {
		return Form{}, apperr.NotFound()
	}
	if !sc.Allows(partnershipID, people.RoleCoordinator) {
		return Form{}, apperr.Forbidden()
	}
	pid := partnershipID
	f := Form{PartnershipID: &pid, Kind: src.Kind, Name: src.Name, Draft: src.Draft, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	if err := d.Q(ctx).Create(&f).Error; err != nil {
		return f, fmt.Errorf("survey: copy form %d: %w", formID, err)
	}
	return f, nil
}

// EditForm changes a form's draft: fn edits the definition, which must stay valid in
// structure. Languages whose texts changed are marked to be checked again, and all of
// them when the Dutch source changed.
func EditForm(ctx context.Context, d *db.DB, sc people.Scope, formID int64, now time.Time, fn func(*Definition) error) (Definition, error) {
	return EditFormFrom(ctx, d, sc, formID, EditBase{}, now, fn)
}

// EditBase is what an edit of the draft was based on, so that a save over someone
// else's newer work is refused (apperr.Stale) instead of silently undoing it: the whole
// form's EditVersion (the settings form), or one question's Hash as it was loaded (a
// question's form: saving question 5 does not clash with an edit of question 4).
// Zero values skip the check.
type EditBase struct {
	Version  int64
	Question string // question id
	Hash     string // QuestionHash of that question as loaded
}

// EditFormFrom is EditForm with the check that base is still current.
func EditFormFrom(ctx context.Context, d *db.DB, sc people.Scope, formID int64, base EditBase, now time.Time, fn func(*Definition) error) (Definition, error) {
	f, old, err := GetForm(ctx, d, sc, formID)
	if err != nil {
		return old, err
	}
	if f.PartnershipID == nil || !sc.Allows(*f.PartnershipID, people.RoleCoordinator) {
		return old, apperr.Forbidden()
	}
	next, _ := ParseDefinition(f.Draft)
	if err := fn(&next); err != nil {
		return next, err
	}
	if base.Version != 0 && base.Version != f.EditVersion {
		return next, apperr.Stale()
	}
	if base.Question != "" {
		if q, ok := old.Question(base.Question); !ok || QuestionHash(*q) != base.Hash {
			return next, apperr.Stale()
		}
	}
	if err := next.Validate(); err != nil {
		return next, err
	}
	name := next.Title[locale.Default]
	err = d.Tx(ctx, func(tx *db.DB) error {
		// With a base to check, guarded by the version read above: of two concurrent
		// edits the second waits for the first's row lock and then matches no row.
		q := tx.Q(ctx).Model(&Form{}).Where("id = ?", f.ID)
		if base != (EditBase{}) {
			q = q.Where("edit_version = ?", f.EditVersion)
		}
		res := q.Updates(map[string]any{
			"draft": next.Encode(), "name": name, "updated_at": now.UTC(), "edit_version": gorm.Expr("edit_version + 1"), "updated_by": userRef(sc)})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return apperr.Stale()
		}
		changed := changedLanguages(old, next)
		if slices.Contains(changed, locale.Default) {
			// The Dutch source changed: every translation of it is to be checked again.
			return tx.Q(ctx).Where("form_id = ?", f.ID).Delete(&TranslationCheck{}).Error
		}
		if len(changed) > 0 {
			return tx.Q(ctx).Where("form_id = ? AND language IN ?", f.ID, changed).Delete(&TranslationCheck{}).Error
		}
		return nil
	})
	if apperr.IsStale(err) {
		return next, err
	}
	if err != nil {
		return next, fmt.Errorf("survey: save form %d: %w", formID, err)
	}
	return next, nil
}

// QuestionHash identifies a question's stored content: the version of one question.
func QuestionHash(q Question) string {
	b, _ := json.Marshal(q)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// userRef is the caller as "changed by" (nil for a scope without a user).
func userRef(sc people.Scope) *int64 {
	if sc.UserID == 0 {
		return nil
	}
	id := sc.UserID
	return &id
}

// SaveQuestion adds q, or replaces the question with the same id.
func SaveQuestion(ctx context.Context, d *db.DB, sc people.Scope, formID int64, q Question, now time.Time) error {
	_, err := EditForm(ctx, d, sc, formID, now, func(def *Definition) error {
		if old, ok := def.Question(q.ID); ok {
			*old = q
			return nil
		}
		def.Questions = append(def.Questions, q)
		return nil
	})
	return err
}

// DeleteQuestion removes a question from the draft (published versions keep it).
func DeleteQuestion(ctx context.Context, d *db.DB, sc people.Scope, formID int64, qid string, now time.Time) error {
	_, err := EditForm(ctx, d, sc, formID, now, func(def *Definition) error {
		def.Questions = slices.DeleteFunc(def.Questions, func(q Question) bool { return q.ID == qid })
		return nil
	})
	return err
}

// Publish freezes the draft as the next version after checking every text exists in
// every offered language.
func Publish(ctx context.Context, d *db.DB, sc people.Scope, formID int64, now time.Time) (FormVersion, error) {
	f, def, err := GetForm(ctx, d, sc, formID)
	if err != nil {
		return FormVersion{}, err
	}
	if f.PartnershipID == nil || !sc.Allows(*f.PartnershipID, people.RoleCoordinator) {
		return FormVersion{}, apperr.Forbidden()
	}
	if err := def.ValidateForPublish(); err != nil {
		return FormVersion{}, err
	}
	var v FormVersion
	err = d.Tx(ctx, func(tx *db.DB) error {
		last, err := LatestVersion(ctx, tx, f.ID)
		if err != nil && !db.IsNotFound(err) {
			return err
		}
		if err == nil && last.Definition == f.Draft {
			v = last // nothing changed since the last publication
			return nil
		}
		uid := sc.UserID
		v = FormVersion{FormID: f.ID, Version: last.Version + 1, Definition: f.Draft, PublishedAt: now.UTC(), PublishedBy: &uid}
		return tx.Q(ctx).Create(&v).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return v, apperr.New(apperr.KindConflict, "survey.err.publish_race")
	}
	if err != nil {
		return v, fmt.Errorf("survey: publish form %d: %w", formID, err)
	}
	return v, nil
}

// TranslationChecks returns, per offered language, whether a coordinator confirmed it.
// Dutch is the source and always counts as checked.
func TranslationChecks(ctx context.Context, d *db.DB, f Form, def Definition) (map[string]bool, error) {
	var rows []TranslationCheck
	if err := d.Q(ctx).Where("form_id = ?", f.ID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("survey: translation checks of form %d: %w", f.ID, err)
	}
	out := map[string]bool{}
	for _, l := range def.Languages {
		out[l] = l == locale.Default
	}
	for _, r := range rows {
		out[r.Language] = true
	}
	return out, nil
}

// ConfirmTranslation records that a coordinator checked the texts in lang.
func ConfirmTranslation(ctx context.Context, d *db.DB, sc people.Scope, formID int64, lang string, now time.Time) error {
	f, def, err := GetForm(ctx, d, sc, formID)
	if err != nil {
		return err
	}
	if f.PartnershipID == nil || !sc.Allows(*f.PartnershipID, people.RoleCoordinator) {
		return apperr.Forbidden()
	}
	if !def.Offers(lang) {
		v := apperr.Invalid{}
		v.Add("language", "survey.err.unknown_language")
		return v.Err()
	}
	uid := sc.UserID
	row := TranslationCheck{FormID: f.ID, Language: lang, CheckedBy: &uid, CheckedAt: now.UTC()}
	err = d.Q(ctx).Where(TranslationCheck{FormID: f.ID, Language: lang}).Attrs(row).FirstOrCreate(&row).Error
	if err != nil && !errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("survey: confirm translation: %w", err)
	}
	return nil
}

// changedLanguages lists the languages whose texts differ between two definitions.
func changedLanguages(a, b Definition) []string {
	flat := func(d Definition) map[string]string {
		m := map[string]string{}
		add := func(t locale.Text) {
			for l, s := range t {
				m[l] += "\x00" + s
			}
		}
		add(d.Title)
		for _, q := range d.Questions {
			add(q.Text)
			add(q.Help)
			for _, o := range q.Options {
				add(o.Text)
			}
		}
		return m
	}
	fa, fb := flat(a), flat(b)
	var out []string
	for _, l := range locale.Tags() {
		if fa[l] != fb[l] {
			out = append(out, l)
		}
	}
	return out
}
