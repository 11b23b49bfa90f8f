package people_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

func addSession(t *testing.T, d *db.DB, hash string, uid int64) {
	t.Helper()
	if err := d.Q(context.Background()).Exec("INSERT INTO sessions (token_hash, user_id, data, expiry) VALUES (?, ?, ?, ?)", hash, uid, []byte("x"), time.Now().Add(time.Hour).UTC()).Error; err != nil {
		t.Fatal(err)
	}
}

func sessionHashes(t *testing.T, d *db.DB, uid int64) []string {
	t.Helper()
	var out []string
	if err := d.Q(context.Background()).Raw("SELECT token_hash FROM sessions WHERE user_id = ? ORDER BY token_hash", uid).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeactivatingRevokesAccessAndLinksCannotReactivate(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		root := people.User{Name: "root", Email: "root@x", PreferredLanguage: "en", Active: true, IsAdmin: true}
		if err := d.Q(ctx).Create(&root).Error; err != nil {
			t.Fatal(err)
		}
		admin := people.Scope{UserID: root.ID, IsAdmin: true}
		u := f.mentorA
		if err := d.Q(ctx).Model(&u).Update("password_hash", "x").Error; err != nil {
			t.Fatal(err)
		}
		addSession(t, d, "s1", u.ID)
		addSession(t, d, "s2", f.coordA.ID)
		if _, _, err := people.CreateToken(ctx, d, u.ID, "sync"); err != nil {
			t.Fatal(err)
		}
		link, err := people.CreateInvitation(ctx, d, admin, u.ID, "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := people.SaveUser(ctx, d, admin, u.ID, people.UserInput{Name: u.Name, Email: u.Email, Language: "nl"}, ""); err != nil {
			t.Fatal(err)
		}
		if got := sessionHashes(t, d, u.ID); len(got) != 0 {
			t.Errorf("sessions left: %v", got)
		}
		if got := sessionHashes(t, d, f.coordA.ID); len(got) != 1 {
			t.Errorf("a colleague's sessions: %v", got)
		}
		var tokens, links int64
		d.Q(ctx).Model(&people.APIToken{}).Where("user_id = ?", u.ID).Count(&tokens)
		d.Q(ctx).Model(&people.Invitation{}).Where("user_id = ?", u.ID).Count(&links)
		if tokens != 0 || links != 0 {
			t.Errorf("%d tokens, %d links left", tokens, links)
		}
		if _, err := people.UseInvitation(ctx, d, link, "a-new-password-1", "a-new-password-1", "", "", time.Now()); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("old link: %v", err)
		}
		link, err = people.CreateInvitation(ctx, d, admin, u.ID, "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		_, err = people.UseInvitation(ctx, d, link, "a-new-password-1", "a-new-password-1", "", "", time.Now())
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindConflict || e.Msg.ID != "auth.link_deactivated" {
			t.Errorf("link of a deactivated account: %v", err)
		}
		var after people.User
		d.Q(ctx).First(&after, u.ID)
		if after.Active || after.PasswordHash != "x" {
			t.Errorf("account after the link: active=%t hash=%q", after.Active, after.PasswordHash)
		}
	})
}

func TestNewPasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		u := f.mentorA
		addSession(t, d, "keep", u.ID)
		addSession(t, d, "other", u.ID)
		link, err := people.CreateInvitation(ctx, d, people.Scope{IsAdmin: true}, u.ID, "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := people.UseInvitation(ctx, d, link, "a-new-password-1", "a-new-password-1", "", "keep", time.Now()); err != nil {
			t.Fatal(err)
		}
		if got := sessionHashes(t, d, u.ID); len(got) != 1 || got[0] != "keep" {
			t.Errorf("sessions after the new password: %v, want [keep]", got)
		}
	})
}
