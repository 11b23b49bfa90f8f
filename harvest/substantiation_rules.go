package harvest

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
)

// Overall sums up the answers to the three aspects: any "disagree" makes the whole
// answer disagree, else any "partly" makes it partly; it agrees when at least one aspect
// agrees and the rest agree or are not known; with nothing but "don't know" it is
// dont_know.
func Overall(aspects ...string) string {
	has := map[string]bool{}
	for _, a := range aspects {
		has[a] = true
	}
	switch {
	case has["disagree"]:
		return "disagree"
	case has["partly"]:
		return "partly"
	case has["agree"]:
		return "agree"
	}
	return "dont_know"
}

// hasAgreeingAnswer reports whether someone independent has agreed with the outcome:
// the condition for confirming it without an override.
func hasAgreeingAnswer(ctx context.Context, tx *db.DB, outcomeID int64) (bool, error) {
	var n int64
	err := tx.Q(ctx).Model(&Substantiation{}).Where("outcome_id = ? AND answered_at IS NOT NULL AND agreement = ?", outcomeID, "agree").Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("harvest: substantiation of outcome %d: %w", outcomeID, err)
	}
	return n > 0, nil
}

// SubstReminder is an e-mailed request due for its one reminder, with the link to send.
type SubstReminder struct {
	Sub   Substantiation
	Token string
}

// DueSubstReminders lists the e-mailed requests that are unanswered a week after they
// were made, not yet reminded and not expired.
func DueSubstReminders(ctx context.Context, d *db.DB, now time.Time) ([]SubstReminder, error) {
	var subs []Substantiation
	err := d.Q(ctx).Where("answered_at IS NULL AND reminded_at IS NULL AND email <> '' AND link_nonce <> '' AND created_at <= ? AND expires_at > ?",
		now.UTC().Add(-SubstReminderAfter), now.UTC()).Order("id").Find(&subs).Error
	if err != nil {
		return nil, fmt.Errorf("harvest: due substantiation reminders: %w", err)
	}
	if len(subs) == 0 {
		return nil, nil
	}
	key, err := substKey(ctx, d)
	if err != nil {
		return nil, err
	}
	out := make([]SubstReminder, len(subs))
	for i, s := range subs {
		out[i] = SubstReminder{Sub: s, Token: linkToken(key, s.LinkNonce)}
	}
	return out, nil
}

// MarkSubstReminded notes that a request's one reminder went out.
func MarkSubstReminded(ctx context.Context, d *db.DB, id int64, now time.Time) error {
	if err := d.Q(ctx).Model(&Substantiation{}).Where("id = ?", id).Update("reminded_at", now.UTC()).Error; err != nil {
		return fmt.Errorf("harvest: mark substantiation %d reminded: %w", id, err)
	}
	return nil
}

// SubstPartnership is the name of the partnership asking, for the request's mails.
func SubstPartnership(ctx context.Context, d *db.DB, s Substantiation) (string, error) {
	var names []string
	if err := d.Q(ctx).Table("partnerships").Where("id = ?", s.PartnershipID).Pluck("name", &names).Error; err != nil {
		return "", fmt.Errorf("harvest: partnership of substantiation %d: %w", s.ID, err)
	}
	if len(names) != 1 {
		return "", fmt.Errorf("harvest: partnership of substantiation %d: not found", s.ID)
	}
	return names[0], nil
}

// Doubt is the latest answer that did not agree (partly or disagree), unless someone
// agreed after it: what the reviewers should read before confirming again.
func Doubt(subs []Substantiation) *Substantiation {
	var last *Substantiation
	for i := range subs {
		s := &subs[i]
		if s.AnsweredAt == nil {
			continue
		}
		if last == nil || s.AnsweredAt.After(*last.AnsweredAt) || s.AnsweredAt.Equal(*last.AnsweredAt) && s.ID > last.ID {
			last = s
		}
	}
	if last == nil || (last.Agreement != "partly" && last.Agreement != "disagree") {
		return nil
	}
	return last
}
