// Package archtest holds architecture tests: rules about which package may do what,
// checked on the source code itself. It has no non-test code.
package archtest

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// owners says which package writes each table (the migrations create them). Only the
// owner inserts, updates or deletes its rows; other packages call its functions.
var owners = map[string]string{
	"partnerships": "people", "organisations": "people", "partnership_organisations": "people",
	"users": "people", "memberships": "people", "cursists": "people", "audit_log": "people",
	"cursist_contacts": "people", "group_training_ends": "people", "survey_personal_links": "survey",
	"sessions": "people", "api_tokens": "people", "invitations": "people", "attempt_counters": "people",
	"cursist_statuses": "people",

	"survey_forms": "survey", "survey_form_versions": "survey", "survey_rounds": "survey",
	"survey_responses": "survey", "survey_attachments": "survey", "survey_prompts": "survey",
	"survey_translation_checks": "survey", "survey_undeliverable": "survey",
	"consent_texts": "survey", "server_secrets": "survey",

	"outcomes": "harvest", "outcome_blocks": "harvest", "outcome_codes": "harvest",
	"outcome_code_links": "harvest", "outcome_barriers": "harvest", "outcome_barrier_links": "harvest", "outcome_history": "harvest", "substantiations": "harvest",
	"meetings": "harvest", "meeting_outcomes": "harvest", "adjustments": "harvest",
	"adjustment_outcomes": "harvest", "outcome_rollup": "harvest", "outcome_rollup_sets": "harvest", "outcome_rollup_delta": "harvest",

	"boundary_partners": "markers", "progress_markers": "markers", "progress_marker_revisions": "markers",
	"monitoring_periods": "markers", "journal_entries": "markers", "outcome_journals": "markers",
	"marker_outcome_links": "markers", "marker_proposals": "markers", "marker_surveys": "markers",
	"partnership_journals": "markers", "partnership_journal_items": "markers",
	"outcome_translations": "harvest", "translation_jobs": "harvest", "translation_status": "harvest", "partnership_working_languages": "harvest",
	"voice_transcripts": "harvest", "transcription_jobs": "harvest",
	"inbox_views": "harvest",
	// Written only by the triggers of migration 00140, on outcomes.
	"cursist_outcome_tally": "harvest",
}

// exempt packages may write any table. demo seeds a showcase history (outcomes with
// past dates, meetings, adjustments, substantiations) that the owners' operations
// rightly refuse to backdate; it runs only with --demo on an empty database. bench
// fills a scratch database for its measurements.
var exempt = map[string]string{
	"demo":  "seeds demo data with past dates the owners' operations do not allow",
	"bench": "bulk-loads a million synthetic outcomes for the pages scenario, far faster than one operation each",
}

// tableDDL finds the statements that make, drop or rename a table, in file order.
var tableDDL = regexp.MustCompile(`(?i)\b(?:CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([a-z_][a-z0-9_]*)|DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?"?([a-z_][a-z0-9_]*)|ALTER\s+TABLE\s+"?([a-z_][a-z0-9_]*)"?\s+RENAME\s+TO\s+"?([a-z_][a-z0-9_]*))`)

// migratedTables returns the tables that exist after every migration's Up part, on
// either database (a table rebuilt under a temporary name counts once, by its name).
func migratedTables(t *testing.T) map[string]bool {
	t.Helper()
	tables := map[string]bool{}
	for _, dialect := range []string{"postgres", "sqlite"} {
		files, err := filepath.Glob(filepath.Join(moduleRoot(t), "migrations", dialect, "*.sql"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no %s migrations found: %v", dialect, err)
		}
		sort.Strings(files)
		live := map[string]bool{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			up, _, _ := strings.Cut(string(b), "-- +goose Down")
			for _, m := range tableDDL.FindAllStringSubmatch(up, -1) {
				switch {
				case m[1] != "":
					live[strings.ToLower(m[1])] = true
				case m[2] != "":
					delete(live, strings.ToLower(m[2]))
				case m[3] != "":
					delete(live, strings.ToLower(m[3]))
					live[strings.ToLower(m[4])] = true
				}
			}
		}
		for table := range live {
			tables[table] = true
		}
	}
	return tables
}

// Every table the migrations leave has an owner, and the owner map names no table
// that does not exist: a new table must say who writes it.
func TestEveryTableHasAnOwner(t *testing.T) {
	tables := migratedTables(t)
	for table := range tables {
		if owners[table] == "" {
			t.Errorf("table %s (from the migrations) has no owning package in archtest's owners map", table)
		}
	}
	for table := range owners {
		if !tables[table] {
			t.Errorf("owners names %s, which no migration creates", table)
		}
	}
}

// A package's non-test code writes only its own tables: SQL literals (INSERT INTO,
// UPDATE, DELETE FROM, REPLACE INTO) and GORM writes (Create, Save, Delete, Update(s),
// UpdateColumn(s), FirstOrCreate) on another package's model or Table("…").
func TestTablesAreWrittenOnlyByTheirOwner(t *testing.T) {
	writes := scanWrites(t, moduleRoot(t))
	if len(writes) < 20 {
		t.Fatalf("found only %d table writes in the module: the scanner is broken", len(writes))
	}
	var bad []string
	seen := map[string]bool{}
	for _, w := range writes {
		owner, ok := owners[w.table]
		if !ok && isOwner(w.model) {
			owner, ok = w.model, true // a domain model whose table name was not worked out
		}
		if !ok {
			continue // not a table of ours (e.g. the benchmark's own baseline table)
		}
		seen[w.table] = true
		if owner == w.pkg || exempt[w.pkg] != "" {
			continue
		}
		bad = append(bad, w.pos+": package "+w.pkg+" writes table "+w.table+" (owned by "+owner+"; call "+owner+" instead) via "+w.how)
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
	// The scanner must see the owners' own writes, or it would pass by seeing nothing.
	for _, table := range []string{"cursists", "audit_log", "sessions", "survey_responses", "outcomes", "progress_markers"} {
		if !seen[table] {
			t.Errorf("no write to %s found anywhere: the scanner misses writes", table)
		}
	}
}

func isOwner(pkg string) bool {
	for _, o := range owners {
		if o == pkg {
			return true
		}
	}
	return false
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	return root
}
