package harvest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Substantiation is an independent person's confirmation (or not) of an outcome.
type Substantiation struct {
	ID            int64      `gorm:"primaryKey" json:"id"`
	OutcomeID     int64      `json:"outcome_id"`
	PartnershipID int64      `json:"-"`
	Name          string     `json:"name"`
	Role          string     `json:"role"`
	TokenHash     string     `json:"-"`
	CreatedBy     *int64     `json:"-"`
	CreatedAt     time.Time  `json:"created_at"`
	ExpiresAt     time.Time  `json:"expires_at"`
	AnsweredAt    *time.Time `json:"answered_at,omitempty"`
	Agreement     string     `json:"agreement"`
	Comment       string     `json:"comment"`
}

// Agreements are the answers an independent person can give.
var Agreements = []string{"agree", "partly", "disagree"}

// SubstantiationTTL is how long a personal link works.
const SubstantiationTTL = 14 * 24 * time.Hour

func hashToken(t string) string {
	s := sha256.Sum256([]byte(t))
	return hex.EncodeToString(s[:])
}

// RequestSubstantiation makes a personal link for one person to substantiate an
// outcome. The token is returned once; only its hash is kept.
func RequestSubstantiation(ctx context.Context, d *db.DB, sc people.Scope, userID, outcomeID int64, name, role string, now time.Time) (string, Substantiation, error) {
	o, err := getForReview(ctx, d, sc, outcomeID)
	if err != nil {
		return "", Substantiation{}, err
	}
	if strings.TrimSpace(name) == "" {
		v := apperr.Invalid{}
		v.Add("name", "harvest.error.subst_name")
		return "", Substantiation{}, v.Err()
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", Substantiation{}, fmt.Errorf("harvest: token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	uid := userID
	s := Substantiation{OutcomeID: o.ID, PartnershipID: o.PartnershipID, Name: strings.TrimSpace(name), Role: strings.TrimSpace(role),
		TokenHash: hashToken(token), CreatedBy: &uid, CreatedAt: now.UTC(), ExpiresAt: now.UTC().Add(SubstantiationTTL)}
	if err := d.Q(ctx).Create(&s).Error; err != nil {
		return "", s, fmt.Errorf("harvest: create substantiation: %w", err)
	}
	return token, s, nil
}

// Substantiations lists the requests and answers of an outcome the caller may read.
func Substantiations(ctx context.Context, d *db.DB, sc people.Scope, outcomeID int64) ([]Substantiation, error) {
	if _, err := Get(ctx, d, sc, outcomeID); err != nil {
		return nil, err
	}
	var out []Substantiation
	if err := d.Q(ctx).Where("outcome_id = ?", outcomeID).Order("created_at, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("harvest: substantiations of %d: %w", outcomeID, err)
	}
	return out, nil
}

// OpenSubstantiation finds the request behind a personal link with its outcome. An
// unknown or expired link is "not found"; an answered one comes back with AnsweredAt.
func OpenSubstantiation(ctx context.Context, d *db.DB, token string, now time.Time) (Substantiation, Outcome, error) {
	var s Substantiation
	var o Outcome
	err := d.Q(ctx).Where("token_hash = ?", hashToken(token)).Take(&s).Error
	if err == nil && now.After(s.ExpiresAt) {
		return s, o, apperr.NotFound()
	}
	if err != nil {
		return s, o, fmt.Errorf("harvest: open substantiation: %w", err)
	}
	if err := d.Q(ctx).Take(&o, s.OutcomeID).Error; err != nil {
		return s, o, fmt.Errorf("harvest: substantiated outcome: %w", err)
	}
	list := []Outcome{o}
	if err := loadDetails(ctx, d, list); err != nil {
		return s, o, err
	}
	return s, list[0], nil
}

// AnswerSubstantiation stores the person's answer (once) and notes it in the outcome's
// history.
func AnswerSubstantiation(ctx context.Context, d *db.DB, token, agreement, comment string, now time.Time) (Substantiation, error) {
	s, _, err := OpenSubstantiation(ctx, d, token, now)
	if err != nil {
		return s, err
	}
	if s.AnsweredAt != nil {
		return s, apperr.New(apperr.KindConflict, "harvest.subst.already")
	}
	if !oneOf(agreement, Agreements) {
		v := apperr.Invalid{}
		v.Add("agreement", "harvest.error.agreement")
		return s, v.Err()
	}
	t := now.UTC()
	err = d.Tx(ctx, func(tx *db.DB) error {
		res := tx.Q(ctx).Model(&Substantiation{}).Where("id = ? AND answered_at IS NULL", s.ID).
			Updates(map[string]any{"answered_at": t, "agreement": agreement, "comment": strings.TrimSpace(comment)})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.KindConflict, "harvest.subst.already")
		}
		return tx.Q(ctx).Create(&HistoryEntry{OutcomeID: s.OutcomeID, At: t, Field: "substantiation", NewValue: s.Name + ": " + agreement}).Error
	})
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return s, err
		}
		return s, fmt.Errorf("harvest: answer substantiation: %w", err)
	}
	s.AnsweredAt, s.Agreement, s.Comment = &t, agreement, strings.TrimSpace(comment)
	return s, nil
}
