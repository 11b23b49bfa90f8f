package survey

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// DefaultConsentVersion names Oogst's built-in consent text (the "submit.consent_default"
// message), used until a partnership writes its own.
const DefaultConsentVersion = "oogst-1"

// MaxConsentText bounds one language's consent text: it must stay short to be read.
const MaxConsentText = 1500

// ConsentText is one language of one version of a partnership's consent text.
type ConsentText struct {
	ID            int64 `gorm:"primaryKey"`
	PartnershipID int64
	Version       string
	Language      string
	Text          string
	CreatedBy     *int64
	CreatedAt     time.Time
}

// Consent is what a tablet shows before the questions.
type Consent struct {
	Version string `json:"version"`
	Text    string `json:"text"`
	// Fallback is true when the text is shown in Dutch for lack of a translation.
	Fallback bool `json:"fallback,omitempty"`
}

// CurrentConsent returns partnership pid's newest consent text in lang (Dutch when that
// language is missing). ok is false when the partnership has none of its own.
func CurrentConsent(ctx context.Context, d *db.DB, pid int64, lang string) (c Consent, ok bool, err error) {
	var latest ConsentText
	err = d.Q(ctx).Where("partnership_id = ?", pid).Order("created_at DESC, id DESC").First(&latest).Error
	if db.IsNotFound(err) {
		return Consent{}, false, nil
	}
	if err != nil {
		return Consent{}, false, fmt.Errorf("survey: consent of partnership %d: %w", pid, err)
	}
	var rows []ConsentText
	if err := d.Q(ctx).Where("partnership_id = ? AND version = ?", pid, latest.Version).Find(&rows).Error; err != nil {
		return Consent{}, false, fmt.Errorf("survey: consent texts of partnership %d: %w", pid, err)
	}
	byLang := map[string]string{}
	for _, r := range rows {
		byLang[r.Language] = r.Text
	}
	if t := byLang[lang]; t != "" {
		return Consent{Version: latest.Version, Text: t}, true, nil
	}
	return Consent{Version: latest.Version, Text: byLang[locale.Default], Fallback: lang != locale.Default}, true, nil
}

// ConsentTexts returns every language of partnership pid's current version, for the
// editor (empty map and "" when it has none yet).
func ConsentTexts(ctx context.Context, d *db.DB, sc people.Scope, pid int64) (string, map[string]string, error) {
	if !sc.Member(pid) {
		return "", nil, apperr.NotFound()
	}
	var latest ConsentText
	err := d.Q(ctx).Where("partnership_id = ?", pid).Order("created_at DESC, id DESC").First(&latest).Error
	if db.IsNotFound(err) {
		return "", map[string]string{}, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("survey: consent of partnership %d: %w", pid, err)
	}
	var rows []ConsentText
	if err := d.Q(ctx).Where("partnership_id = ? AND version = ?", pid, latest.Version).Find(&rows).Error; err != nil {
		return "", nil, err
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.Language] = r.Text
	}
	return latest.Version, out, nil
}

// SaveConsent stores a new version of partnership pid's consent text. Only its
// coordinators may; Dutch is required, other languages are optional (Dutch is shown
// where one is missing). Returns the new version.
func SaveConsent(ctx context.Context, d *db.DB, sc people.Scope, pid int64, texts map[string]string, now time.Time) (string, error) {
	if !sc.Member(pid) {
		return "", apperr.NotFound()
	}
	if !sc.Allows(pid, people.RoleCoordinator) {
		return "", apperr.Forbidden()
	}
	v := apperr.Invalid{}
	clean := map[string]string{}
	for lang, t := range texts {
		if !locale.Supported(lang) {
			continue
		}
		t = strings.TrimSpace(t)
		if utf8.RuneCountInString(t) > MaxConsentText {
			v.Add("text_"+lang, "survey.consent.too_long", "Max", MaxConsentText)
			continue
		}
		if t != "" {
			clean[lang] = t
		}
	}
	if clean[locale.Default] == "" {
		v.Add("text_"+locale.Default, "error.required")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	var version string
	err := d.Tx(ctx, func(tx *db.DB) error {
		var n int64
		if err := tx.Q(ctx).Model(&ConsentText{}).Where("partnership_id = ?", pid).Distinct("version").Count(&n).Error; err != nil {
			return err
		}
		version = fmt.Sprintf("p%d-v%d", pid, n+1)
		uid := sc.UserID
		for lang, t := range clean {
			row := ConsentText{PartnershipID: pid, Version: version, Language: lang, Text: t, CreatedAt: now.UTC()}
			if uid != 0 {
				row.CreatedBy = &uid
			}
			if err := tx.Q(ctx).Create(&row).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("survey: save consent of partnership %d: %w", pid, err)
	}
	return version, nil
}
