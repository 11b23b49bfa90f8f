package survey

import (
	"context"
	"crypto/hmac"
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

// PersonalLink is a one-person entry into a round: opening it starts the tablet flow
// already identified as its cursist; her reflection spends it. The token is derived
// from the nonce with a server secret (as substantiation links are), so staff can show
// and mail it again; only its hash is used to find the link.
type PersonalLink struct {
	ID         int64 `gorm:"primaryKey"`
	RoundID    int64
	CursistID  int64
	TokenHash  string
	LinkNonce  string
	CreatedBy  *int64
	CreatedAt  time.Time
	RevokedAt  *time.Time
	UsedAt     *time.Time
	MailedAt   *time.Time
	RemindedAt *time.Time
}

func (PersonalLink) TableName() string { return "survey_personal_links" }

func personalKey(ctx context.Context, d *db.DB) ([]byte, error) {
	return Secret(ctx, d, "personal_link")
}

func personalToken(key []byte, nonce string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("personal|" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:24])
}

func hashPersonalToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// LinkRow is one cursist of a round, for the round's list of personal links: whether
// she answered, her live link (nil: none) and the language to write to her in.
type LinkRow struct {
	Cursist  people.Cursist
	Link     *PersonalLink
	Token    string // the live link's token ("" without one)
	Answered bool
	Email    string // kept with consent, "" otherwise
	Language string
}

// roundForLinks loads a round the caller coordinates; personal links name cursists, so
// other roles do not handle them.
func roundForLinks(ctx context.Context, d *db.DB, sc people.Scope, roundID int64) (RoundSummary, error) {
	r, err := GetRound(ctx, d, sc, roundID)
	if err != nil {
		return RoundSummary{}, err
	}
	if !sc.Allows(r.PartnershipID, people.RoleCoordinator) {
		return RoundSummary{}, apperr.Forbidden()
	}
	if r.ForStaff || r.IdentifyMode == IdentifyAnonymous {
		return RoundSummary{}, apperr.NotFound()
	}
	return r, nil
}

// RoundLinks lists the cursists a round reaches, with who answered and their personal
// links (coordinators). Those who have not answered come first.
func RoundLinks(ctx context.Context, d *db.DB, sc people.Scope, roundID int64) (RoundSummary, []LinkRow, error) {
	r, err := roundForLinks(ctx, d, sc, roundID)
	if err != nil {
		return r, nil, err
	}
	rows, err := linkRows(ctx, d, r.Round)
	return r, rows, err
}

