package locale

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Bundle is the loaded set of messages for every language.
type Bundle struct {
	b *i18n.Bundle
	// Files maps a locale file name to the message IDs it defines, for tests.
	Files map[string][]string
	// raw keeps each language's parsed messages, so that plural forms can be handed to
	// the tablet's JavaScript (which picks one with Intl.PluralRules).
	raw map[string]map[string]*i18n.Message
	// localizers holds one shared localizer per shipped language, built after loading.
	localizers map[string]*Localizer
}

// Load parses every *.toml file in fsys (named like "staff.nl.toml": domain, tag).
func Load(fsys fs.FS) (*Bundle, error) {
	b := i18n.NewBundle(language.Dutch)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, fmt.Errorf("locale: list files: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("locale: no locale files found")
	}
	out := &Bundle{b: b, Files: map[string][]string{}, raw: map[string]map[string]*i18n.Message{}}
	for _, name := range files {
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locale: read %s: %w", name, err)
		}
		mf, err := b.ParseMessageFileBytes(buf, name)
		if err != nil {
			return nil, fmt.Errorf("locale: parse %s: %w", name, err)
		}
		if !Supported(mf.Tag.String()) {
			return nil, fmt.Errorf("locale: %s has unshipped language %q", name, mf.Tag)
		}
		ids := make([]string, 0, len(mf.Messages))
		tag := mf.Tag.String()
		if out.raw[tag] == nil {
			out.raw[tag] = map[string]*i18n.Message{}
		}
		for _, m := range mf.Messages {
			ids = append(ids, m.ID)
			out.raw[tag][m.ID] = m
		}
		out.Files[name] = ids
	}
	out.buildLocalizers()
	return out, nil
}

// FileDomain returns "staff" for "staff.nl.toml" and the tag "nl".
func FileDomain(name string) (domain, tag string) {
	base := strings.TrimSuffix(path.Base(name), ".toml")
	i := strings.LastIndex(base, ".")
	if i < 0 {
		return base, ""
	}
	return base[:i], base[i+1:]
}

// PluralForms returns the raw CLDR plural forms ("one", "few", "many", "other"…) of
// message id in tag, falling back to Dutch; fellBack says the Dutch text was used. The
// texts are Go templates ({{.Count}}); nil means the message does not exist.
func (b *Bundle) PluralForms(tag, id string) (forms map[string]string, fellBack bool) {
	m := b.raw[tag][id]
	if m == nil {
		m, fellBack = b.raw[Default][id], tag != Default
	}
	if m == nil {
		return nil, false
	}
	forms = map[string]string{}
	for k, v := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if v != "" {
			forms[k] = v
		}
	}
	return forms, fellBack
}
