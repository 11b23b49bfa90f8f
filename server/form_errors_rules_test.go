package server

import (
	"testing"

	"oogst/apperr"
	"oogst/frontend"
	"oogst/locale"
)

// The rules of the one form-error helper: which errors are the form's, and what the
// page gets for them.
func TestFormErrorsRules(t *testing.T) {
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	l := bundle.Localizer("fr")
	invalid := apperr.Invalid{"name": apperr.Msg("markers.error.too_long", "Max", 200)}.Err()
	taken := &apperr.Error{Kind: apperr.KindConflict, Msg: apperr.Msg("harvest.error.code_exists"),
		Fields: map[string]apperr.Message{"name_nl": apperr.Msg("harvest.error.code_exists")}}
	lastCoordinator := apperr.New(apperr.KindConflict, "people.error.last_coordinator")
	tooLong, exists, invalidMsg := l.T("markers.error.too_long", "Max", 200), l.T("harvest.error.code_exists"), l.T("error.invalid")
	for _, tc := range []struct {
		name string
		err  error
		mode formMode
		ok   bool
		want map[string]string
	}{
		{"invalid beside fields", invalid, besideFields, true, map[string]string{"name": tooLong}},
		{"invalid above form", invalid, aboveForm, true, map[string]string{"name": tooLong, "_form": invalidMsg}},
		{"conflict naming a field", taken, besideFields, true, map[string]string{"name_nl": exists}},
		{"conflict naming no field beside fields", lastCoordinator, besideFields, false, nil},
		{"conflict naming no field above form", lastCoordinator, aboveForm, true, map[string]string{"_form": l.T("people.error.last_coordinator")}},
		{"stale", apperr.Stale(), besideFields, false, nil},
		{"not found", apperr.NotFound(), aboveForm, false, nil},
		{"no error", nil, aboveForm, false, nil},
	} {
		got, ok := formErrors(l, tc.err, tc.mode)
		if ok != tc.ok || len(got) != len(tc.want) {
			t.Errorf("%s: %v %v, want %v %v", tc.name, got, ok, tc.want, tc.ok)
			continue
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", tc.name, k, got[k], v)
			}
		}
	}
}
