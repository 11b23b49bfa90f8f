package people_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

func TestAuditAndViewerScope(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		uid := f.coordA.ID
		if err := people.Audit(ctx, d, people.AuditEntry{PartnershipID: &f.a.ID, UserID: &uid, Action: people.AuditRoleChanged, Detail: "x"}); err != nil {
			t.Fatal(err)
		}
		if err := people.AuditExport(ctx, d, f.scope(t, f.coordB), f.b.ID, "outcomes.csv", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if err := people.Audit(ctx, d, people.AuditEntry{Action: people.AuditLoginFailed, Detail: "who@x"}); err != nil {
			t.Fatal(err)
		}
		pa, err := people.AuditLog(ctx, d, f.scope(t, f.coordA), people.AuditFilter{PartnershipID: f.a.ID})
		if err != nil {
			t.Fatal(err)
		}
		rows := pa.Rows
		if len(rows) != 1 || rows[0].Action != people.AuditRoleChanged || rows[0].UserEmail != "coord@a" || rows[0].PartnershipName != "A" {
			t.Errorf("coordinator A sees %+v", rows)
		}
		if _, err := people.AuditLog(ctx, d, f.scope(t, f.coordA), people.AuditFilter{PartnershipID: f.b.ID}); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("coordinator A on B's log: %v", err)
		}
		if _, err := people.AuditLog(ctx, d, f.scope(t, f.mentorA), people.AuditFilter{PartnershipID: f.a.ID}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor on A's log: %v", err)
		}
		if _, err := people.AuditLog(ctx, d, f.scope(t, f.coordA), people.AuditFilter{}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("coordinator on the whole log: %v", err)
		}
		pall, err := people.AuditLog(ctx, d, people.Scope{IsAdmin: true}, people.AuditFilter{})
		all := pall.Rows
		if err != nil || len(all) != 3 || pall.Older != 0 {
			t.Fatalf("admin sees %d entries, %v", len(all), err)
		}
		if all[0].Action != people.AuditLoginFailed || all[1].Action != people.AuditExported || all[1].Detail != "outcomes.csv" || all[1].IP != "10.0.0.1" {
			t.Errorf("admin order/content: %+v", all)
		}
		only, _ := people.AuditLog(ctx, d, people.Scope{IsAdmin: true}, people.AuditFilter{Action: people.AuditExported})
		if len(only.Rows) != 1 {
			t.Errorf("filter by action: %d", len(only.Rows))
		}
	})
}

func TestTokenAudit(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		raw, tok, err := people.CreateToken(ctx, d, f.coordA.ID, "laptop")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if _, _, err := people.UserByToken(ctx, d, raw); err != nil {
				t.Fatal(err)
			}
		}
		sc := f.scope(t, f.coordA)
		if err := people.RevokeToken(ctx, d, f.scope(t, f.coordB), tok.ID, ""); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("revoke someone else's token: %v", err)
		}
		if err := people.RevokeToken(ctx, d, sc, tok.ID, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := people.UserByToken(ctx, d, raw); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Errorf("revoked token still works: %v", err)
		}
		for action, want := range map[string]int64{people.AuditTokenCreated: 1, people.AuditTokenUsed: 1, people.AuditTokenRevoked: 1} {
			var n int64
			d.Q(ctx).Model(&people.AuditEntry{}).Where("action = ? AND user_id = ?", action, f.coordA.ID).Count(&n)
			if n != want {
				t.Errorf("%s: %d entries, want %d", action, n, want)
			}
		}
		ts, _ := people.Tokens(ctx, d, sc)
		if len(ts) != 1 || ts[0].RevokedAt == nil {
			t.Errorf("tokens: %+v", ts)
		}
	})
}

// TestAuditLogPages walks a partnership's log page by page while entries keep being
// written: every entry that existed at the start is seen exactly once, newest first,
// and no other partnership's entry appears.
func TestAuditLogPages(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		write := func(pid int64, detail string) {
			t.Helper()
			if err := people.Audit(ctx, d, people.AuditEntry{PartnershipID: &pid, Action: people.AuditExported, Detail: detail}); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 23; i++ {
			write(f.a.ID, fmt.Sprintf("a-%02d", i))
			write(f.b.ID, fmt.Sprintf("b-%02d", i))
		}
		sc := f.scope(t, f.coordA)
		var seen []string
		before, pages := int64(0), 0
		for {
			pg, err := people.AuditLog(ctx, d, sc, people.AuditFilter{PartnershipID: f.a.ID, Action: people.AuditExported, Before: before, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, r := range pg.Rows {
				seen = append(seen, r.Detail)
			}
			write(f.a.ID, fmt.Sprintf("new-%d", pages)) // newer than every page still to come
			if pg.Older == 0 {
				break
			}
			if len(pg.Rows) != 10 {
				t.Fatalf("page %d has %d rows and an older page", pages, len(pg.Rows))
			}
			before = pg.Older
		}
		if pages != 3 || len(seen) != 23 {
			t.Fatalf("%d pages, %d entries: %v", pages, len(seen), seen)
		}
		for i, got := range seen {
			if want := fmt.Sprintf("a-%02d", 22-i); got != want {
				t.Fatalf("entry %d is %q, want %q (all: %v)", i, got, want, seen)
			}
		}
	})
}

// A long detail is cut to 500 bytes without leaving half a character behind.
func TestAuditDetailCutAtACharacter(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := people.Audit(ctx, d, people.AuditEntry{Action: people.AuditExported, Detail: "a" + strings.Repeat("é", 300)}); err != nil {
			t.Fatal(err)
		}
		var e people.AuditEntry
		if err := d.Q(ctx).Last(&e).Error; err != nil {
			t.Fatal(err)
		}
		if len(e.Detail) != 499 || !utf8.ValidString(e.Detail) || e.Detail != "a"+strings.Repeat("é", 249) {
			t.Errorf("detail cut to %d bytes, valid %v", len(e.Detail), utf8.ValidString(e.Detail))
		}
	})
}
