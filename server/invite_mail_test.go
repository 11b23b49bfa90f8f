package server_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

type sentMail struct{ to, subject, body string }

type recordingMailer struct {
	mu   sync.Mutex
	sent []sentMail
}

func (m *recordingMailer) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, sentMail{to, subject, body})
	return nil
}

// TestInvitationIsMailedWhenSMTPIsConfigured: the one-time link an admin makes is also
// e-mailed, in the person's own language (Dutch), and still shown on the page (in the
// admin's English).
func TestInvitationIsMailedWhenSMTPIsConfigured(t *testing.T) {
	t.Parallel()
	m := &recordingMailer{}
	env := servertest.New(t, dbtest.SQLite(t), servertest.Options{Mailer: m})
	u := env.Fix.Users["partner@a"]
	resp := env.As(t, "admin").PostForm(t, fmt.Sprintf("/admin/users/%d/invite", u.ID), url.Values{})
	if resp.Status != 200 {
		t.Fatalf("invite: %d", resp.Status)
	}
	link := regexp.MustCompile(`http://oogst\.test/invite/[A-Za-z0-9_-]+`).FindString(resp.Body)
	if link == "" {
		t.Fatal("no link on the page")
	}
	if len(m.sent) != 1 {
		t.Fatalf("%d mails sent", len(m.sent))
	}
	got := m.sent[0]
	if got.to != u.Email || got.subject != "Je toegang tot Oogst" || !strings.Contains(got.body, link) || !strings.Contains(got.body, "Dag "+u.Name) {
		t.Errorf("mail: %+v", got)
	}
	if !strings.Contains(resp.Body, "The link was also e-mailed to "+u.Email) {
		t.Error("the page does not say the link was mailed")
	}
}
