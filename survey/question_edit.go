package survey

import (
	"fmt"
	"slices"
	"strings"

	"oogst/apperr"
	"oogst/locale"
)

// The form editor's rules for a question and for the form's settings, applied to a
// draft definition inside EditForm/EditFormFrom (which then validates the whole
// definition). The server only reads the HTML form into these types.

// QuestionEdit is one question as the editor sent it. Text, Help and each option's
// Text hold only the languages the editor sent: a language not sent keeps its text, a
// blank one is removed.
type QuestionEdit struct {
	New        bool   // sent from the add-question form, not as an edit of a listed question
	ID         string // blank: the next free "qN"
	Type       QType
	Required   bool
	AllowVoice bool // kept for long-text questions only
	Role       string
	Min, Max   *int // kept for scale questions only
	Text, Help map[string]string
	Options    []OptionEdit // in order; rows with a blank id are left out
}

// OptionEdit is one option row of the editor.
type OptionEdit struct {
	ID, Icon string
	Text     map[string]string
}

// SaveQuestion adds the question or replaces the one with its id and returns the id.
// A new question may not take an id in use (field "new"). A sign question without
// options gets the standard signs; only choice and sign questions keep options.
func (d *Definition) SaveQuestion(e QuestionEdit) (string, error) {
	q := Question{ID: strings.TrimSpace(e.ID), Type: e.Type, Text: locale.Text{}, Help: locale.Text{}}
	if q.ID == "" {
		q.ID = d.nextQuestionID()
	}
	if old, ok := d.Question(q.ID); ok && !e.New {
		q.Text, q.Help = old.Text, old.Help
		if q.Text == nil {
			q.Text = locale.Text{}
		}
		if q.Help == nil {
			q.Help = locale.Text{}
		}
	} else if ok {
		v := apperr.Invalid{}
		v.Add("new", "survey.err.duplicate_id")
		return q.ID, v.Err()
	}
	q.Required = e.Required
	q.AllowVoice = e.AllowVoice && q.Type == LongText
	q.Role = e.Role
	if q.Type == Scale {
		q.Min, q.Max = e.Min, e.Max
	}
	setTexts(q.Text, e.Text)
	setTexts(q.Help, e.Help)
	for _, oe := range e.Options {
		id := strings.TrimSpace(oe.ID)
		if id == "" {
			continue
		}
		o := Option{ID: id, Icon: strings.TrimSpace(oe.Icon), Text: locale.Text{}}
		setTexts(o.Text, oe.Text)
		q.Options = append(q.Options, o)
	}
	if q.Type == Sign && len(q.Options) == 0 {
		for _, v := range SignValues {
			q.Options = append(q.Options, Option{ID: v, Icon: v, Text: locale.Text{}})
		}
	}
	if !slices.Contains([]QType{SingleChoice, MultipleChoice, Sign}, q.Type) {
		q.Options = nil
	}
	if old, ok := d.Question(q.ID); ok {
		*old = q
	} else {
		d.Questions = append(d.Questions, q)
	}
	return q.ID, nil
}

// SetSettings sets the offered languages (Dutch always, first, each once) and the
// title in the languages sent.
func (d *Definition) SetSettings(languages []string, title map[string]string) {
	langs := []string{locale.Default}
	for _, l := range languages {
		if l != locale.Default && !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	d.Languages = langs
	if d.Title == nil {
		d.Title = locale.Text{}
	}
	setTexts(d.Title, title)
}

// nextQuestionID is the first free "qN", counting on from the number of questions.
func (d *Definition) nextQuestionID() string {
	for i := len(d.Questions) + 1; ; i++ {
		id := fmt.Sprintf("q%d", i)
		if _, ok := d.Question(id); !ok {
			return id
		}
	}
}

// setTexts sets each sent language's text, trimmed; a blank one removes the language.
func setTexts(t locale.Text, sent map[string]string) {
	for lang, v := range sent {
		v = strings.TrimSpace(v)
		if v == "" {
			delete(t, lang)
			continue
		}
		t[lang] = v
	}
}
