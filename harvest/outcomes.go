package harvest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
	"oogst/survey"
)

// ReflectionInput is a submitted outcome-harvesting reflection, as the survey engine
// hands it over inside its submission transaction.
type ReflectionInput = survey.Reflection

// CreateFromReflection makes the outcome (status new) for a reflection. It runs in the
// caller's transaction and is idempotent per ResponseID: a second call returns the
// outcome made by the first.
func CreateFromReflection(ctx context.Context, d *db.DB, in ReflectionInput) (Outcome, error) {
	tx := d.Q(ctx)
	var existing Outcome
	err := tx.Where("response_id = ?", in.ResponseID).Take(&existing).Error
	if err == nil {
		return existing, nil
	}
	if !db.IsNotFound(err) {
		return Outcome{}, fmt.Errorf("harvest: find outcome of response %d: %w", in.ResponseID, err)
	}
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
		o.SubmittedAt = tx.NowFunc().UTC()
	}
	if err := tx.Create(&o).Error; err != nil {
		return Outcome{}, fmt.Errorf("harvest: create outcome of response %d: %w", in.ResponseID, err)
	}
	if err := setBlocks(tx, o.ID, in.Blocks); err != nil {
		return Outcome{}, err
	}
	o.Blocks = cleanBlocks(in.Blocks)
	return o, nil
}

// OtherInput is an outcome a staff member records from another source.
type OtherInput struct {
	PartnershipID                            int64
	Source, SourceDetail                     string
	GroupName, Language                      string
	Change, Significance, Sign, Contribution string
	Blocks                                   []string
	SummaryNL                                string
	OccurredAt                               time.Time
}

// RecordOther saves an outcome from an interview, a meeting, a document or a mentor's
// observation; the source must be named.
func RecordOther(ctx context.Context, d *db.DB, sc people.Scope, userID int64, in OtherInput) (Outcome, error) {
	if !sc.Member(in.PartnershipID) {
		return Outcome{}, apperr.NotFound()
	}
	if !canReview(sc, in.PartnershipID) {
		return Outcome{}, apperr.Forbidden()
	}
	v := apperr.Invalid{}
	if !oneOf(in.Source, OtherSources) {
		v.Add("source", "harvest.error.source")
	}
	if strings.TrimSpace(in.SourceDetail) == "" {
		v.Add("source_detail", "harvest.error.source_detail")
	}
	checkStory(v, in.Change, in.Sign, in.Blocks)
	if err := v.Err(); err != nil {
		return Outcome{}, err
	}
	if in.OccurredAt.IsZero() {
		in.OccurredAt = d.Now()
	}
	uid := userID
	o := Outcome{
		PartnershipID: in.PartnershipID, GroupName: strings.TrimSpace(in.GroupName), Language: orDefault(in.Language, "nl"),
		ChangeText: strings.TrimSpace(in.Change), SignificanceText: strings.TrimSpace(in.Significance), Sign: in.Sign,
		ContributionText: strings.TrimSpace(in.Contribution), SummaryNL: strings.TrimSpace(in.SummaryNL),
		Status: StatusNew, Source: in.Source, SourceDetail: strings.TrimSpace(in.SourceDetail),
		SubmittedAt: in.OccurredAt.UTC(), CreatedBy: &uid,
	}
	err := d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Create(&o).Error; err != nil {
			return fmt.Errorf("harvest: record outcome: %w", err)
		}
		if err := setBlocks(tx.Q(ctx), o.ID, in.Blocks); err != nil {
			return err
		}
		return tx.Q(ctx).Create(&HistoryEntry{OutcomeID: o.ID, UserID: &uid, At: tx.Now().UTC(), Field: "created", NewValue: o.Source}).Error
	})
	return o, err
}

// Get returns one outcome the caller may read, with blocks and codes.
func Get(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Outcome, error) {
	var o Outcome
	err := visible(d.Q(ctx).Model(&Outcome{}), sc).Where("outcomes.id = ?", id).Take(&o).Error
	if err != nil {
		return o, fmt.Errorf("harvest: get outcome %d: %w", id, err)
	}
	list := []Outcome{o}
	if err := loadDetails(ctx, d, list); err != nil {
		return o, err
	}
	return list[0], nil
}

