// Package frontend holds the templates, static assets and locale files, embedded in the
// binary so that Oogst runs from one file on an offline network.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed templates static locales
var files embed.FS

// Templates is the html/template tree: layout.html, partials/, and one file per page.
func Templates() fs.FS { return sub("templates") }

// Static is served under /static/ (JavaScript and CSS minified; see minified.go).
func Static() fs.FS { return static() }

// Locales holds the go-i18n message files, named domain.tag.toml.
func Locales() fs.FS { return sub("locales") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // the directories are embedded at build time; this cannot fail
	}
	return f
}

// Source is the embedded tree as written (tests compare what is served with it).
func Source() fs.FS { return files }
