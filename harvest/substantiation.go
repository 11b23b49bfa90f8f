package harvest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
	"oogst/survey"
)

// Substantiation is an independent person's view of an outcome: whether its description,
// its significance and the project's contribution are right, as they saw it.
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
	// Agreement sums the three aspects up (see Overall); Comment is the person's
	// general remark.
	Agreement             string `json:"agreement"`
	Comment               string `json:"comment"`
	DescriptionAgreement  string `json:"description_agreement"`
	DescriptionComment    string `json:"description_comment"`
	SignificanceAgreement string `json:"significance_agreement"`
	SignificanceComment   string `json:"significance_comment"`
	ContributionAgreement string `json:"contribution_agreement"`
	ContributionComment   string `json:"contribution_comment"`
	// Email (optional) is where the link and one reminder went; it is cleared once the
	// person has answered. Language is the one chosen for the person (mail and page).
	Email      string     `json:"-"`
	Language   string     `json:"language"`
	LinkNonce  string     `json:"-"`
	RemindedAt *time.Time `json:"-"`
}

// Aspect is one of the three things an independent person is asked about.
type Aspect struct {
	Key       string // description, significance, contribution
	Agreement string
	Comment   string
}

// Aspects returns the person's answer per aspect, in the order they are asked.
func (s Substantiation) Aspects() []Aspect {
	return []Aspect{
		{"description", s.DescriptionAgreement, s.DescriptionComment},
		{"significance", s.SignificanceAgreement, s.SignificanceComment},
		{"contribution", s.ContributionAgreement, s.ContributionComment},
	}
}

// Agreements are the answers an independent person can give to each aspect.
var Agreements = []string{"agree", "partly", "disagree", "dont_know"}

// AspectKeys are the aspects of an outcome that substantiation asks about.
var AspectKeys = []string{"description", "significance", "contribution"}

// SubstLanguages are the languages a substantiation request (page and e-mail) can be in:
// the staff languages, since the person is a mentor, teacher or job coach.
var SubstLanguages = []string{"nl", "fr", "en"}

// SubstantiationTTL is how long a personal link works.
const SubstantiationTTL = 14 * 24 * time.Hour

// SubstReminderAfter is when an unanswered, e-mailed request gets its one reminder.
const SubstReminderAfter = 7 * 24 * time.Hour

func hashToken(t string) string {
	s := sha256.Sum256([]byte(t))
	return hex.EncodeToString(s[:])
}

// linkToken derives a request's token from its nonce and the server's key, so that the
// reminder can carry the same link although only the token's hash is stored.
func linkToken(key []byte, nonce string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("substantiation|" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:24])
}

func substKey(ctx context.Context, d *db.DB) ([]byte, error) {
	return survey.Secret(ctx, d, "substantiation_link")
}

// SubstRequest is who is asked: name and role (shown to the reviewers), an optional
// e-mail address (the link is mailed when the server can send mail) and the language of
// the page and the mail.
type SubstRequest struct {
	Name, Role, Email, Language string
}

