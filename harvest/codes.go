package harvest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
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

// CodeNames holds a code's name per language.
type CodeNames struct{ NL, FR, EN string }

var codeKey = regexp.MustCompile(`[^a-z0-9]+`)

// AddCode creates a code of partnership pid; only its coordinators and partners may.
func AddCode(ctx context.Context, d *db.DB, sc people.Scope, pid int64, n CodeNames) (Code, error) {
	if !sc.Member(pid) {
		return Code{}, apperr.NotFound()
	}
	if !canReview(sc, pid) {
		return Code{}, apperr.Forbidden()
	}
	n = trimNames(n)
	if n.NL == "" {
		v := apperr.Invalid{}
		v.Add("name_nl", "harvest.error.code_name")
		return Code{}, v.Err()
	}
	key := strings.Trim(codeKey.ReplaceAllString(strings.ToLower(n.NL), "_"), "_")
	if key == "" {
		key = "code"
	}
	p := pid
	c := Code{PartnershipID: &p, Key: key, NameNL: n.NL, NameFR: n.FR, NameEN: n.EN, Position: 100}
	err := d.Tx(ctx, func(tx *db.DB) error {
		var clash int64
		if err := tx.Q(ctx).Model(&Code{}).Where("(partnership_id IS NULL OR partnership_id = ?) AND (key = ? OR name_nl = ?)", pid, key, n.NL).Count(&clash).Error; err != nil {
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
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && c.PartnershipID != nil && !sc.Member(*c.PartnershipID)) {
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
func RenameCode(ctx context.Context, d *db.DB, sc people.Scope, id int64, n CodeNames) (Code, error) {
	c, err := editableCode(ctx, d, sc, id)
	if err != nil {
		return c, err
	}
	n = trimNames(n)
	if n.NL == "" {
		v := apperr.Invalid{}
		v.Add("name_nl", "harvest.error.code_name")
		return c, v.Err()
	}
	c.NameNL, c.NameFR, c.NameEN = n.NL, n.FR, n.EN
	if err := d.Q(ctx).Model(&c).Updates(map[string]any{"name_nl": n.NL, "name_fr": n.FR, "name_en": n.EN}).Error; err != nil {
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

func trimNames(n CodeNames) CodeNames {
	return CodeNames{strings.TrimSpace(n.NL), strings.TrimSpace(n.FR), strings.TrimSpace(n.EN)}
}
