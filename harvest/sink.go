package harvest

import (
	"context"
	"fmt"

	"oogst/db"
	"oogst/survey"
)

// Sink turns the survey's reflections into outcomes (status new), inside the
// transaction that stores the responses. cmd/oogst wires it into the survey.
type Sink struct{}

var _ survey.ReflectionSink = Sink{}

const (
	insertOutcomes = `INSERT INTO outcomes (partnership_id, response_id, round_id, round_title, cursist_id, group_name, language,
		change_text, significance_text, sign, contribution_text, status, source, voice_attachment_ids, submitted_at, created_at, updated_at) VALUES `
	outcomeColumns = 17
	insertBlocks   = "INSERT INTO outcome_blocks (outcome_id, block) VALUES "
)

// CreateFromReflections makes the outcomes of a batch of reflections with one INSERT
// for the outcomes and one for their building blocks, built by hand on the
// transaction's connection (this is every tablet submission's path). The survey calls
// it only for responses it has just inserted in the same transaction, so none has an
// outcome yet (the unique response_id would refuse a second one and roll the batch
// back).
func (Sink) CreateFromReflections(ctx context.Context, tx *db.DB, rs []survey.Reflection) error {
	if len(rs) == 0 {
		return nil
	}
	now := tx.Q(ctx).NowFunc().UTC()
	args := make([]any, 0, outcomeColumns*len(rs))
	q := make([]byte, 0, len(insertOutcomes)+len(rs)*(outcomeColumns*5)+32)
	q = append(q, insertOutcomes...)
	blocks := make(map[int64][]string, len(rs)) // response id → blocks
	for i := range rs {
		r := &rs[i]
		sign := r.Sign
		if !oneOf(sign, Signs) {
			sign = ""
		}
		at := r.SubmittedAt.UTC()
		if at.IsZero() {
			at = now
		}
		if i > 0 {
			q = append(q, ',')
		}
		q = tx.AppendRow(q, len(args), outcomeColumns)
		args = append(args, r.PartnershipID, r.ResponseID, r.RoundID, r.RoundTitle, r.CursistID, r.GroupName, orDefault(r.Language, "nl"),
			r.Change, r.Significance, sign, r.Contribution, string(StatusNew), "reflection", joinIDs(r.VoiceAttachmentIDs), at, now, now)
		blocks[r.ResponseID] = cleanBlocks(r.Blocks)
	}
	q = append(q, " RETURNING id, response_id"...)
	rows, err := tx.Conn(ctx).QueryContext(ctx, string(q), args...)
	if err != nil {
		return fmt.Errorf("harvest: create %d outcomes: %w", len(rs), err)
	}
	var bargs []any
	for rows.Next() {
		var id, rid int64
		if err := rows.Scan(&id, &rid); err != nil {
			rows.Close()
			return err
		}
		for _, b := range blocks[rid] {
			bargs = append(bargs, id, b)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(bargs) == 0 {
		return nil
	}
	bq := make([]byte, 0, len(insertBlocks)+len(bargs)*5)
	bq = append(bq, insertBlocks...)
	for i := 0; i < len(bargs); i += 2 {
		if i > 0 {
			bq = append(bq, ',')
		}
		bq = tx.AppendRow(bq, i, 2)
	}
	if _, err := tx.Conn(ctx).ExecContext(ctx, string(bq), bargs...); err != nil {
		return fmt.Errorf("harvest: add blocks of %d outcomes: %w", len(rs), err)
	}
	return nil
}