// RequestSubstantiation makes a personal link for one person to substantiate an
// outcome. The token is returned once; only its hash (and the nonce it is derived from)
// is kept.
func RequestSubstantiation(ctx context.Context, d *db.DB, sc people.Scope, userID, outcomeID int64, in SubstRequest, now time.Time) (string, Substantiation, error) {
	o, err := getForReview(ctx, d, sc, outcomeID)
	if err != nil {
		return "", Substantiation{}, err
	}
	in.Name, in.Role, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Role), strings.TrimSpace(in.Email)
	v := apperr.Invalid{}
	if in.Name == "" {
		v.Add("name", "harvest.error.subst_name")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			v.Add("email", "subst2.error.email")
		}
	}
	if in.Language == "" {
		in.Language = "nl"
	}
	if !oneOf(in.Language, SubstLanguages) {
		v.Add("language", "harvest.error.choice")
	}
	if err := v.Err(); err != nil {
		return "", Substantiation{}, err
	}
	key, err := substKey(ctx, d)
	if err != nil {
		return "", Substantiation{}, err
	}
	raw := make([]byte, 18)
	if _, err := rand.Read(raw); err != nil {
		return "", Substantiation{}, fmt.Errorf("harvest: token: %w", err)
	}
	nonce := base64.RawURLEncoding.EncodeToString(raw)
	token := linkToken(key, nonce)
	uid := userID
	s := Substantiation{OutcomeID: o.ID, PartnershipID: o.PartnershipID, Name: in.Name, Role: in.Role, Email: in.Email, Language: in.Language,
		LinkNonce: nonce, TokenHash: hashToken(token), CreatedBy: &uid, CreatedAt: now.UTC(), ExpiresAt: now.UTC().Add(SubstantiationTTL)}
	if err := d.Q(ctx).Create(&s).Error; err != nil {
		return "", s, fmt.Errorf("harvest: create substantiation for outcome %d: %w", outcomeID, err)
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

// SubstPage is what the person behind a link is shown: the outcome without the
// cursist's identity, and where it comes from (partnership, round and its period).
type SubstPage struct {
	Sub         Substantiation
	Outcome     Outcome
	Partnership string
	RoundOpens  *time.Time
	RoundCloses *time.Time
}

// OpenSubstantiation finds the request behind a personal link with its outcome. An
// unknown or expired link is "not found"; an answered one comes back with AnsweredAt.
func OpenSubstantiation(ctx context.Context, d *db.DB, token string, now time.Time) (SubstPage, error) {
	var p SubstPage
	var err error
	if p.Sub, err = substantiationOf(ctx, d, token, now); err != nil {
		return p, err
	}
	if err := d.Q(ctx).Take(&p.Outcome, p.Sub.OutcomeID).Error; err != nil {
		return p, fmt.Errorf("harvest: substantiated outcome %d: %w", p.Sub.OutcomeID, err)
	}
	list := []Outcome{p.Outcome}
	if err := loadDetails(ctx, d, list); err != nil {
		return p, err
	}
	p.Outcome = list[0]
	// Never who the cursist is: the person judges the change, not the learner.
	p.Outcome.CursistID = nil
	if p.Partnership, err = SubstPartnership(ctx, d, p.Sub); err != nil {
		return p, err
	}
	if p.Outcome.RoundID != nil {
		var r struct {
			OpensAt  *time.Time
			ClosesAt *time.Time
		}
		if err := d.Q(ctx).Table("survey_rounds").Select("opens_at, closes_at").Where("id = ?", *p.Outcome.RoundID).Scan(&r).Error; err != nil {
			return p, fmt.Errorf("harvest: round of substantiation %d: %w", p.Sub.ID, err)
		}
		p.RoundOpens, p.RoundCloses = r.OpensAt, r.ClosesAt
	}
	return p, nil
}

// substantiationOf is the request behind a personal link; an unknown or expired link is
// "not found".
func substantiationOf(ctx context.Context, d *db.DB, token string, now time.Time) (Substantiation, error) {
	var s Substantiation
	err := d.Q(ctx).Where("token_hash = ?", hashToken(token)).Take(&s).Error
	if err == nil && now.After(s.ExpiresAt) {
		return s, apperr.NotFound()
	}
	if err != nil {
		return s, fmt.Errorf("harvest: open substantiation: %w", err)
	}
	return s, nil
}

// SubstAnswer is the person's answer: agreement and comment per aspect key, and a
// general comment.
type SubstAnswer struct {
	Aspects map[string]Aspect
	Comment string
}

// AnswerSubstantiation stores the person's answer (once) and notes it in the outcome's
// history. An answer that does not agree ("partly" or "disagree" overall) takes a
// confirmed or used outcome back to review (coded), so the reviewers look at it again.
func AnswerSubstantiation(ctx context.Context, d *db.DB, token string, in SubstAnswer, now time.Time) (Substantiation, error) {
	s, err := substantiationOf(ctx, d, token, now)
	if err != nil {
		return s, err
	}
	if s.AnsweredAt != nil {
		return s, apperr.New(apperr.KindConflict, "harvest.subst.already")
	}
	v := apperr.Invalid{}
	got := map[string]Aspect{}
	for _, k := range AspectKeys {
		a := in.Aspects[k]
		a.Key, a.Comment = k, strings.TrimSpace(a.Comment)
		if !oneOf(a.Agreement, Agreements) {
			v.Add("agreement_"+k, "harvest.error.agreement")
		}
		got[k] = a
	}
	if err := v.Err(); err != nil {
		return s, err
	}
	overall := Overall(got["description"].Agreement, got["significance"].Agreement, got["contribution"].Agreement)
	t := now.UTC()
	err = d.Tx(ctx, func(tx *db.DB) error {
		res := tx.Q(ctx).Model(&Substantiation{}).Where("id = ? AND answered_at IS NULL", s.ID).Updates(map[string]any{
			"answered_at": t, "agreement": overall, "comment": strings.TrimSpace(in.Comment),
			"description_agreement": got["description"].Agreement, "description_comment": got["description"].Comment,
			"significance_agreement": got["significance"].Agreement, "significance_comment": got["significance"].Comment,
			"contribution_agreement": got["contribution"].Agreement, "contribution_comment": got["contribution"].Comment,
			"email": ""})
		if res.Error != nil {
			return fmt.Errorf("harvest: answer substantiation %d: %w", s.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.KindConflict, "harvest.subst.already")
		}
		hist := []HistoryEntry{{OutcomeID: s.OutcomeID, At: t, Field: "substantiation", NewValue: s.Name + ": " + overall}}
		if overall == "partly" || overall == "disagree" {
			reopened, err := reopenForReview(ctx, tx, s.OutcomeID, t)
			if err != nil {
				return err
			}
			if reopened != "" {
				hist = append(hist, HistoryEntry{OutcomeID: s.OutcomeID, At: t, Field: "status", OldValue: string(reopened), NewValue: string(StatusCoded)})
			}
		}
		if err := tx.Q(ctx).Create(&hist).Error; err != nil {
			return fmt.Errorf("harvest: history of substantiation %d: %w", s.ID, err)
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	s.AnsweredAt, s.Agreement, s.Comment = &t, overall, strings.TrimSpace(in.Comment)
	s.DescriptionAgreement, s.DescriptionComment = got["description"].Agreement, got["description"].Comment
	s.SignificanceAgreement, s.SignificanceComment = got["significance"].Agreement, got["significance"].Comment
	s.ContributionAgreement, s.ContributionComment = got["contribution"].Agreement, got["contribution"].Comment
	s.Email = ""
	return s, nil
}

// reopenForReview moves a confirmed or used outcome back to coded and returns the
// status it had ("" when it was not confirmed or used, and stays as it is).
func reopenForReview(ctx context.Context, tx *db.DB, outcomeID int64, now time.Time) (Status, error) {
	var o Outcome
	if err := tx.Q(ctx).Select("id, status").Take(&o, outcomeID).Error; err != nil {
		return "", fmt.Errorf("harvest: reopen outcome %d: %w", outcomeID, err)
	}
	if o.Status != StatusSubstantiated && o.Status != StatusUsed {
		return "", nil
	}
	err := tx.Q(ctx).Model(&Outcome{}).Where("id = ?", outcomeID).
		Updates(map[string]any{"status": string(StatusCoded), "updated_at": now, "version": gorm.Expr("version + 1")}).Error
	if err != nil {
		return "", fmt.Errorf("harvest: reopen outcome %d: %w", outcomeID, err)
	}
	return o.Status, nil
}
