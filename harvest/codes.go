package harvest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// codesFor lists the presets plus the codes of partnerships pids.
func codesFor(ctx context.Context, d *db.DB, pids []int64, withRetired bool) ([]Code, error) {
	q := d.Q(ctx).Model(&Code{})
	if len(pids) > 0 {
		q = q.Where("partnership_id IS NULL OR partnership_id IN ?", pids)
	} else {
		q = q.Where("partnership_id IS NULL")
	}
	if !withRetired {
		q = q.Where("retired_at IS NULL")
	}
	var out []Code
	if err := q.Order("partnership_id IS NOT NULL, position, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("harvest: list codes: %w", err)
	}
	return out, nil
}

// Codes lists the codes usable in partnership pid (presets first), retired ones too.
func Codes(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]Code, error) {
	if !sc.Member(pid) {
		return nil, apperr.NotFound()
	}
	return codesFor(ctx, d, []int64{pid}, true)
}

var codeKey = regexp.MustCompile(`[^a-z0-9]+`)

// AddCode creates a code of partnership pid; only its coordinators and partners may.
func AddCode(ctx context.Context, d *db.DB, sc people.Scope, pid int64, n locale.Text) (Code, error) {
	if !sc.Member(pid) {
		return Code{}, apperr.NotFound()
	}
	if !canReview(sc, pid) {
		return Code{}, apperr.Forbidden()
	}
	nl, fr, en := trimNames(n)
	if nl == "" {
		v := apperr.Invalid{}
		v.Add("name_nl", "harvest.error.code_name")
		return Code{}, v.Err()
	}
	key := strings.Trim(codeKey.ReplaceAllString(strings.ToLower(nl), "_"), "_")
	if key == "" {
		key = "code"
	}
	p := pid
	c := Code{PartnershipID: &p, Key: key, NameNL: nl, NameFR: fr, NameEN: en, Position: 100}
	err := d.Tx(ctx, func(tx *db.DB) error {
		var clash int64
		if err := tx.Q(ctx).Model(&Code{}).Where("(partnership_id IS NULL OR partnership_id = ?) AND (key = ? OR name_nl = ?)", pid, key, nl).Count(&clash).Error; err != nil {
			return err
		}
		if clash > 0 {
			return &apperr.Error{Kind: apperr.KindConflict, Msg: apperr.Msg("harvest.error.code_exists"),
				Fields: map[string]apperr.Message{"name_nl": apperr.Msg("harvest.error.code_exists")}}
		}
		return tx.Q(ctx).Create(&c).Error
	})
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return Code{}, err
		}
		return Code{}, fmt.Errorf("harvest: add code: %w", err)
	}
	return c, nil
}

// editableCode finds a code of a partnership the caller reviews; presets are shared by
// every partnership and cannot be changed by one of them.
func editableCode(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Code, error) {
	var c Code
	err := d.Q(ctx).Where("id = ?", id).Take(&c).Error
	if err == nil && c.PartnershipID != nil && !sc.Member(*c.PartnershipID) {
		return c, apperr.NotFound()
	}
	if err != nil {
		return c, fmt.Errorf("harvest: get code %d: %w", id, err)
	}
	if c.PartnershipID == nil || !canReview(sc, *c.PartnershipID) {
		return c, apperr.Forbidden()
	}
	return c, nil
}

// RenameCode changes a partnership code's names.
func RenameCode(ctx context.Context, d *db.DB, sc people.Scope, id int64, n locale.Text) (Code, error) {
	c, err := editableCode(ctx, d, sc, id)
	if err != nil {
		return c, err
	}
	nl, fr, en := trimNames(n)
	if nl == "" {
		v := apperr.Invalid{}
		v.Add("name_nl", "harvest.error.code_name")
		return c, v.Err()
	}
	c.NameNL, c.NameFR, c.NameEN = nl, fr, en
	if err := d.Q(ctx).Model(&c).Updates(map[string]any{"name_nl": nl, "name_fr": fr, "name_en": en}).Error; err != nil {
		return c, fmt.Errorf("harvest: rename code %d: %w", id, err)
	}
	return c, nil
}

// RetireCode takes a code out of use (retire true) or back in. Retired codes stay on
// the outcomes that have them and still count in aggregates.
func RetireCode(ctx context.Context, d *db.DB, sc people.Scope, id int64, retire bool, now time.Time) (Code, error) {
	c, err := editableCode(ctx, d, sc, id)
	if err != nil {
		return c, err
	}
	var at *time.Time
	if retire {
		t := now.UTC()
		at = &t
	}
	if err := d.Q(ctx).Model(&c).Update("retired_at", at).Error; err != nil {
		return c, fmt.Errorf("harvest: retire code %d: %w", id, err)
	}
	c.RetiredAt = at
	return c, nil
}

// trimNames returns a code's names in its three columns (nl, fr, en), trimmed.
func trimNames(n locale.Text) (nl, fr, en string) {
	nl, fr, en = n.Staff()
	return strings.TrimSpace(nl), strings.TrimSpace(fr), strings.TrimSpace(en)
}
