package survey

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Submission is what a tablet posts (and what the staff answer form is turned into).
// Answers are decoded straight from the request into typed values; which shapes each
// question type takes is checked against the form later (validate):
// long_text/short_text: a string (long_text with allow_voice also {"text", "voice"});
// single_choice and sign: an option id; multiple_choice: an array of option ids;
// scale: an integer; voice: an attachment uuid. null, "" and [] mean "not answered".
type Submission struct {
	ID             string            `json:"id"`
	Language       string            `json:"language"`
	Cursist        *string           `json:"cursist"`
	Answers        map[string]Answer `json:"answers"`
	ConsentVersion string            `json:"consent_version,omitempty"`
	// Started is the signed start token the round JSON gave the tablet when this person
	// began; it lets a reflection that arrives after the round closed be stored (late).
	Started string `json:"started,omitempty"`
	// Link is the personal link's token when the cursist came in through one: it
	// names her, and her reflection spends it.
	Link string `json:"link,omitempty"`
}

// AnswerShape is the JSON shape an answer arrived in.
type AnswerShape uint8

const (
	// ShapeNone: null, "" or [] (not answered).
	ShapeNone AnswerShape = iota
	ShapeString
	ShapeList   // an array of strings
	ShapeNumber // a finite number
	ShapeVoice  // {"text", "voice"}
	// ShapeOther: valid JSON no question takes (true, {"x":1}, [1]); the form check
	// answers it with submit.wrong_type for that question alone.
	ShapeOther
)

// Answer is one decoded answer. Decoding never fails on valid JSON: a shape the question
// does not take is a field error of that question, not a bad request body.
type Answer struct {
	Shape AnswerShape
	Text  string   // ShapeString, or the text of ShapeVoice
	Voice string   // ShapeVoice: the recording's uuid
	List  []string // ShapeList
	Num   float64  // ShapeNumber
}

// TextAnswer is a string answer (text, an option id or a voice uuid).
func TextAnswer(s string) Answer {
	if s == "" {
		return Answer{}
	}
	return Answer{Shape: ShapeString, Text: s}
}

// ListAnswer is a multiple-choice answer.
func ListAnswer(ids ...string) Answer {
	if len(ids) == 0 {
		return Answer{}
	}
	return Answer{Shape: ShapeList, List: ids}
}

// NumberAnswer is a scale answer.
func NumberAnswer(n float64) Answer { return Answer{Shape: ShapeNumber, Num: n} }

// VoiceTextAnswer is a long_text answer with a recording.
func VoiceTextAnswer(text, voice string) Answer {
	return Answer{Shape: ShapeVoice, Text: text, Voice: voice}
}

// UnmarshalJSON decodes one answer by its first byte, without an intermediate value.
func (a *Answer) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*a = Answer{Shape: ShapeOther}
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case 'n':
		a.Shape = ShapeNone
	case '"':
		if err := json.Unmarshal(b, &a.Text); err != nil {
			return err
		}
		a.Shape = ShapeString
		if a.Text == "" {
			a.Shape = ShapeNone
		}
	case '[':
		if json.Unmarshal(b, &a.List) != nil {
			a.List = nil
			return nil // [1], [null]: other
		}
		a.Shape = ShapeList
		if len(a.List) == 0 {
			a.Shape = ShapeNone
		}
	case '{':
		var va VoiceAnswer
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if dec.Decode(&va) == nil {
			a.Shape, a.Text, a.Voice = ShapeVoice, va.Text, va.Voice
		}
	case 't', 'f':
	default:
		if f, err := strconv.ParseFloat(string(b), 64); err == nil {
			a.Shape, a.Num = ShapeNumber, f
		}
	}
	return nil
}

// StoredResponse is the API's view of a stored response: the same bytes every time the
// same client id is sent.
type StoredResponse struct {
	ID             string          `json:"id"`
	Round          string          `json:"round"`
	FormID         int64           `json:"form_id"`
	FormVersion    int             `json:"form_version"`
	Language       string          `json:"language"`
	Cursist        *string         `json:"cursist"`
	Answers        json.RawMessage `json:"answers"`
	ConsentVersion string          `json:"consent_version,omitempty"`
	SubmittedAt    time.Time       `json:"submitted_at"`
	Late           bool            `json:"late,omitempty"`
}

// VoiceAnswer is the object form of a long_text answer with a voice recording.
type VoiceAnswer struct {
	Text  string `json:"text"`
	Voice string `json:"voice"`
}

// CanonicalUUID parses a client id and returns it in lower-case canonical form.
func CanonicalUUID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 36 {
		return "", false
	}
	u, err := uuid.Parse(s)
	if err != nil {
		return "", false
	}
	return u.String(), true
}

// MarshalJSON writes the answer back in the shape it arrived in (ShapeOther as null).
func (a Answer) MarshalJSON() ([]byte, error) {
	switch a.Shape {
	case ShapeString:
		return json.Marshal(a.Text)
	case ShapeList:
		return json.Marshal(a.List)
	case ShapeNumber:
		return json.Marshal(a.Num)
	case ShapeVoice:
		return json.Marshal(VoiceAnswer{Text: a.Text, Voice: a.Voice})
	}
	return []byte("null"), nil
}

// AnswerOf makes an answer from a Go value, for seeding and tests: a string, []string,
// a number or a VoiceAnswer (nil: not answered); anything else as its JSON would decode.
func AnswerOf(v any) Answer {
	switch x := v.(type) {
	case nil:
		return Answer{}
	case string:
		return TextAnswer(x)
	case []string:
		return ListAnswer(x...)
	case int:
		return NumberAnswer(float64(x))
	case float64:
		return NumberAnswer(x)
	case VoiceAnswer:
		return VoiceTextAnswer(x.Text, x.Voice)
	}
	var a Answer
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, &a)
	}
	if err != nil {
		return Answer{Shape: ShapeOther}
	}
	return a
}