func linkRows(ctx context.Context, d *db.DB, r Round) ([]LinkRow, error) {
	cs, err := RoundCursists(ctx, d, r)
	if err != nil {
		return nil, err
	}
	var answered []int64
	if err := d.Q(ctx).Model(&Response{}).Where("round_id = ? AND cursist_id IS NOT NULL", r.ID).Distinct().Pluck("cursist_id", &answered).Error; err != nil {
		return nil, fmt.Errorf("survey: who answered round %d: %w", r.ID, err)
	}
	done := map[int64]bool{}
	for _, id := range answered {
		done[id] = true
	}
	var links []PersonalLink
	if err := d.Q(ctx).Where("round_id = ? AND revoked_at IS NULL", r.ID).Order("id").Find(&links).Error; err != nil {
		return nil, fmt.Errorf("survey: links of round %d: %w", r.ID, err)
	}
	live := map[int64]PersonalLink{}
	for _, l := range links {
		live[l.CursistID] = l // the newest wins
	}
	var key []byte
	if len(links) > 0 {
		if key, err = personalKey(ctx, d); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	contacts, err := people.ContactsOf(ctx, d, ids)
	if err != nil {
		return nil, err
	}
	langs, err := cursistLanguages(ctx, d, r.PartnershipID, ids)
	if err != nil {
		return nil, err
	}
	var open, closed []LinkRow
	for _, c := range cs {
		row := LinkRow{Cursist: c, Answered: done[c.ID], Email: contacts[c.ID].Email, Language: langs[c.ID]}
		if l, ok := live[c.ID]; ok {
			row.Link = &l
			if l.UsedAt == nil {
				row.Token = personalToken(key, l.LinkNonce)
			}
		}
		if row.Answered {
			closed = append(closed, row)
		} else {
			open = append(open, row)
		}
	}
	return append(open, closed...), nil
}

// cursistLanguages is the language to write to each cursist in: that of her last
// answer, else the partnership's first working language (Dutch without one).
func cursistLanguages(ctx context.Context, d *db.DB, pid int64, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	var ws []string
	if err := d.Q(ctx).Table("partnership_working_languages").Where("partnership_id = ?", pid).Pluck("languages", &ws).Error; err != nil {
		return nil, fmt.Errorf("survey: working languages of %d: %w", pid, err)
	}
	def := "nl"
	if len(ws) == 1 {
		if f := strings.FieldsFunc(ws[0], func(r rune) bool { return r == ',' || r == ' ' }); len(f) > 0 {
			def = f[0]
		}
	}
	for _, id := range ids {
		out[id] = def
	}
	if len(ids) == 0 {
		return out, nil
	}
	var last []struct {
		CursistID int64
		Language  string
	}
	// Oldest first, so the newest answer of each cursist is written last.
	if err := d.Q(ctx).Model(&Response{}).Select("cursist_id, language").Where("cursist_id IN ?", ids).
		Order("submitted_at, id").Find(&last).Error; err != nil {
		return nil, fmt.Errorf("survey: languages of cursists: %w", err)
	}
	for _, l := range last {
		if l.Language != "" {
			out[l.CursistID] = l.Language
		}
	}
	return out, nil
}

// IssueLinks makes a new personal link for each given cursist of the round (none given:
// everyone reached who has not answered yet and has no live link). A cursist's earlier
// unused link is revoked: one person, one live link. Returns the round's rows afresh.
func IssueLinks(ctx context.Context, d *db.DB, sc people.Scope, roundID int64, cursistIDs []int64, now time.Time) ([]LinkRow, error) {
	r, err := roundForLinks(ctx, d, sc, roundID)
	if err != nil {
		return nil, err
	}
	var rows []LinkRow
	err = d.Tx(ctx, func(tx *db.DB) error {
		rows, err = linkRows(ctx, tx, r.Round)
		if err != nil {
			return err
		}
		want := map[int64]bool{}
		for _, id := range cursistIDs {
			want[id] = true
		}
		found := 0
		uid := sc.UserID
		for _, row := range rows {
			pick := want[row.Cursist.ID]
			if len(cursistIDs) == 0 {
				pick = !row.Answered && row.Link == nil
			}
			if !pick {
				continue
			}
			found++
			if err := tx.Q(ctx).Model(&PersonalLink{}).Where("round_id = ? AND cursist_id = ? AND revoked_at IS NULL AND used_at IS NULL", r.ID, row.Cursist.ID).
				Update("revoked_at", now.UTC()).Error; err != nil {
				return fmt.Errorf("survey: revoke old link: %w", err)
			}
			if err := newLink(ctx, tx, r.ID, row.Cursist.ID, &uid, now); err != nil {
				return err
			}
		}
		if found < len(want) {
			return apperr.NotFound() // a cursist this round does not reach
		}
		rows, err = linkRows(ctx, tx, r.Round)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("survey: issue links for round %d: %w", roundID, err)
	}
	return rows, nil
}

func newLink(ctx context.Context, d *db.DB, roundID, cursistID int64, by *int64, now time.Time) error {
	key, err := personalKey(ctx, d)
	if err != nil {
		return err
	}
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("survey: link nonce: %w", err)
	}
	nonce := base64.RawURLEncoding.EncodeToString(b)
	l := PersonalLink{RoundID: roundID, CursistID: cursistID, LinkNonce: nonce, TokenHash: hashPersonalToken(personalToken(key, nonce)),
		CreatedBy: by, CreatedAt: now.UTC()}
	if err := d.Q(ctx).Create(&l).Error; err != nil {
		return fmt.Errorf("survey: create link: %w", err)
	}
	return nil
}

// RevokeLink ends a personal link of a round (coordinators); a revoked link opens
// nothing.
func RevokeLink(ctx context.Context, d *db.DB, sc people.Scope, roundID, linkID int64, now time.Time) error {
	r, err := roundForLinks(ctx, d, sc, roundID)
	if err != nil {
		return err
	}
	res := d.Q(ctx).Model(&PersonalLink{}).Where("id = ? AND round_id = ? AND revoked_at IS NULL", linkID, r.ID).Update("revoked_at", now.UTC())
	if res.Error != nil {
		return fmt.Errorf("survey: revoke link %d: %w", linkID, res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.NotFound()
	}
	return nil
}

// PersonalEntry is what opening a personal link finds.
type PersonalEntry struct {
	Link     PersonalLink
	Round    Round
	Cursist  people.Cursist
	Language string
}

// Spent reports whether the link's reflection has arrived.
func (e PersonalEntry) Spent() bool { return e.Link.UsedAt != nil }

// OpenLink finds the live link with this token; unknown and revoked links are NotFound.
func OpenLink(ctx context.Context, d *db.DB, token string) (PersonalEntry, error) {
	var e PersonalEntry
	if token == "" || len(token) > 64 {
		return e, apperr.NotFound()
	}
	if err := d.Q(ctx).Where("token_hash = ? AND revoked_at IS NULL", hashPersonalToken(token)).First(&e.Link).Error; err != nil {
		return e, fmt.Errorf("survey: open personal link: %w", err)
	}
	if err := d.Q(ctx).First(&e.Round, e.Link.RoundID).Error; err != nil {
		return e, fmt.Errorf("survey: round of personal link %d: %w", e.Link.ID, err)
	}
	if err := d.Q(ctx).Where("partnership_id = ?", e.Round.PartnershipID).First(&e.Cursist, e.Link.CursistID).Error; err != nil {
		return e, fmt.Errorf("survey: cursist of personal link %d: %w", e.Link.ID, err)
	}
	langs, err := cursistLanguages(ctx, d, e.Round.PartnershipID, []int64{e.Cursist.ID})
	if err != nil {
		return e, err
	}
	e.Language = langs[e.Cursist.ID]
	return e, nil
}

// linkFor finds the live link a submission names, in its round.
func linkFor(ctx context.Context, d *db.DB, r Round, token string) (PersonalLink, error) {
	var l PersonalLink
	err := d.Q(ctx).Where("token_hash = ? AND round_id = ? AND revoked_at IS NULL", hashPersonalToken(token), r.ID).First(&l).Error
	return l, err
}

// claimLink spends a link with the reflection stored in the same transaction; a link
// spent meanwhile (two phones, one link) refuses the second reflection.
func claimLink(ctx context.Context, tx *db.DB, id int64, now time.Time) error {
	res := tx.Q(ctx).Model(&PersonalLink{}).Where("id = ? AND used_at IS NULL AND revoked_at IS NULL", id).Update("used_at", now.UTC())
	if res.Error != nil {
		return fmt.Errorf("survey: spend link %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return linkSpent()
	}
	return nil
}

func linkSpent() error {
	e := apperr.New(apperr.KindConflict, "reachtablet.link_spent")
	e.Fields = map[string]apperr.Message{"link": apperr.Msg("reachtablet.link_spent")}
	return e
}
