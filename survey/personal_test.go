package survey_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
	"oogst/survey"
)

func followUp(t *testing.T, w *world) survey.Round {
	t.Helper()
	ctx := context.Background()
	f, _, err := survey.EnsureBuiltin(ctx, w.d, w.now)
	if err != nil {
		t.Fatal(err)
	}
	end := w.now.AddDate(0, -3, -1)
	rs, err := survey.CreateFollowUps(ctx, w.d, w.sc, survey.FollowUpInput{PartnershipID: w.fix.A.ID, FormID: f.ID, GroupName: "Groep A",
		TrainingEnd: &end, Months: []int{3, 6}, Title: func(m int) string { return "Na de opleiding" }}, w.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || !rs[0].OpensAt.Equal(end.AddDate(0, 3, 0)) || !rs[1].OpensAt.Equal(end.AddDate(0, 6, 0)) || *rs[1].FollowUpMonths != 6 {
		t.Fatalf("follow-up rounds = %+v", rs)
	}
	return rs[0]
}

func linkOf(t *testing.T, rows []survey.LinkRow, code string) survey.LinkRow {
	t.Helper()
	for _, r := range rows {
		if r.Cursist.Code == code {
			return r
		}
	}
	t.Fatalf("no row for %s in %+v", code, rows)
	return survey.LinkRow{}
}

// TestPersonalLinkOnePersonOnce: a follow-up round reaches the whole group (also a
// cursist who stopped); a personal link names its cursist, her reflection spends it,
// a second person cannot reuse it, a retry of hers is not refused; the not-answered
// list follows; a new link revokes the old one; another partnership sees nothing.
func TestPersonalLinkOnePersonOnce(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		stopped := w.fix.Cursists["KABA"]
		if err := d.Q(ctx).Model(&people.Cursist{}).Where("id = ?", stopped.ID).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		r := followUp(t, w)
		rows, err := survey.IssueLinks(ctx, d, w.sc, r.ID, nil, w.now)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("reached %d cursists, want the 2 of Groep A (one stopped): %+v", len(rows), rows)
		}
		a, b := linkOf(t, rows, "KAAA"), linkOf(t, rows, "KABA")
		if a.Token == "" || b.Token == "" || a.Token == b.Token || a.Language != "nl" {
			t.Fatalf("links = %+v / %+v", a, b)
		}
		var stored survey.PersonalLink
		d.Q(ctx).First(&stored, a.Link.ID)
		if stored.TokenHash == a.Token || stored.TokenHash == "" {
			t.Errorf("token stored in clear: %+v", stored)
		}
		e, err := survey.OpenLink(ctx, d, a.Token)
		if err != nil || e.Cursist.Code != "KAAA" || e.Round.ID != r.ID || e.Spent() {
			t.Fatalf("open = %+v, %v", e, err)
		}

		first := sub(good())
		first.Link = a.Token
		out, created, err := survey.Submit(ctx, d, nil, r.Code, first, w.now)
		if err != nil || !created || out.Cursist == nil || *out.Cursist != "KAAA" {
			t.Fatalf("first submission: %+v %v %v", out, created, err)
		}
		if e, err := survey.OpenLink(ctx, d, a.Token); err != nil || !e.Spent() {
			t.Errorf("after her reflection the link is not spent: %+v %v", e, err)
		}
		again := sub(good())
		again.Link = a.Token
		if _, _, err := survey.Submit(ctx, d, nil, r.Code, again, w.now); fields(t, err)["link"] != "reachtablet.link_spent" {
			t.Errorf("second person on a spent link: %v", err)
		}
		if _, created, err := survey.Submit(ctx, d, nil, r.Code, first, w.now); err != nil || created {
			t.Errorf("retry of the reflection that spent it: created=%v %v", created, err)
		}
		// A link names its cursist: another code on it is refused.
		other := sub(good())
		other.Link, other.Cursist = b.Token, &a.Cursist.Code
		if _, _, err := survey.Submit(ctx, d, nil, r.Code, other, w.now); fields(t, err)["cursist"] != "submit.unknown_cursist" {
			t.Errorf("another code on a personal link: %v", err)
		}

		_, rows, err = survey.RoundLinks(ctx, d, w.sc, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Cursist.Code != "KABA" || rows[0].Answered || !rows[1].Answered || rows[1].Language != "tr" {
			t.Errorf("not answered first, then answered (in her last language): %+v", rows)
		}

		// A new link for KABA revokes the old one.
		rows, err = survey.IssueLinks(ctx, d, w.sc, r.ID, []int64{stopped.ID}, w.now)
		if err != nil {
			t.Fatal(err)
		}
		nb := linkOf(t, rows, "KABA")
		if nb.Token == b.Token {
			t.Fatal("no new token")
		}
		if _, err := survey.OpenLink(ctx, d, b.Token); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("replaced link still opens: %v", err)
		}
		if err := survey.RevokeLink(ctx, d, w.sc, r.ID, nb.Link.ID, w.now); err != nil {
			t.Fatal(err)
		}
		if _, err := survey.OpenLink(ctx, d, nb.Token); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("revoked link opens: %v", err)
		}
		late := sub(good())
		late.Link = nb.Token
		if _, _, err := survey.Submit(ctx, d, nil, r.Code, late, w.now); fields(t, err)["link"] != "reachtablet.link_unknown" {
			t.Errorf("revoked link submits: %v", err)
		}

		// Tenancy and roles.
		if _, _, err := survey.RoundLinks(ctx, d, scopeOf(t, w, "coordinator@b"), r.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("another partnership lists links: %v", err)
		}
		if _, err := survey.IssueLinks(ctx, d, scopeOf(t, w, "coordinator@b"), r.ID, nil, w.now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("another partnership makes links: %v", err)
		}
		if err := survey.RevokeLink(ctx, d, scopeOf(t, w, "coordinator@b"), r.ID, a.Link.ID, w.now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("another partnership revokes: %v", err)
		}
		if _, _, err := survey.RoundLinks(ctx, d, scopeOf(t, w, "mentor@a"), r.ID); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor lists links: %v", err)
		}
		if _, err := survey.IssueLinks(ctx, d, w.sc, r.ID, []int64{w.fix.Cursists["KACA"].ID}, w.now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("a link for a cursist of another group: %v", err)
		}
	})
}

