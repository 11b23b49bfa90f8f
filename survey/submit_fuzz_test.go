package survey_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/frontend"
	"oogst/locale"
	"oogst/people"
	"oogst/survey"
	"oogst/testkit"
)

// FuzzSubmitBody decodes a raw request body exactly as the tablet API does and submits
// it to an open round on the built-in reflection form: nothing may panic, a refusal is
// an *apperr.Error of kind Invalid or Conflict whose messages exist in every tablet
// language, and an accepted body is stored as a whole answer set that decodes again.
//
// CI runs the seed corpus (testdata/fuzz/FuzzSubmitBody) as a normal test. Longer:
//
//	go test ./survey/ -run '^$' -fuzz FuzzSubmitBody -fuzztime 10m
//
// (SQLite; set OOGST_FUZZ_POSTGRES=1 with OOGST_TEST_POSTGRES_URL to fuzz on PostgreSQL).
func FuzzSubmitBody(f *testing.F) {
	for _, s := range []string{
		`{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","language":"nl","cursist":null,"answers":{"change":"Ik bel zelf naar de crèche.","sign":"positive","significance":"Ik ben minder bang.","blocks":["training","guidance"]}}`,
		`{"id":"0f8fad5b-d9cb-469f-a165-70867728950f","language":"ar","cursist":"KAAA","answers":{"change":{"text":"","voice":"9a1e0c52-7d1b-4c55-9d8a-000000000001"},"sign":"both","significance":"x"}}`,
		`{"id":"not-a-uuid","language":"xx","answers":{"nope":1}}`,
		`{"id":"0F8FAD5B-D9CB-469F-A165-70867728950E","language":"nl","answers":{"change":"again","sign":"negative","significance":"y"}}`,
		`{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","language":"tr","cursist":"  k-aaa ","answers":{"change":"a","sign":"up","significance":"b","blocks":"training"}}`,
		`{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae8","language":"nl","answers":{"change":"` + strings.Repeat("é", 5001) + `","sign":"positive","significance":"b"}}`,
		`{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae9","language":"nl","cursist":"\u0000","answers":{"change":"\u0000","sign":"positive","significance":"\ud800"}}`,
		`{"id":"7c9e6679-7425-40de-944b-e07fc1f90aea","language":"nl","consent_version":"v1","answers":{"change":["x"],"sign":["positive"],"significance":{},"blocks":[null,1]}}`,
		`{"answers":null}`, `null`, `[]`, `{"id":1}`, `{"answers":{"change":1e999}}`,
	} {
		f.Add([]byte(s))
	}
	var d *db.DB
	if os.Getenv("OOGST_FUZZ_POSTGRES") == "1" {
		d = dbtest.Postgres(f)
	} else {
		d = dbtest.SQLite(f)
	}
	ctx := context.Background()
	fix := testkit.NewFixture(f, d)
	sc, err := people.LoadScope(ctx, d, fix.Users["coordinator@a"].ID)
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	form, _, err := survey.EnsureBuiltin(ctx, d, now)
	if err != nil {
		f.Fatal(err)
	}
	open, err := survey.CreateRound(ctx, d, sc, survey.RoundInput{PartnershipID: fix.A.ID, FormID: form.ID, Title: "Open", OpensAt: now.Add(-time.Hour), AnonymousAllowed: true}, now)
	if err != nil {
		f.Fatal(err)
	}
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var sub survey.Submission
		if err := json.NewDecoder(strings.NewReader(string(body))).Decode(&sub); err != nil {
			return // the handler answers 422 submit.bad_body
		}
		out, _, err := survey.Submit(ctx, d, nil, open.Code, sub, now)
		if err != nil {
			e, ok := apperr.As(err)
			if !ok || (e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict) {
				t.Fatalf("body %q: not a 4xx error: %v", body, err)
			}
			for _, lang := range []string{"nl", "en", "ar", "fa"} {
				loc := bundle.Localizer(lang)
				for field, m := range e.Fields {
					if !loc.Has(m.ID) {
						t.Fatalf("field %q: message %q missing in %s", field, m.ID, lang)
					}
				}
			}
			return
		}
		var answers map[string]json.RawMessage
		if err := json.Unmarshal(out.Answers, &answers); err != nil {
			t.Fatalf("stored answers do not decode: %v", err)
		}
		for _, q := range []string{"change", "sign", "significance"} {
			if _, ok := answers[q]; !ok {
				t.Fatalf("accepted without required %q: %s", q, out.Answers)
			}
		}
	})
}
