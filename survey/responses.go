package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// AnswerView is one answer as staff read it: the question's Dutch text, the answer as
// text (option labels in Dutch) and the voice attachment to play, if any.
type AnswerView struct {
	QuestionID, Question, Text, Voice string
}

// ResponseView is one response for the staff list.
type ResponseView struct {
	ClientID    string
	SubmittedAt time.Time
	Language    string
	CursistCode string // "" when anonymous
	Answers     []AnswerView
	Late        bool // received after the round closed
	Accepted    bool // accepted by a coordinator from the undeliverable list
}

// RoundResponses lists the responses of a round the caller may see (mentors: rounds of
// their own group), newest first.
func RoundResponses(ctx context.Context, d *db.DB, sc people.Scope, roundID int64) ([]ResponseView, error) {
	r, err := GetRound(ctx, d, sc, roundID)
	if err != nil {
		return nil, err
	}
	var rows []Response
	if err := d.Q(ctx).Where("round_id = ?", r.ID).Order("submitted_at DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("survey: responses of round %d: %w", r.ID, err)
	}
	defs := map[int64]Definition{}
	codes := map[int64]string{}
	var cs []people.Cursist
	if err := d.Q(ctx).Where("partnership_id = ?", r.PartnershipID).Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("survey: cursists: %w", err)
	}
	for _, c := range cs {
		codes[c.ID] = c.Code
	}
	out := make([]ResponseView, 0, len(rows))
	for _, row := range rows {
		def, ok := defs[row.FormVersionID]
		if !ok {
			var v FormVersion
			if err := d.Q(ctx).First(&v, row.FormVersionID).Error; err != nil {
				return nil, fmt.Errorf("survey: version %d: %w", row.FormVersionID, err)
			}
			if def, err = ParseDefinition(v.Definition); err != nil {
				return nil, err
			}
			defs[row.FormVersionID] = def
		}
		rv := ResponseView{ClientID: row.ClientID, SubmittedAt: row.SubmittedAt, Language: row.Language, Late: row.Late, Accepted: row.AcceptedBy != nil}
		if row.CursistID != nil {
			rv.CursistCode = codes[*row.CursistID]
		}
		var answers map[string]json.RawMessage
		_ = json.Unmarshal([]byte(row.Answers), &answers)
		for _, q := range def.Questions {
			raw, ok := answers[q.ID]
			if !ok {
				continue
			}
			rv.Answers = append(rv.Answers, answerView(q, raw))
		}
		out = append(out, rv)
	}
	return out, nil
}

func answerView(q Question, raw json.RawMessage) AnswerView {
	a := AnswerView{QuestionID: q.ID, Question: q.Text[locale.Default]}
	label := func(id string) string {
		if o, ok := q.Option(id); ok {
			return o.Text[locale.Default]
		}
		return id
	}
	var s string
	var ss []string
	var n int
	var va VoiceAnswer
	switch {
	case q.Type == Voice && json.Unmarshal(raw, &s) == nil:
		a.Voice = s
	case (q.Type == SingleChoice || q.Type == Sign) && json.Unmarshal(raw, &s) == nil:
		a.Text = label(s)
	case json.Unmarshal(raw, &s) == nil:
		a.Text = s
	case json.Unmarshal(raw, &ss) == nil:
		labels := make([]string, len(ss))
		for i, x := range ss {
			labels[i] = label(x)
		}
		a.Text = strings.Join(labels, ", ")
	case json.Unmarshal(raw, &n) == nil:
		a.Text = strconv.Itoa(n)
	case json.Unmarshal(raw, &va) == nil:
		a.Text, a.Voice = va.Text, va.Voice
	}
	return a
}
