package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Undeliverable is a reflection the server refused for good (the round closed too long
// ago, a start token that does not check out, a cursist no longer in the group…), as the
// tablet reported it with the reason it was given. Nothing a cursist sent is dropped
// without a person deciding: the round's coordinator accepts it (it becomes a late
// response) or discards it (audited; the answers are wiped).
type Undeliverable struct {
	ID            int64 `gorm:"primaryKey"`
	ClientID      string
	RoundID       int64
	PartnershipID int64
	Payload       string
	Reason        string
	CreatedAt     time.Time
	ResolvedAt    *time.Time
	ResolvedBy    *int64
	Resolution    string // "", "accepted" or "discarded"
}

func (Undeliverable) TableName() string { return "survey_undeliverable" }

const (
	// MaxUndeliverableBytes caps one reported payload (the tablet's JSON body).
	MaxUndeliverableBytes = 64 << 10
	// maxOpenUndeliverable caps the unresolved reports per round, so that whoever holds
	// a join code cannot fill the database.
	maxOpenUndeliverable = 500
	maxReasonRunes       = 500
)

// ReportUndeliverable records a refused reflection for the round with join code. A
// client id reported again, or already stored as a response, changes nothing.
func ReportUndeliverable(ctx context.Context, d *db.DB, code, clientID string, payload json.RawMessage, reason string, now time.Time) error {
	r, _, _, err := RoundByCode(ctx, d, code)
	if err != nil {
		return err
	}
	v := apperr.Invalid{}
	id, ok := CanonicalUUID(clientID)
	if !ok {
		v.Add("id", "submit.bad_id")
	}
	var sub Submission
	if len(payload) == 0 || len(payload) > MaxUndeliverableBytes || json.Unmarshal(payload, &sub) != nil {
		v.Add("payload", "submit.bad_body")
	} else if sid, _ := CanonicalUUID(sub.ID); sid != id {
		v.Add("id", "submit.bad_id")
	}
	if err := v.Err(); err != nil {
		return err
	}
	reason = strings.ToValidUTF8(reason, "")
	if rs := []rune(reason); len(rs) > maxReasonRunes {
		reason = string(rs[:maxReasonRunes])
	}
	var n int64
	if err := d.Q(ctx).Model(&Response{}).Where("client_id = ?", id).Count(&n).Error; err != nil {
		return fmt.Errorf("survey: undeliverable %s: %w", id, err)
	}
	if n > 0 {
		return nil // it did arrive after all
	}
	if err := d.Q(ctx).Model(&Undeliverable{}).Where("round_id = ? AND resolved_at IS NULL", r.ID).Count(&n).Error; err != nil {
		return fmt.Errorf("survey: count undeliverable of round %d: %w", r.ID, err)
	}
	if n >= maxOpenUndeliverable {
		return apperr.New(apperr.KindTooMany, "error.too_many")
	}
	u := Undeliverable{ClientID: id, RoundID: r.ID, PartnershipID: r.PartnershipID, Payload: string(payload), Reason: reason, CreatedAt: now.UTC()}
	if err := d.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&u).Error; err != nil {
		return fmt.Errorf("survey: store undeliverable %s: %w", id, err)
	}
	return nil
}

// UndeliverableView is one unresolved report as the coordinator reads it.
type UndeliverableView struct {
	ID          int64
	ReceivedAt  time.Time
	Reason      string
	Language    string
	CursistCode string
	Answers     []AnswerView
}

// OpenUndeliverable lists a round's unresolved reports, oldest first (the caller must
// be allowed to see the round).
func OpenUndeliverable(ctx context.Context, d *db.DB, sc people.Scope, roundID int64) ([]UndeliverableView, error) {
	r, err := GetRound(ctx, d, sc, roundID)
	if err != nil {
		return nil, err
	}
	var us []Undeliverable
	if err := d.Q(ctx).Where("round_id = ? AND resolved_at IS NULL", r.ID).Order("id").Find(&us).Error; err != nil {
		return nil, fmt.Errorf("survey: undeliverable of round %d: %w", r.ID, err)
	}
	var v FormVersion
	if err := d.Q(ctx).First(&v, r.FormVersionID).Error; err != nil {
		return nil, fmt.Errorf("survey: round %d version: %w", r.ID, err)
	}
	def, err := ParseDefinition(v.Definition)
	if err != nil {
		return nil, err
	}
	out := make([]UndeliverableView, 0, len(us))
	for _, u := range us {
		var sub Submission
		_ = json.Unmarshal([]byte(u.Payload), &sub)
		uv := UndeliverableView{ID: u.ID, ReceivedAt: u.CreatedAt, Reason: u.Reason, Language: sub.Language}
		if sub.Cursist != nil {
			uv.CursistCode = NormalizeCode(*sub.Cursist)
		}
		for _, q := range def.Questions {
			if a, ok := sub.Answers[q.ID]; ok && a.Shape != ShapeNone {
				raw, _ := json.Marshal(a)
				uv.Answers = append(uv.Answers, answerView(q, raw))
			}
		}
		out = append(out, uv)
	}
	return out, nil
}