// TestFollowUpNeedsTrainingEnd: without an end of training a group's follow-up rounds
// cannot be scheduled; once set it is kept for the next ones.
func TestFollowUpNeedsTrainingEnd(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		f, _, err := survey.EnsureBuiltin(ctx, d, w.now)
		if err != nil {
			t.Fatal(err)
		}
		in := survey.FollowUpInput{PartnershipID: w.fix.A.ID, FormID: f.ID, GroupName: "Groep B", Months: []int{3}, Title: func(int) string { return "x" }}
		if _, err := survey.CreateFollowUps(ctx, d, w.sc, in, w.now); fields(t, err)["training_end"] != "reach.err.training_end" {
			t.Errorf("no end of training: %v", err)
		}
		in.Months = []int{0}
		end := w.now
		in.TrainingEnd = &end
		if _, err := survey.CreateFollowUps(ctx, d, w.sc, in, w.now); fields(t, err)["months"] != "reach.err.months" {
			t.Errorf("0 months: %v", err)
		}
		in.Months = []int{6}
		if _, err := survey.CreateFollowUps(ctx, d, scopeOf(t, w, "coordinator@b"), in, w.now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("another partnership: %v", err)
		}
		if _, err := survey.CreateFollowUps(ctx, d, w.sc, in, w.now); err != nil {
			t.Fatal(err)
		}
		in.TrainingEnd = nil
		in.Months = []int{12}
		rs, err := survey.CreateFollowUps(ctx, d, w.sc, in, w.now)
		if err != nil || len(rs) != 1 || !rs[0].OpensAt.Equal(end.AddDate(1, 0, 0)) {
			t.Errorf("end kept: %+v %v", rs, err)
		}
	})
}

// TestLinkReminderOnce: an unused link mailed a week ago is reminded once, only when
// the cursist's address is kept with consent; a removed address is not written to.
func TestLinkReminderOnce(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := followUp(t, w)
		rows, err := survey.IssueLinks(ctx, d, w.sc, r.ID, nil, w.now)
		if err != nil {
			t.Fatal(err)
		}
		a, b := linkOf(t, rows, "KAAA"), linkOf(t, rows, "KABA")
		if err := people.SetContact(ctx, d, w.sc, w.fix.A.ID, a.Cursist.ID, "amina@example.org", false, w.now); fields(t, err)["email_consent"] != "reach.err.email_consent" {
			t.Errorf("address without consent: %v", err)
		}
		if err := people.SetContact(ctx, d, w.sc, w.fix.A.ID, a.Cursist.ID, "not an address", true, w.now); fields(t, err)["email"] != "reach.err.email" {
			t.Errorf("bad address: %v", err)
		}
		if err := people.SetContact(ctx, d, scopeOf(t, w, "coordinator@b"), w.fix.A.ID, a.Cursist.ID, "amina@example.org", true, w.now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("another partnership sets an address: %v", err)
		}
		for _, c := range []survey.LinkRow{a, b} {
			if err := people.SetContact(ctx, d, w.sc, w.fix.A.ID, c.Cursist.ID, "p"+c.Cursist.Code+"@example.org", true, w.now); err != nil {
				t.Fatal(err)
			}
			if err := survey.MarkLinkMailed(ctx, d, c.Link.ID, w.now); err != nil {
				t.Fatal(err)
			}
		}
		var ct people.Contact
		if err := d.Q(ctx).Where("cursist_id = ?", a.Cursist.ID).First(&ct).Error; err != nil || ct.ConsentRecordedBy == nil || *ct.ConsentRecordedBy != w.sc.UserID {
			t.Errorf("consent not recorded: %+v %v", ct, err)
		}
		if err := people.RemoveContact(ctx, d, w.sc, w.fix.A.ID, b.Cursist.ID); err != nil {
			t.Fatal(err)
		}
		if due, err := survey.DueLinkReminders(ctx, d, w.now.Add(6*24*time.Hour)); err != nil || len(due) != 0 {
			t.Errorf("reminded before a week: %+v %v", due, err)
		}
		later := w.now.Add(8 * 24 * time.Hour)
		due, err := survey.DueLinkReminders(ctx, d, later)
		if err != nil || len(due) != 1 || due[0].Email != "pKAAA@example.org" || due[0].Token != a.Token || due[0].Language != "nl" {
			t.Fatalf("due = %+v %v", due, err)
		}
		if err := survey.MarkLinkReminded(ctx, d, due[0].Link.ID, later); err != nil {
			t.Fatal(err)
		}
		if due, err := survey.DueLinkReminders(ctx, d, later.Add(24*time.Hour)); err != nil || len(due) != 0 {
			t.Errorf("reminded twice: %+v %v", due, err)
		}
	})
}
