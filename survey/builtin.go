package survey

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"oogst/db"
)

// BuiltinReflection is the key of the built-in outcome-harvesting reflection form.
const BuiltinReflection = "reflection"

//go:embed builtin/reflection.json
var reflectionJSON string

// BuiltinDefinition returns the shipped reflection form.
func BuiltinDefinition() Definition {
	d, err := ParseDefinition(reflectionJSON)
	if err != nil {
		panic(err) // embedded at build time; TestBuiltinFormIsComplete guards it
	}
	return d
}

// EnsureBuiltin makes sure the built-in reflection form exists with a published version
// equal to the shipped file, publishing a new version when the file changed. Safe to
// call from several processes at once (the builtin key is unique).
func EnsureBuiltin(ctx context.Context, d *db.DB, now time.Time) (Form, FormVersion, error) {
	def := BuiltinDefinition()
	enc := def.Encode()
	var f Form
	err := d.Q(ctx).Where("builtin = ?", BuiltinReflection).First(&f).Error
	if db.IsNotFound(err) {
		f = Form{Builtin: BuiltinReflection, Kind: KindReflection, Name: def.Title["nl"], Draft: enc, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		err = d.Q(ctx).Create(&f).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			err = d.Q(ctx).Where("builtin = ?", BuiltinReflection).First(&f).Error
		}
	}
	if err != nil {
		return f, FormVersion{}, fmt.Errorf("survey: ensure built-in form: %w", err)
	}
	v, err := LatestVersion(ctx, d, f.ID)
	if err == nil && v.Definition == enc {
		return f, v, nil
	}
	if err != nil && !db.IsNotFound(err) {
		return f, v, err
	}
	next := FormVersion{FormID: f.ID, Version: v.Version + 1, Definition: enc, PublishedAt: now.UTC()}
	err = d.Q(ctx).Create(&next).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// Another process published it at the same moment.
		next, err = LatestVersion(ctx, d, f.ID)
	}
	if err != nil {
		return f, next, fmt.Errorf("survey: publish built-in form: %w", err)
	}
	if f.Draft != enc {
		d.Q(ctx).Model(&f).Updates(map[string]any{"draft": enc, "updated_at": now.UTC()})
	}
	return f, next, nil
}

// LatestVersion returns the newest published version of a form (not found
// when it was never published).
func LatestVersion(ctx context.Context, tx *db.DB, formID int64) (FormVersion, error) {
	var v FormVersion
	err := tx.Q(ctx).Where("form_id = ?", formID).Order("version DESC").First(&v).Error
	return v, err
}
