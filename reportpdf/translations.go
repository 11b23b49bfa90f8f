package reportpdf

import (
	"oogst/harvest"
	"oogst/locale"
)

// translations prints an outcome's translations after its original, each under a
// heading naming the language, a machine draft nobody checked marked as such (#17).
func (d *doc) translations(o harvest.Outcome) {
	t := d.t
	for _, tr := range o.Translations {
		if tr.ChangeText == "" && tr.Summary == "" {
			continue
		}
		name := tr.Lang
		if l, ok := locale.Lookup(tr.Lang); ok {
			name = l.Name
		}
		head := t.T("translate.translation_into", "Language", name)
		if tr.Draft() {
			head += " · " + t.T("translate.machine_draft")
		}
		d.text(head, true, 9)
		if tr.ChangeText != "" {
			d.text(tr.ChangeText, false, 10)
		}
		if tr.Lang != "nl" && tr.Summary != "" {
			d.text(t.T("translate.summary")+": "+tr.Summary, false, 10)
		}
	}
}
