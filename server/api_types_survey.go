package server

import (
	"encoding/json"
	"time"

	"oogst/survey"
)

// The tablet's part of the API (see api_types_people.go). The tablet page carries the
// same round JSON as GET /rounds/{code}, so both encode apiPublicRound.

// apiPublicRound is a round and its questions in one language.
type apiPublicRound struct {
	Code             string            `json:"code"`
	Title            string            `json:"title"`
	Open             bool              `json:"open"`
	OpensAt          time.Time         `json:"opens_at"`
	ClosesAt         *time.Time        `json:"closes_at"`
	AnonymousAllowed bool              `json:"anonymous_allowed"`
	Group            string            `json:"group"`
	Languages        []string          `json:"languages"`
	Language         string            `json:"language"`
	Dir              string            `json:"dir" enum:"ltr,rtl"`
	Consent          *apiConsent       `json:"consent,omitempty" doc:"the consent text to show first, in the asked language (Dutch when it lacks one)"`
	Form             apiPublicForm     `json:"form"`
	IdleSeconds      int               `json:"idle_seconds" doc:"seconds without a touch before the tablet asks whether the person is still there"`
	Started          string            `json:"started,omitempty" doc:"signed start token (only while open): keep it with the person's answers and send it as started"`
	Closed           bool              `json:"closed" doc:"the round took answers and no longer does"`
	Identify         string            `json:"identify" enum:"list,code,anonymous" doc:"how a cursist says who she is: pick her name, type her personal code, or nobody is identified"`
	Prompts          map[string]string `json:"prompts" doc:"recorded prompts of consent texts and the tablet's own words in this language, by key (_consent.<version>, _<message id>)"`
}

func (apiPublicRound) apiName() string { return "PublicRound" }

type apiConsent struct {
	Version  string `json:"version"`
	Text     string `json:"text"`
	Fallback bool   `json:"fallback,omitempty" doc:"the text is shown in Dutch for lack of a translation"`
}

type apiPublicForm struct {
	ID        int64               `json:"id"`
	Version   int                 `json:"version"`
	Title     string              `json:"title"`
	Fallback  bool                `json:"fallback"`
	Questions []apiPublicQuestion `json:"questions"`
}

type apiPublicQuestion struct {
	ID         string            `json:"id"`
	Type       survey.QType      `json:"type"`
	Required   bool              `json:"required"`
	Role       string            `json:"role,omitempty" enum:"change,significance,sign,blocks,contribution" doc:"reflection forms: which part of an outcome the answer becomes"`
	Text       string            `json:"text"`
	Help       string            `json:"help"`
	Fallback   bool              `json:"fallback" doc:"a text of this question is shown in Dutch because the language lacks it"`
	Options    []apiPublicOption `json:"options"`
	Min        *int              `json:"min"`
	Max        *int              `json:"max"`
	AllowVoice bool              `json:"allow_voice" doc:"a voice recording may be given instead of (or beside) text"`
	MaxLength  int               `json:"max_length,omitempty"`
	AudioURL   string            `json:"audio_url,omitempty" doc:"recorded prompt for this question in this language, if any"`
}

type apiPublicOption struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Icon     string `json:"icon,omitempty" doc:"picture name (the building blocks: partnership, outreach, guidance, training, workplace, aftercare; sign: positive, negative, both)"`
	Fallback bool   `json:"fallback,omitempty"`
	AudioURL string `json:"audio_url,omitempty" doc:"recorded prompt for this option in this language, if any"`
}

func toAPIPublicRound(r survey.PublicRound) apiPublicRound {
	out := apiPublicRound{Code: r.Code, Title: r.Title, Open: r.Open, OpensAt: r.OpensAt, ClosesAt: r.ClosesAt,
		AnonymousAllowed: r.AnonymousAllowed, Group: r.Group, Languages: r.Languages, Language: r.Language, Dir: r.Dir,
		IdleSeconds: r.IdleSeconds, Started: r.Started, Closed: r.Closed, Identify: r.Identify, Prompts: r.Prompts,
		Form: apiPublicForm{ID: r.Form.ID, Version: r.Form.Version, Title: r.Form.Title, Fallback: r.Form.Fallback,
			Questions: mapList(r.Form.Questions, func(q survey.PublicQuestion) apiPublicQuestion {
				return apiPublicQuestion{ID: q.ID, Type: q.Type, Required: q.Required, Role: q.Role, Text: q.Text, Help: q.Help,
					Fallback: q.Fallback, Options: mapList(q.Options, func(o survey.PublicOption) apiPublicOption { return apiPublicOption(o) }),
					Min: q.Min, Max: q.Max, AllowVoice: q.AllowVoice, MaxLength: q.MaxLength, AudioURL: q.AudioURL}
			})}}
	if r.Consent != nil {
		c := apiConsent(*r.Consent)
		out.Consent = &c
	}
	return out
}

// apiSubmission is one cursist's answers as a tablet posts them: the documented shape
// of survey.Submission (same JSON fields), which the handler decodes into directly so
// that the answers are decoded once into typed values (survey.Answer marshals itself,
// so the schema cannot be derived from it).
type apiSubmission struct {
	ID             string                     `json:"id" format:"uuid" doc:"generated by the tablet; the idempotency key"`
	Language       string                     `json:"language"`
	Cursist        *string                    `json:"cursist" required:"false" doc:"the cursist's code, or null for an anonymous answer (always null in a round whose identify is anonymous)"`
	Answers        map[string]json.RawMessage `json:"answers" doc:"question id → value"`
	ConsentVersion string                     `json:"consent_version,omitempty"`
	Started        string                     `json:"started,omitempty" doc:"the start token of the round JSON when this person began"`
}

func (apiSubmission) apiName() string { return "Submission" }

// apiStoredResponse is a stored response: the same bytes every time its id is sent.
type apiStoredResponse struct {
	ID             string          `json:"id"`
	Round          string          `json:"round"`
	FormID         int64           `json:"form_id"`
	FormVersion    int             `json:"form_version"`
	Language       string          `json:"language"`
	Cursist        *string         `json:"cursist"`
	Answers        json.RawMessage `json:"answers" shape:"object" doc:"question id → value, as stored"`
	ConsentVersion string          `json:"consent_version,omitempty"`
	SubmittedAt    time.Time       `json:"submitted_at"`
	Late           bool            `json:"late,omitempty" doc:"received after the round closed"`
}

func (apiStoredResponse) apiName() string { return "StoredResponse" }

func toAPIStoredResponse(r survey.StoredResponse) apiStoredResponse { return apiStoredResponse(r) }

// apiAttachment is a stored voice recording.
type apiAttachment struct {
	ID   string `json:"id" format:"uuid"`
	Size int64  `json:"size"`
	Mime string `json:"mime"`
}

func (apiAttachment) apiName() string { return "Attachment" }

// apiRoundCursist is a cursist as a tablet lists her: code and first name only (also in
// her own script when staff entered it).
type apiRoundCursist struct {
	Code       string `json:"code"`
	FirstName  string `json:"first_name"`
	NativeName string `json:"display_name_native,omitempty"`
}

// apiUndeliverable is what a tablet posts about a reflection the server refused.
type apiUndeliverable struct {
	ID      string          `json:"id" format:"uuid" doc:"the submission's id"`
	Reason  string          `json:"reason"`
	Payload json.RawMessage `json:"payload" ref:"Submission" doc:"the refused submission, as the tablet sent it"`
}

// apiUndeliverableKept acknowledges a kept report.
type apiUndeliverableKept struct {
	ID string `json:"id" doc:"the submission's id, as sent"`
}
