package harvest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Change is a reviewer's edit of an outcome; nil fields stay as they are.
type Change struct {
	SummaryNL            *string  `json:"summary_nl,omitempty"`
	CodeIDs              *[]int64 `json:"code_ids,omitempty"`
	AddCodeIDs           []int64  `json:"add_code_ids,omitempty"`
	Status               *string  `json:"status,omitempty"`
	Reason               *string  `json:"exclude_reason,omitempty"`
	ChangeType           *string  `json:"change_type,omitempty"`
	Intended             *string  `json:"intended,omitempty"`
	ReviewerSignificance *string  `json:"reviewer_significance,omitempty"`
	// Barriers: BarrierIDs is the new set; AddBarrierIDs and RemoveBarrierIDs change the
	// current one (bulk actions).
	BarrierIDs       *[]int64 `json:"barrier_ids,omitempty"`
	AddBarrierIDs    []int64  `json:"add_barrier_ids,omitempty"`
	RemoveBarrierIDs []int64  `json:"remove_barrier_ids,omitempty"`
	// Actor, ContributionStrength and SignificanceNote: who changed, how much the
	// project contributed, the steering group's note ("" clears).
	Actor                *string `json:"actor,omitempty"`
	ContributionStrength *string `json:"contribution_strength,omitempty"`
	SignificanceNote     *string `json:"significance_note,omitempty"`
	// ConfirmOverride is the reviewer's reason to confirm an outcome that nobody
	// independent has agreed with (yet); without it such a confirmation is refused.
	ConfirmOverride *string `json:"confirm_override_reason,omitempty"`
	// Version, when set, is the version the change was based on (the edit form's, or
	// the API's If-Match): a save over any other version is refused with apperr.Stale.
	Version *int64 `json:"-"`
}

// Update applies a reviewer's change and records every changed field in the history.
func Update(ctx context.Context, d *db.DB, sc people.Scope, userID, id int64, ch Change) (Outcome, error) {
	err := d.Tx(ctx, func(tx *db.DB) error {
		return update(ctx, tx, sc, userID, id, ch, tx.Now().UTC())
	})
	if err != nil {
		return Outcome{}, err
	}
	return Get(ctx, d, sc, id)
}

// Bulk applies the same change to several outcomes at once (all or none).
func Bulk(ctx context.Context, d *db.DB, sc people.Scope, userID int64, ids []int64, ch Change) error {
	if len(ids) == 0 {
		v := apperr.Invalid{}
		v.Add("ids", "harvest.error.select_some")
		return v.Err()
	}
	return d.Tx(ctx, func(tx *db.DB) error {
		now := tx.Now().UTC()
		for _, id := range ids {
			if err := update(ctx, tx, sc, userID, id, ch, now); err != nil {
				return err
			}
		}
		return nil
	})
}

