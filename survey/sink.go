package survey

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// Answered is a new response as other packages see it: which round and form it
// answers, and the answers of the single-value questions (text and single choice) by
// question id. Other answer types are left out.
type Answered struct {
	ResponseID, PartnershipID, RoundID, FormID int64
	FormVersion                                int
	Language                                   string
	Answers                                    map[string]string
	SubmittedAt                                time.Time
}

// ResponseSink receives every new response to a staff round (Round.ForStaff: the
// generated marker self-assessments) inside the transaction that stores it; it picks
// the rounds it knows and ignores the others. An error rolls the submission back.
type ResponseSink interface {
	ReceiveResponse(ctx context.Context, tx *gorm.DB, a Answered) error
}

// Sinks are the hooks a submission feeds; nil ones are skipped.
type Sinks struct {
	Reflections ReflectionSink
	Responses   ResponseSink
}

func answeredOf(row Response, r Round, ver FormVersion) (Answered, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(row.Answers), &raw); err != nil {
		return Answered{}, err
	}
	out := Answered{ResponseID: row.ID, PartnershipID: r.PartnershipID, RoundID: r.ID, FormID: ver.FormID, FormVersion: ver.Version,
		Language: row.Language, Answers: map[string]string{}, SubmittedAt: row.SubmittedAt}
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out.Answers[k] = s
			continue
		}
		var va VoiceAnswer
		if json.Unmarshal(v, &va) == nil && va.Text != "" {
			out.Answers[k] = va.Text
		}
	}
	return out, nil
}
