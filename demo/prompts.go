package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"oogst/db"
	"oogst/survey"
)

// prompts are machine-synthesised placeholder recordings (see prompts/README.md) of the
// built-in reflection form and the tablet's own words, in every language of DEMO42.
//
//go:embed prompts/*/*.ogg
var prompts embed.FS

// LoadPrompts stores the placeholder prompts on the built-in reflection form through
// the ordinary prompt mechanism (rows in survey_prompts, files in dataDir's uploads),
// skipping those already there. It returns how many it added.
func LoadPrompts(ctx context.Context, d *db.DB, dataDir string) (int, error) {
	var f survey.Form
	err := d.Q(ctx).Where("builtin = ?", survey.BuiltinReflection).First(&f).Error
	if db.IsNotFound(err) {
		return 0, nil // no demo round: nothing to read aloud
	}
	if err != nil {
		return 0, fmt.Errorf("demo: prompts: %w", err)
	}
	files, err := fs.Glob(prompts, "prompts/*/*.ogg")
	if err != nil {
		return 0, err
	}
	added := 0
	now := time.Now()
	for _, name := range files {
		b, err := prompts.ReadFile(name)
		if err != nil {
			return added, err
		}
		lang := path.Base(path.Dir(name))
		key := strings.TrimSuffix(path.Base(name), ".ogg")
		created, err := survey.ImportPrompt(ctx, d, dataDir, f.ID, key, lang, bytes.NewReader(b), now)
		if err != nil {
			return added, fmt.Errorf("demo: prompts: %w", err)
		}
		if created {
			added++
		}
	}
	return added, nil
}
