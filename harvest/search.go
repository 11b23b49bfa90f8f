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

// searchConds is the inbox's condition "one of the outcome's texts contains text",
// folded like db.Fold, with the same answer as textContains over searchTexts; an
// outcome matches when it meets one of the conditions returned. They match on the
// search document so an index answers them: on SQLite the FTS5 trigram table
// outcome_search (GLOB, which the trigram index serves case-sensitively, on text folded
// already); on PostgreSQL the trigram index of outcome_search_docs (LIKE), plus the
// live texts of the few outcomes queued for it (migration 00181). f's filters that the
// documents copy are applied to them too, so that the index reads only the rows that
// pass them.
func searchConds(d *db.DB, f Filter, text string) []sqlCond {
	folded := db.Fold(text)
	if strings.Contains(folded, searchSep) {
		cond, args := textContains(d, text, searchTexts...)
		return []sqlCond{{cond, args}}
	}
	if d.Dialect != db.Postgres {
		return []sqlCond{{"outcomes.id IN (SELECT rowid FROM outcome_search WHERE doc GLOB ?)", []any{"*" + globEscaper.Replace(folded) + "*"}}}
	}
	// Backslash is PostgreSQL's default LIKE escape; an explicit ESCAPE clause would
	// hide the pattern from the trigram index's planner support.
	pat := "%" + escapeLike(folded) + "%"
	docs := "SELECT s.outcome_id FROM outcome_search_docs s WHERE s.doc LIKE ?"
	args := []any{pat}
	if f.PartnershipID != 0 {
		docs += " AND s.partnership_id = ?"
		args = append(args, f.PartnershipID)
	}
	if f.Status != "" {
		docs += " AND s.status = ?"
		args = append(args, f.Status)
	}
	switch f.Sign {
	case "":
	case SignNone:
		docs += " AND s.sign = ''"
	default:
		docs += " AND s.sign = ?"
		args = append(args, f.Sign)
	}
	if f.Language != "" {
		docs += " AND s.language = ?"
		args = append(args, f.Language)
	}
	queued := "outcomes.id IN (SELECT q.outcome_id FROM outcome_search_queue q) AND oogst_search_doc(" + strings.Join(searchTexts, ", ") + ") LIKE ?"
	return []sqlCond{{"outcomes.id IN (" + docs + ")", args}, {queued, []any{pat}}}
}

// sqlCond is a WHERE condition and its arguments.
type sqlCond struct {
	sql  string
	args []any
}
