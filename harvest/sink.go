package harvest

import (
	"context"
	"fmt"
	"time"

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
// for the outcomes and one for their building blocks. Reflections whose response
// already has an outcome are skipped, as in CreateFromReflection.
func (Sink) CreateFromReflections(ctx context.Context, tx *gorm.DB, rs []survey.Reflection) error {
	if len(rs) == 0 {
		return nil
	}
	tx = tx.WithContext(ctx)
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ResponseID
	}
	var have []int64
	if err := tx.Model(&Outcome{}).Where("response_id IN ?", ids).Pluck("response_id", &have).Error; err != nil {
		return fmt.Errorf("harvest: find outcomes of %d responses: %w", len(ids), err)
	}
	skip := map[int64]bool{}
	for _, id := range have {
		skip[id] = true
	}
	var outs []Outcome
	var blocks [][]string
	for _, r := range rs {
		if skip[r.ResponseID] {
			continue
		}
		skip[r.ResponseID] = true
		in := inputOf(r)
		sign := in.Sign
		if !oneOf(sign, Signs) {
			sign = ""
		}
		rid, rnd := in.ResponseID, in.RoundID
		o := Outcome{
			PartnershipID: in.PartnershipID, ResponseID: &rid, RoundID: &rnd, RoundTitle: in.RoundTitle,
			CursistID: in.CursistID, GroupName: in.GroupName, Language: orDefault(in.Language, "nl"),
			ChangeText: in.Change, SignificanceText: in.Significance, Sign: sign, ContributionText: in.Contribution,
			Status: StatusNew, Source: "reflection", VoiceAttachmentIDs: joinIDs(in.VoiceAttachmentIDs),
			SubmittedAt: in.SubmittedAt.UTC(),
		}
		if o.SubmittedAt.IsZero() {
			o.SubmittedAt = time.Now().UTC()
		}
		outs = append(outs, o)
		blocks = append(blocks, cleanBlocks(in.Blocks))
	}
	if len(outs) == 0 {
		return nil
	}
	if err := tx.Create(&outs).Error; err != nil {
		return fmt.Errorf("harvest: create %d outcomes: %w", len(outs), err)
	}
	var bs []Block
	for i, o := range outs {
		for _, b := range blocks[i] {
			bs = append(bs, Block{OutcomeID: o.ID, Block: b})
		}
	}
	if len(bs) > 0 {
		if err := tx.Create(&bs).Error; err != nil {
			return fmt.Errorf("harvest: add blocks of %d outcomes: %w", len(outs), err)
		}
	}
	return nil
}
