package harvest

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"oogst/survey"
)

// Sink turns the survey's reflections into outcomes (status new), inside the
// transaction that stores the response. cmd/oogst wires it into the survey.
type Sink struct{}

var _ survey.ReflectionBatchSink = Sink{}

func inputOf(r survey.Reflection) ReflectionInput {
	return ReflectionInput{
		ResponseID: r.ResponseID, PartnershipID: r.PartnershipID, RoundID: r.RoundID, RoundTitle: r.RoundTitle,
		CursistID: r.CursistID, GroupName: r.GroupName, Language: r.Language, Change: r.Change,
		Significance: r.Significance, Sign: r.Sign, Blocks: r.Blocks, Contribution: r.Contribution,
		VoiceAttachmentIDs: r.VoiceAttachmentIDs, SubmittedAt: r.SubmittedAt,
	}
}

// CreateFromReflection makes the outcome of one reflection.
func (Sink) CreateFromReflection(ctx context.Context, tx *gorm.DB, r survey.Reflection) error {
	_, err := CreateFromReflection(ctx, tx, inputOf(r))
	return err
}

// CreateFromReflections makes the outcomes of a batch of reflections with one INSERT
// for the outcomes and one for their building blocks. The survey calls it only for
// responses it has just inserted in the same transaction, so none has an outcome yet
// (the unique response_id would refuse a second one and roll the batch back).
func (Sink) CreateFromReflections(ctx context.Context, tx *gorm.DB, rs []survey.Reflection) error {
	if len(rs) == 0 {
		return nil
	}
	tx = tx.WithContext(ctx)
	now := tx.NowFunc().UTC()
	var (
		sb     strings.Builder
		args   []any
		blocks = map[int64][]string{} // response id → blocks
	)
	sb.WriteString(`INSERT INTO outcomes (partnership_id, response_id, round_id, round_title, cursist_id, group_name, language,
		change_text, significance_text, sign, contribution_text, status, source, voice_attachment_ids, submitted_at, created_at, updated_at) VALUES `)
	for i, r := range rs {
		in := inputOf(r)
		sign := in.Sign
		if !oneOf(sign, Signs) {
			sign = ""
		}
		at := in.SubmittedAt.UTC()
		if at.IsZero() {
			at = now
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, in.PartnershipID, in.ResponseID, in.RoundID, in.RoundTitle, in.CursistID, in.GroupName, orDefault(in.Language, "nl"),
			in.Change, in.Significance, sign, in.Contribution, string(StatusNew), "reflection", joinIDs(in.VoiceAttachmentIDs), at, now, now)
		blocks[in.ResponseID] = cleanBlocks(in.Blocks)
	}
	sb.WriteString(" RETURNING id, response_id")
	rows, err := tx.Raw(sb.String(), args...).Rows()
	if err != nil {
		return fmt.Errorf("harvest: create %d outcomes: %w", len(rs), err)
	}
	var bargs []any
	n := 0
	for rows.Next() {
		var id, rid int64
		if err := rows.Scan(&id, &rid); err != nil {
			rows.Close()
			return err
		}
		for _, b := range blocks[rid] {
			bargs = append(bargs, id, b)
			n++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	q := "INSERT INTO outcome_blocks (outcome_id, block) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
	if err := tx.Exec(q, bargs...).Error; err != nil {
		return fmt.Errorf("harvest: add blocks of %d outcomes: %w", len(rs), err)
	}
	return nil
}
