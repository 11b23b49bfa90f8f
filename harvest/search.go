package harvest

import (
	"strings"

	"oogst/db"
)

// searchSep joins an outcome's texts into its search document (migration 00121). A
// search box cannot send it; a query holding it falls back to column-by-column search.
const searchSep = "\x01"

// searchTexts are the outcome's texts the inbox searches, in the order they stand in
// the search document. One more text source (a translation) is one more entry here and
// one more term in the document's definition in migration 00121's successor.
var searchTexts = []string{"outcomes.change_text", "outcomes.significance_text", "outcomes.contribution_text", "outcomes.summary_nl"}

// globEscaper quotes GLOB's wildcards: each becomes a one-character class.
var globEscaper = strings.NewReplacer(`*`, `[*]`, `?`, `[?]`, `[`, `[[]`)

// searchCond is the inbox's condition "one of the outcome's texts contains text",
// folded like db.Fold, with the same answer as textContains over searchTexts. It
// matches on the search document so an index answers it: a pg_trgm GIN index on
// PostgreSQL (LIKE), the FTS5 trigram table outcome_search on SQLite (GLOB, which the
// trigram index serves case-sensitively, on text folded already).
func searchCond(d *db.DB, text string) (string, []any) {
	folded := db.Fold(text)
	if strings.Contains(folded, searchSep) {
		return textContains(d, text, searchTexts...)
	}
	if d.Dialect == db.Postgres {
		// Backslash is PostgreSQL's default LIKE escape; an explicit ESCAPE clause would
		// hide the pattern from the trigram index's planner support.
		return "oogst_search_doc(" + strings.Join(searchTexts, ", ") + ") LIKE ?", []any{"%" + escapeLike(folded) + "%"}
	}
	return "outcomes.id IN (SELECT rowid FROM outcome_search WHERE doc GLOB ?)", []any{"*" + globEscaper.Replace(folded) + "*"}
}