// getForReview returns an outcome the caller may change: 404 outside the scope, 403 for
// a mentor who may only read it.
func getForReview(ctx context.Context, tx *db.DB, sc people.Scope, id int64) (Outcome, error) {
	var o Outcome
	err := tx.Q(ctx).Where("id = ?", id).Take(&o).Error
	if err == nil && !sc.Member(o.PartnershipID) {
		return o, apperr.NotFound()
	}
	if err != nil {
		return o, fmt.Errorf("harvest: get outcome %d: %w", id, err)
	}
	if !canReview(sc, o.PartnershipID) {
		if mg, ok := sc.MentorGroups[o.PartnershipID]; !ok || mg != o.GroupName {
			return o, apperr.NotFound()
		}
		return o, apperr.Forbidden()
	}
	return o, nil
}

// loadDetails fills Blocks, Codes, Barriers and Translations of outcomes.
func loadDetails(ctx context.Context, d *db.DB, list []Outcome) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	idx := map[int64]int{}
	for i, o := range list {
		ids[i] = o.ID
		idx[o.ID] = i
		list[i].Blocks = []string{}
		list[i].Codes = []Code{}
		list[i].Barriers = []Barrier{}
	}
	var blocks []Block
	if err := d.Q(ctx).Where("outcome_id IN ?", ids).Find(&blocks).Error; err != nil {
		return fmt.Errorf("harvest: load blocks: %w", err)
	}
	for _, b := range blocks {
		list[idx[b.OutcomeID]].Blocks = append(list[idx[b.OutcomeID]].Blocks, b.Block)
	}
	for i := range list {
		list[i].Blocks = orderBlocks(list[i].Blocks)
	}
	var rows []struct {
		OutcomeID int64
		Code
	}
	err := d.Q(ctx).Table("outcome_code_links l").
		Select("l.outcome_id, c.*").Joins("JOIN outcome_codes c ON c.id = l.code_id").
		Where("l.outcome_id IN ?", ids).Order("c.position, c.id").Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("harvest: load codes: %w", err)
	}
	for _, r := range rows {
		list[idx[r.OutcomeID]].Codes = append(list[idx[r.OutcomeID]].Codes, r.Code)
	}
	if err := loadBarriers(ctx, d, list, idx, ids); err != nil {
		return err
	}
	return loadTranslations(ctx, d, list, idx, ids)
}

// HistoryRow is a history entry with the name of who made the change.
type HistoryRow struct {
	HistoryEntry
	UserName string
}

// History lists an outcome's changes, newest first.
func History(ctx context.Context, d *db.DB, sc people.Scope, id int64) ([]HistoryRow, error) {
	if _, err := Get(ctx, d, sc, id); err != nil {
		return nil, err
	}
	var out []HistoryRow
	err := d.Q(ctx).Table("outcome_history h").Select("h.*, COALESCE(u.name, '') AS user_name").
		Joins("LEFT JOIN users u ON u.id = h.user_id").Where("h.outcome_id = ?", id).
		Order("h.at DESC, h.id DESC").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("harvest: history of outcome %d: %w", id, err)
	}
	return out, nil
}

// setBlocks works on a query builder because CreateFromReflection has no *db.DB yet.
func setBlocks(q *gorm.DB, outcomeID int64, blocks []string) error {
	if err := q.Where("outcome_id = ?", outcomeID).Delete(&Block{}).Error; err != nil {
		return fmt.Errorf("harvest: clear blocks: %w", err)
	}
	for _, b := range cleanBlocks(blocks) {
		if err := q.Create(&Block{OutcomeID: outcomeID, Block: b}).Error; err != nil {
			return fmt.Errorf("harvest: add block: %w", err)
		}
	}
	return nil
}

// cleanBlocks keeps the known blocks, once each, in programme order.
func cleanBlocks(in []string) []string {
	seen := map[string]bool{}
	for _, b := range in {
		seen[strings.TrimSpace(b)] = true
	}
	out := []string{}
	for _, b := range Blocks {
		if seen[b] {
			out = append(out, b)
		}
	}
	return out
}

func orderBlocks(in []string) []string { return cleanBlocks(in) }

func joinIDs(ids []int64) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return strings.Join(parts, ",")
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return strings.TrimSpace(s)
}

// checkStory checks what every staff-recorded outcome needs: a change told, a known
// sign (or none) and known building blocks.
func checkStory(v apperr.Invalid, change, sign string, blocks []string) {
	if strings.TrimSpace(change) == "" {
		v.Add("change", "harvest.error.change")
	}
	if sign != "" && !oneOf(sign, Signs) {
		v.Add("sign", "harvest.error.sign")
	}
	for _, b := range blocks {
		if !oneOf(b, Blocks) {
			v.Add("blocks", "harvest.error.block")
		}
	}
}
