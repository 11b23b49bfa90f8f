package survey

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
	"oogst/people"
)

// LinkReminderAfter is how long an unused personal link waits before its one reminder.
const LinkReminderAfter = 7 * 24 * time.Hour

// LinkMail is a personal link to e-mail: to whom, in which language, for which round.
type LinkMail struct {
	Link        PersonalLink
	Token       string
	Email       string
	Language    string
	Round       Round
	Partnership string
}

// LinkMailFor is the mail of one live, unused link of a round the caller coordinates;
// ok is false when the cursist has no address kept with consent.
func LinkMailFor(ctx context.Context, d *db.DB, sc people.Scope, roundID, linkID int64) (LinkMail, bool, error) {
	r, err := roundForLinks(ctx, d, sc, roundID)
	if err != nil {
		return LinkMail{}, false, err
	}
	var l PersonalLink
	if err := d.Q(ctx).Where("id = ? AND round_id = ? AND revoked_at IS NULL AND used_at IS NULL", linkID, r.ID).First(&l).Error; err != nil {
		return LinkMail{}, false, fmt.Errorf("survey: link %d: %w", linkID, err)
	}
	ms, err := linkMails(ctx, d, []PersonalLink{l})
	if err != nil || len(ms) == 0 {
		return LinkMail{}, false, err
	}
	return ms[0], true, nil
}

// DueLinkReminders lists the unused live links of open follow-up rounds that went out
// (mailed, or made to be copied into a message) a week or more ago and were not yet
// reminded, whose cursist has an address kept with consent.
func DueLinkReminders(ctx context.Context, d *db.DB, now time.Time) ([]LinkMail, error) {
	var ls []PersonalLink
	err := d.Q(ctx).Table("survey_personal_links l").Select("l.*").
		Joins("JOIN survey_rounds r ON r.id = l.round_id").
		Where("l.used_at IS NULL AND l.revoked_at IS NULL AND l.reminded_at IS NULL AND COALESCE(l.mailed_at, l.created_at) <= ?", now.UTC().Add(-LinkReminderAfter)).
		Where("r.follow_up_months IS NOT NULL AND r.closed_at IS NULL AND r.opens_at <= ? AND (r.closes_at IS NULL OR r.closes_at > ?)", now.UTC(), now.UTC()).
		Order("l.id").Find(&ls).Error
	if err != nil {
		return nil, fmt.Errorf("survey: due link reminders: %w", err)
	}
	return linkMails(ctx, d, ls)
}

func linkMails(ctx context.Context, d *db.DB, ls []PersonalLink) ([]LinkMail, error) {
	if len(ls) == 0 {
		return nil, nil
	}
	key, err := personalKey(ctx, d)
	if err != nil {
		return nil, err
	}
	var out []LinkMail
	for _, l := range ls {
		c, ok, err := people.ContactOf(ctx, d, l.CursistID)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		m := LinkMail{Link: l, Token: personalToken(key, l.LinkNonce), Email: c.Email}
		if err := d.Q(ctx).First(&m.Round, l.RoundID).Error; err != nil {
			return nil, fmt.Errorf("survey: round of link %d: %w", l.ID, err)
		}
		var names []string
		if err := d.Q(ctx).Table("partnerships").Where("id = ?", m.Round.PartnershipID).Pluck("name", &names).Error; err != nil {
			return nil, fmt.Errorf("survey: partnership of link %d: %w", l.ID, err)
		}
		if len(names) == 1 {
			m.Partnership = names[0]
		}
		langs, err := cursistLanguages(ctx, d, m.Round.PartnershipID, []int64{l.CursistID})
		if err != nil {
			return nil, err
		}
		m.Language = langs[l.CursistID]
		out = append(out, m)
	}
	return out, nil
}

// MarkLinkMailed notes that a link went out by e-mail.
func MarkLinkMailed(ctx context.Context, d *db.DB, id int64, now time.Time) error {
	if err := d.Q(ctx).Model(&PersonalLink{}).Where("id = ?", id).Update("mailed_at", now.UTC()).Error; err != nil {
		return fmt.Errorf("survey: mark link %d mailed: %w", id, err)
	}
	return nil
}

// MarkLinkReminded notes that a link's one reminder went out.
func MarkLinkReminded(ctx context.Context, d *db.DB, id int64, now time.Time) error {
	if err := d.Q(ctx).Model(&PersonalLink{}).Where("id = ?", id).Update("reminded_at", now.UTC()).Error; err != nil {
		return fmt.Errorf("survey: mark link %d reminded: %w", id, err)
	}
	return nil
}