func update(ctx context.Context, tx *db.DB, sc people.Scope, userID, id int64, ch Change, now time.Time) error {
	o, err := getForReview(ctx, tx, sc, id)
	if err != nil {
		return err
	}
	if ch.Version != nil && *ch.Version != o.Version {
		return apperr.Stale()
	}
	v := apperr.Invalid{}
	set := map[string]any{}
	var hist []HistoryEntry
	uid := userID
	record := func(field, old, new string) {
		if old != new {
			hist = append(hist, HistoryEntry{OutcomeID: id, UserID: &uid, At: now, Field: field, OldValue: old, NewValue: new})
		}
	}
	str := func(col, field string, p *string, allowed []string, cur string) {
		if p == nil {
			return
		}
		val := strings.TrimSpace(*p)
		if allowed != nil && val != "" && !oneOf(val, allowed) {
			v.Add(field, "harvest.error.choice")
			return
		}
		if val != cur {
			set[col] = val
			record(field, cur, val)
		}
	}
	str("summary_nl", "summary_nl", ch.SummaryNL, nil, o.SummaryNL)
	str("change_type", "change_type", ch.ChangeType, ChangeTypes, o.ChangeType)
	str("intended", "intended", ch.Intended, Intentions, o.Intended)
	str("reviewer_significance", "reviewer_significance", ch.ReviewerSignificance, Significances, o.ReviewerSignificance)
	str("actor", "actor", ch.Actor, Actors, o.Actor)
	str("contribution_strength", "contribution_strength", ch.ContributionStrength, ContributionStrengths, o.ContributionStrength)
	str("significance_note", "significance_note", ch.SignificanceNote, nil, o.SignificanceNote)
	bar, err := planBarriers(ctx, tx, o, ch, v)
	if err != nil {
		return err
	}

	// Codes: the new set, validated against what the partnership may use. A retired
	// code may stay on an outcome but not be added anew.
	var oldCodes []int64
	if err := tx.Q(ctx).Model(&CodeLink{}).Where("outcome_id = ?", id).Order("code_id").Pluck("code_id", &oldCodes).Error; err != nil {
		return fmt.Errorf("harvest: codes of outcome %d: %w", id, err)
	}
	newCodes := oldCodes
	if ch.CodeIDs != nil || len(ch.AddCodeIDs) > 0 {
		want := map[int64]bool{}
		if ch.CodeIDs != nil {
			for _, c := range *ch.CodeIDs {
				want[c] = true
			}
		} else {
			for _, c := range oldCodes {
				want[c] = true
			}
		}
		for _, c := range ch.AddCodeIDs {
			want[c] = true
		}
		newCodes = newCodes[:0:0]
		for c := range want {
			newCodes = append(newCodes, c)
		}
		sort.Slice(newCodes, func(i, j int) bool { return newCodes[i] < newCodes[j] })
		if len(newCodes) > 0 {
			var ok []Code
			if err := tx.Q(ctx).Where("id IN ? AND (partnership_id IS NULL OR partnership_id = ?)", newCodes, o.PartnershipID).Find(&ok).Error; err != nil {
				return fmt.Errorf("harvest: check codes: %w", err)
			}
			okSet := map[int64]Code{}
			for _, c := range ok {
				okSet[c.ID] = c
			}
			had := map[int64]bool{}
			for _, c := range oldCodes {
				had[c] = true
			}
			for _, c := range newCodes {
				code, found := okSet[c]
				if !found || (code.RetiredAt != nil && !had[c]) {
					v.Add("codes", "harvest.error.code_unknown")
				}
			}
		}
	}
	status := o.Status
	if ch.Status != nil && Status(*ch.Status) != o.Status {
		t := Status(*ch.Status)
		switch {
		case !oneOf(string(t), statusStrings()):
			v.Add("status", "harvest.error.choice")
		case !o.Status.CanMoveTo(t):
			v.Add("status", "harvest.error.transition")
		default:
			status = t
		}
	}
	if status == StatusExcluded && o.Status != StatusExcluded {
		reason := ""
		if ch.Reason != nil {
			reason = strings.TrimSpace(*ch.Reason)
		}
		if reason == "" {
			v.Add("exclude_reason", "harvest.error.reason")
		} else {
			set["exclude_reason"] = reason
			record("exclude_reason", o.ExcludeReason, reason)
		}
	}
	if status == StatusSubstantiated && o.Status != StatusSubstantiated {
		// Confirmed means someone independent agreed; otherwise the reviewer says why.
		agreed, err := hasAgreeingAnswer(ctx, tx, id)
		if err != nil {
			return err
		}
		override := ""
		if ch.ConfirmOverride != nil {
			override = strings.TrimSpace(*ch.ConfirmOverride)
		}
		switch {
		case agreed:
		case override == "":
			v.Add("status", "subst2.error.confirm_needs")
			v.Add("confirm_override", "subst2.error.override_reason")
		default:
			record("confirm_override", "", override)
		}
	}
	if status != StatusNew && status != StatusExcluded && len(newCodes) == 0 {
		v.Add("codes", "harvest.error.needs_code")
	}
	// Coding a new outcome moves it along: the reviewer need not set both.
	if (ch.Status == nil || Status(*ch.Status) == o.Status) && o.Status == StatusNew && len(newCodes) > 0 && len(oldCodes) == 0 {
		status = StatusCoded
	}
	if err := v.Err(); err != nil {
		return err
	}
	if status != o.Status {
		set["status"] = string(status)
		record("status", string(o.Status), string(status))
		if o.Status == StatusExcluded {
			set["exclude_reason"] = ""
		}
	}
	codesChanged := !sameIDs(oldCodes, newCodes)
	if codesChanged {
		names, err := codeKeys(ctx, tx, append(append([]int64{}, oldCodes...), newCodes...))
		if err != nil {
			return err
		}
		record("codes", keysOf(oldCodes, names), keysOf(newCodes, names))
	}
	if bar.changed() {
		record("barriers", bar.oldKeys, bar.newKeys)
	}
	if len(hist) == 0 {
		return nil
	}
	// The outcome row first, guarded by the version read above: of two concurrent
	// saves the second waits for the first's row lock and then matches no row, before
	// it touches the code links.
	set["updated_at"] = now
	set["version"] = gorm.Expr("version + 1")
	res := tx.Q(ctx).Model(&Outcome{}).Where("id = ? AND version = ?", id, o.Version).Updates(set)
	if res.Error != nil {
		return fmt.Errorf("harvest: update outcome %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.Stale()
	}
	if codesChanged {
		if err := tx.Q(ctx).Where("outcome_id = ?", id).Delete(&CodeLink{}).Error; err != nil {
			return fmt.Errorf("harvest: clear codes: %w", err)
		}
		for _, c := range newCodes {
			if err := tx.Q(ctx).Create(&CodeLink{OutcomeID: id, CodeID: c}).Error; err != nil {
				return fmt.Errorf("harvest: add code: %w", err)
			}
		}
	}
	if err := bar.apply(ctx, tx, id); err != nil {
		return err
	}
	if err := tx.Q(ctx).Create(&hist).Error; err != nil {
		return fmt.Errorf("harvest: history of outcome %d: %w", id, err)
	}
	return nil
}

func statusStrings() []string {
	out := make([]string, len(Statuses))
	for i, s := range Statuses {
		out[i] = string(s)
	}
	return out
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func codeKeys(ctx context.Context, tx *db.DB, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var cs []Code
	if err := tx.Q(ctx).Where("id IN ?", ids).Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("harvest: code keys: %w", err)
	}
	for _, c := range cs {
		out[c.ID] = c.Key
	}
	return out, nil
}

func keysOf(ids []int64, names map[int64]string) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, names[id])
	}
	return strings.Join(parts, ", ")
}
