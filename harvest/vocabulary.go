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

// vocabulary is what codes and barriers share: global presets (partnership NULL) plus
// each partnership's own terms, named in the three staff languages, retired rather than
// deleted so the outcomes that carry them keep them. T is the term's model (Code,
// Barrier); P reaches the Category it embeds, which the rules read and change.
type vocabulary[T any, P categoryOf[T]] struct {
	noun      string // for error context and as the key of a name without letters
	nameMsg   string // message: the Dutch name is missing
	existsMsg string // message: the key or Dutch name is taken
}

// categoryOf is a pointer to a term's model, through which its Category is reached
// (Go generics cannot reach an embedded struct's fields).
type categoryOf[T any] interface {
	*T
	category() *Category
}

var codeKey = regexp.MustCompile(`[^a-z0-9]+`)

// list returns the presets plus the terms of partnerships pids.
func (v vocabulary[T, P]) list(ctx context.Context, d *db.DB, pids []int64, withRetired bool) ([]T, error) {
	q := d.Q(ctx).Model(new(T))
	if len(pids) > 0 {
		q = q.Where("partnership_id IS NULL OR partnership_id IN ?", pids)
	} else {
		q = q.Where("partnership_id IS NULL")
	}
	if !withRetired {
		q = q.Where("retired_at IS NULL")
	}
	var out []T
	if err := q.Order("partnership_id IS NOT NULL, position, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("harvest: list %ss: %w", v.noun, err)
	}
	return out, nil
}

// of lists the terms usable in partnership pid (presets first), retired ones too.
func (v vocabulary[T, P]) of(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]T, error) {
	if !sc.Member(pid) {
		return nil, apperr.NotFound()
	}
	return v.list(ctx, d, []int64{pid}, true)
}

// names trims n and refuses a term without a Dutch name.
func (v vocabulary[T, P]) names(n locale.Text) (nl, fr, en string, err error) {
	nl, fr, en = trimNames(n)
	if nl == "" {
		inv := apperr.Invalid{}
		inv.Add("name_nl", v.nameMsg)
		return "", "", "", inv.Err()
	}
	return nl, fr, en, nil
}

// add creates a term of partnership pid; only its reviewers may.
func (v vocabulary[T, P]) add(ctx context.Context, d *db.DB, sc people.Scope, pid int64, n locale.Text) (T, error) {
	var zero T
	if !sc.Member(pid) {
		return zero, apperr.NotFound()
	}
	if !canReview(sc, pid) {
		return zero, apperr.Forbidden()
	}
	nl, fr, en, err := v.names(n)
	if err != nil {
		return zero, err
	}
	key := strings.Trim(codeKey.ReplaceAllString(strings.ToLower(nl), "_"), "_")
	if key == "" {
		key = v.noun
	}
	var t T
	*P(&t).category() = newCategory(pid, key, nl, fr, en)
	err = d.Tx(ctx, func(tx *db.DB) error {
		var clash int64
		if err := tx.Q(ctx).Model(new(T)).Where("(partnership_id IS NULL OR partnership_id = ?) AND (key = ? OR name_nl = ?)", pid, key, nl).Count(&clash).Error; err != nil {
			return err
		}
		if clash > 0 {
			return &apperr.Error{Kind: apperr.KindConflict, Msg: apperr.Msg(v.existsMsg),
				Fields: map[string]apperr.Message{"name_nl": apperr.Msg(v.existsMsg)}}
		}
		return tx.Q(ctx).Create(&t).Error
	})
	if err != nil {
		return zero, apperr.Wrapf(err, "harvest: add %s", v.noun)
	}
	return t, nil
}

// editable finds a term of a partnership the caller reviews; presets are shared by
// every partnership and cannot be changed by one of them.
func (v vocabulary[T, P]) editable(ctx context.Context, d *db.DB, sc people.Scope, id int64) (T, error) {
	var t T
	err := d.Q(ctx).Where("id = ?", id).Take(&t).Error
	owner := P(&t).category().Owner()
	if err == nil && owner != nil && !sc.Member(*owner) {
		return t, apperr.NotFound()
	}
	if err != nil {
		return t, fmt.Errorf("harvest: get %s %d: %w", v.noun, id, err)
	}
	if owner == nil || !canReview(sc, *owner) {
		return t, apperr.Forbidden()
	}
	return t, nil
}

// rename changes a partnership term's names.
func (v vocabulary[T, P]) rename(ctx context.Context, d *db.DB, sc people.Scope, id int64, n locale.Text) (T, error) {
	t, err := v.editable(ctx, d, sc, id)
	if err != nil {
		return t, err
	}
	nl, fr, en, err := v.names(n)
	if err != nil {
		return t, err
	}
	P(&t).category().setNames(nl, fr, en)
	if err := d.Q(ctx).Model(&t).Updates(map[string]any{"name_nl": nl, "name_fr": fr, "name_en": en}).Error; err != nil {
		return t, fmt.Errorf("harvest: rename %s %d: %w", v.noun, id, err)
	}
	return t, nil
}

// retire takes a term out of use (retire true) or back in. Retired terms stay on the
// outcomes that have them and still count in aggregates.
func (v vocabulary[T, P]) retire(ctx context.Context, d *db.DB, sc people.Scope, id int64, retire bool, now time.Time) (T, error) {
	t, err := v.editable(ctx, d, sc, id)
	if err != nil {
		return t, err
	}
	var at *time.Time
	if retire {
		u := now.UTC()
		at = &u
	}
	if err := d.Q(ctx).Model(&t).Update("retired_at", at).Error; err != nil {
		return t, fmt.Errorf("harvest: retire %s %d: %w", v.noun, id, err)
	}
	P(&t).category().RetiredAt = at
	return t, nil
}

// trimNames returns a term's names in its three columns (nl, fr, en), trimmed.
func trimNames(n locale.Text) (nl, fr, en string) {
	nl, fr, en = n.Staff()
	return strings.TrimSpace(nl), strings.TrimSpace(fr), strings.TrimSpace(en)
}
