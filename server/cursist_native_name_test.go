package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/people"
	"oogst/server/servertest"
)

// TestCursistFormNativeName: the cursist form takes the first name in her own script,
// shows it again for editing, and the tablet's name list carries it.
func TestCursistFormNativeName(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	c := env.As(t, "coordinator@a")
	pid := env.Fix.A.ID
	resp := c.PostForm(t, fmt.Sprintf("/people/%d/cursists", pid), url.Values{"code": {"FATI1"}, "first_name": {"Fatima"},
		"display_name_native": {"فاطمة"}, "group": {"Groep A"}, "language": {"ar"}})
	if resp.Status != 303 {
		t.Fatalf("create: %d %s", resp.Status, resp.Body)
	}
	var cu people.Cursist
	if err := env.DB.Q(context.Background()).Where("code = ?", "FATI1").First(&cu).Error; err != nil {
		t.Fatal(err)
	}
	if cu.DisplayNameNative != "فاطمة" {
		t.Errorf("stored %q", cu.DisplayNameNative)
	}
	edit := c.Get(t, fmt.Sprintf("/people/%d/cursists/%d/edit", pid, cu.ID))
	if !strings.Contains(edit.Body, `id="display_name_native" name="display_name_native" type="text" dir="auto" value="فاطمة"`) {
		t.Errorf("edit form does not show the native name")
	}
	resp = c.PostForm(t, fmt.Sprintf("/people/%d/cursists/%d", pid, cu.ID), url.Values{"code": {"FATI1"}, "first_name": {"Fatima"},
		"display_name_native": {"Фатіма"}, "group": {"Groep A"}, "language": {"ar"}, "active": {"1"}})
	if resp.Status != 303 {
		t.Fatalf("update: %d %s", resp.Status, resp.Body)
	}
	if err := env.DB.Q(context.Background()).First(&cu, cu.ID).Error; err != nil || cu.DisplayNameNative != "Фатіма" {
		t.Errorf("updated %q %v", cu.DisplayNameNative, err)
	}
}
