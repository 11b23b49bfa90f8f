package people_test

import (
	"testing"

	"oogst/frontend"
	"oogst/locale"
	"oogst/people"
)

// The viewer builds label IDs from stored values ("audit." + action, "role." + role),
// which the locale test cannot see in the code; this test names them all.
func TestEveryAuditActionAndRoleHasALabel(t *testing.T) {
	t.Parallel()
	b, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, a := range people.AuditActions {
		ids = append(ids, "audit."+a)
	}
	for _, r := range people.Roles {
		ids = append(ids, "role."+string(r))
	}
	for _, lang := range []string{"nl", "fr", "en"} {
		l := b.Localizer(lang)
		for _, id := range ids {
			if !l.Has(id) {
				t.Errorf("%s: no message %q", lang, id)
			}
		}
	}
}