// openReport loads an unresolved report of a round a coordinator of its partnership
// may manage.
func openReport(ctx context.Context, d *db.DB, sc people.Scope, roundID, id int64) (RoundSummary, Undeliverable, error) {
	r, err := GetRound(ctx, d, sc, roundID)
	if err != nil {
		return r, Undeliverable{}, err
	}
	if !sc.Allows(r.PartnershipID, people.RoleCoordinator) {
		return r, Undeliverable{}, apperr.Forbidden()
	}
	var u Undeliverable
	err = d.Q(ctx).Where("id = ? AND round_id = ? AND resolved_at IS NULL", id, r.ID).First(&u).Error
	if err != nil {
		return r, u, fmt.Errorf("survey: undeliverable %d: %w", id, err)
	}
	return r, u, nil
}

// AcceptUndeliverable stores a report as the round's response, marked late and
// accepted by the coordinator. The answers are checked as any submission's are (the
// round's open/closed state aside); a report that cannot be a response stays listed.
func AcceptUndeliverable(ctx context.Context, d *db.DB, sinks Sinks, sc people.Scope, roundID, id int64, ip string, now time.Time) error {
	rs, u, err := openReport(ctx, d, sc, roundID, id)
	if err != nil {
		return err
	}
	r := rs.Round
	var ver FormVersion
	if err := d.Q(ctx).First(&ver, r.FormVersionID).Error; err != nil {
		return fmt.Errorf("survey: round %d version: %w", r.ID, err)
	}
	def, err := ParseDefinition(ver.Definition)
	if err != nil {
		return err
	}
	var sub Submission
	if err := json.Unmarshal([]byte(u.Payload), &sub); err != nil {
		return fmt.Errorf("survey: undeliverable %d payload: %w", u.ID, err)
	}
	p := &pending{round: r, ver: ver, def: def}
	if err := p.validate(ctx, d, sub); err != nil {
		return err
	}
	p.setRow(u.ClientID, sub, u.CreatedAt, now, true)
	uid := sc.UserID
	p.row.AcceptedBy = &uid
	writeBatch(ctx, d, sinks, []*pending{p})
	if p.err != nil {
		return p.err
	}
	return resolve(ctx, d, sc, rs, u, "accepted", ip, now)
}

// DiscardUndeliverable drops a report: its answers are wiped, the decision is audited.
func DiscardUndeliverable(ctx context.Context, d *db.DB, sc people.Scope, roundID, id int64, ip string, now time.Time) error {
	rs, u, err := openReport(ctx, d, sc, roundID, id)
	if err != nil {
		return err
	}
	return resolve(ctx, d, sc, rs, u, "discarded", ip, now)
}

func resolve(ctx context.Context, d *db.DB, sc people.Scope, r RoundSummary, u Undeliverable, how, ip string, now time.Time) error {
	uid := sc.UserID
	set := map[string]any{"resolved_at": now.UTC(), "resolved_by": uid, "resolution": how}
	if how == "discarded" {
		set["payload"] = "{}"
	}
	if err := d.Q(ctx).Model(&Undeliverable{}).Where("id = ?", u.ID).Updates(set).Error; err != nil {
		return fmt.Errorf("survey: resolve undeliverable %d: %w", u.ID, err)
	}
	action := people.AuditUndeliverableAccepted
	if how == "discarded" {
		action = people.AuditUndeliverableDiscarded
	}
	pid := r.PartnershipID
	return people.Audit(ctx, d, people.AuditEntry{At: now, PartnershipID: &pid, UserID: &uid, Action: action, IP: ip,
		Detail: fmt.Sprintf("round %s, reflection %s", r.Code, u.ClientID)})
}
