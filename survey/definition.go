package survey

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"oogst/apperr"
	"oogst/locale"
)

// QType is a question type.
type QType string

const (
	LongText       QType = "long_text"
	ShortText      QType = "short_text"
	SingleChoice   QType = "single_choice"
	MultipleChoice QType = "multiple_choice"
	Sign           QType = "sign"
	Scale          QType = "scale"
	Voice          QType = "voice"
)

// QTypes lists every question type, in the editor's order.
var QTypes = []QType{LongText, ShortText, SingleChoice, MultipleChoice, Sign, Scale, Voice}

// Valid reports whether t is a known type.
func (t QType) Valid() bool { return slices.Contains(QTypes, t) }

// SignValues are the answers of a sign question, in order.
var SignValues = []string{"positive", "negative", "both"}

// Roles lists the reflection roles a question may carry.
var Roles = []string{RoleChange, RoleSignificance, RoleSign, RoleBlocks, RoleContribution}

// Limits on answers.
const (
	MaxLongText  = 5000
	MaxShortText = 500
)

// Option is one choice of a choice or sign question. Icon names a picture the tablet
// shows beside it (for the building blocks).
type Option struct {
	ID   string      `json:"id"`
	Text locale.Text `json:"text"`
	Icon string      `json:"icon,omitempty"`
}

// Question is one question of a form. ID is stable across versions ("q1", "change").
//
// Voice answers: a long_text question with AllowVoice accepts, instead of a plain
// string, an object {"text": "...", "voice": "<attachment uuid>"} (either part may be
// empty but not both). A question of type voice takes the attachment uuid as a string.
type Question struct {
	ID         string      `json:"id"`
	Type       QType       `json:"type"`
	Required   bool        `json:"required"`
	Role       string      `json:"role,omitempty"`
	Text       locale.Text `json:"text"`
	Help       locale.Text `json:"help,omitempty"`
	Options    []Option    `json:"options,omitempty"`
	Min        *int        `json:"min,omitempty"`
	Max        *int        `json:"max,omitempty"`
	AllowVoice bool        `json:"allow_voice,omitempty"`
}

// Option returns the option with id.
func (q Question) Option(id string) (Option, bool) {
	for _, o := range q.Options {
		if o.ID == id {
			return o, true
		}
	}
	return Option{}, false
}

// Definition is a whole form: its title, the languages it offers and its questions.
type Definition struct {
	Title     locale.Text `json:"title"`
	Languages []string    `json:"languages"`
	Questions []Question  `json:"questions"`
}

// Question returns the question with id.
func (d *Definition) Question(id string) (*Question, bool) {
	for i := range d.Questions {
		if d.Questions[i].ID == id {
			return &d.Questions[i], true
		}
	}
	return nil, false
}

// QuestionWithRole returns the first question carrying a reflection role.
func (d *Definition) QuestionWithRole(role string) (*Question, bool) {
	for i := range d.Questions {
		if d.Questions[i].Role == role {
			return &d.Questions[i], true
		}
	}
	return nil, false
}

// Offers reports whether the form offers lang.
func (d *Definition) Offers(lang string) bool { return slices.Contains(d.Languages, lang) }

// ParseDefinition decodes a stored definition.
func ParseDefinition(s string) (Definition, error) {
	var d Definition
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return d, fmt.Errorf("survey: decode form definition: %w", err)
	}
	return d, nil
}

// Encode returns the definition as JSON for storage.
func (d Definition) Encode() string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // plain maps, slices and strings always marshal
	}
	return string(b)
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ValidID reports whether s can be a question or option id.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// Validate checks the structure of a definition (as saved in the editor): ids, types,
// options, scale bounds, roles, languages. Field keys are "languages", "title" or
// "<question id>" / "<question id>.options".
func (d *Definition) Validate() error {
	v := apperr.Invalid{}
	if len(d.Languages) == 0 || !d.Offers(locale.Default) {
		v.Add("languages", "survey.err.languages_need_dutch")
	}
	for _, l := range d.Languages {
		if !locale.Supported(l) {
			v.Add("languages", "survey.err.unknown_language")
		}
	}
	if d.Title[locale.Default] == "" {
		v.Add("title", "error.required")
	}
	seen := map[string]bool{}
	roles := map[string]bool{}
	for _, q := range d.Questions {
		switch {
		case !ValidID(q.ID):
			v.Add(q.ID, "survey.err.bad_id")
			continue
		case seen[q.ID]:
			v.Add(q.ID, "survey.err.duplicate_id")
			continue
		}
		seen[q.ID] = true
		if !q.Type.Valid() {
			v.Add(q.ID, "survey.err.bad_type")
			continue
		}
		if q.Role != "" {
			if !slices.Contains(Roles, q.Role) {
				v.Add(q.ID, "survey.err.bad_role")
			} else if roles[q.Role] {
				v.Add(q.ID, "survey.err.duplicate_role")
			}
			roles[q.Role] = true
		}
		switch q.Type {
		case SingleChoice, MultipleChoice, Sign:
			if len(q.Options) == 0 {
				v.Add(q.ID+".options", "survey.err.no_options")
			}
			ids := map[string]bool{}
			for _, o := range q.Options {
				if !ValidID(o.ID) || ids[o.ID] {
					v.Add(q.ID+".options", "survey.err.bad_option_id")
				}
				if q.Type == Sign && !slices.Contains(SignValues, o.ID) {
					v.Add(q.ID+".options", "survey.err.bad_sign_option")
				}
				ids[o.ID] = true
			}
		case Scale:
			if q.Min == nil || q.Max == nil || *q.Min >= *q.Max || *q.Max-*q.Min > 100 {
				v.Add(q.ID, "survey.err.bad_scale")
			}
		}
	}
	return v.Err()
}

// ValidateForPublish adds to Validate: at least one question, and every text (question,
// option, title) present in every offered language. Each missing piece is reported on
// its question with the languages that lack it.
func (d *Definition) ValidateForPublish() error {
	if err := d.Validate(); err != nil {
		return err
	}
	v := apperr.Invalid{}
	if len(d.Questions) == 0 {
		v.Add("questions", "survey.err.no_questions")
	}
	if m := missing(d.Title, d.Languages); m != "" {
		v.Add("title", "survey.err.missing_translations", "Languages", m)
	}
	for _, q := range d.Questions {
		texts := []locale.Text{q.Text}
		for _, o := range q.Options {
			texts = append(texts, o.Text)
		}
		var langs []string
		for _, t := range texts {
			for _, l := range d.Languages {
				if t[l] == "" && !slices.Contains(langs, l) {
					langs = append(langs, l)
				}
			}
		}
		if len(langs) > 0 {
			v.Add(q.ID, "survey.err.missing_translations", "Languages", joinLangs(langs))
		}
	}
	return v.Err()
}

func missing(t locale.Text, langs []string) string {
	var out []string
	for _, l := range langs {
		if t[l] == "" {
			out = append(out, l)
		}
	}
	return joinLangs(out)
}

func joinLangs(tags []string) string {
	s := ""
	for i, t := range tags {
		if i > 0 {
			s += ", "
		}
		if l, ok := locale.Lookup(t); ok {
			s += l.Name
		} else {
			s += t
		}
	}
	return s
}
