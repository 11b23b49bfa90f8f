package survey

import (
	"encoding/json"
	"testing"
)

// BenchmarkCheckAnswers measures the per-submission validation of a realistic
// reflection (three answers, ~300 characters) against the built-in form and its
// canonical JSON: the CPU part of the submission hot path that does not touch the
// database, from answers already decoded.
func BenchmarkCheckAnswers(b *testing.B) {
	def := BuiltinDefinition()
	var s Submission
	if err := json.Unmarshal(benchBody, &s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		as := make([]answered, 0, len(s.Answers))
		for i := range def.Questions {
			a, msg, _ := checkAnswer(&def.Questions[i], s.Answers[def.Questions[i].ID])
			if msg != "" {
				b.Fatalf("%s: %s", def.Questions[i].ID, msg)
			}
			if a.shape != ShapeNone {
				as = append(as, a)
			}
		}
		_ = encodeAnswers(as)
	}
}

var benchBody = []byte(`{"id":"4f5bd0c6-8a7e-4c55-9a43-0d2b8f0f4f11","language":"nl","cursist":null,"answers":{"change":"Vorige week heb ik in de crèche zelf met een ouder gepraat over de dag van haar kind. Vroeger durfde ik dat niet.","sign":"positive","significance":"Het is belangrijk omdat ik nu meer vertrouwen heb en de ouders mij ook beter begrijpen.","blocks":["guidance","workplace"]}}`)

func benchAnswers() map[string]json.RawMessage {
	var s struct {
		Answers map[string]json.RawMessage `json:"answers"`
	}
	_ = json.Unmarshal(benchBody, &s)
	return s.Answers
}

// BenchmarkDecodeAnswersOnly is BenchmarkCheckAnswers' baseline: the same answers
// decoded into plain Go values and encoded again, with no validation at all.
func BenchmarkDecodeAnswersOnly(b *testing.B) {
	raw := benchAnswers()
	b.ReportAllocs()
	for b.Loop() {
		clean := map[string]any{}
		for id, v := range raw {
			var val any
			if err := json.Unmarshal(v, &val); err != nil {
				b.Fatal(err)
			}
			clean[id] = val
		}
		if _, err := json.Marshal(clean); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubmissionCPU is one submission's CPU work outside the database: decode the
// request body, validate against the form, canonical answers JSON, map onto a
// reflection. (The same steps on main's code gave the "before" figure in BENCHMARKS.md.)
func BenchmarkSubmissionCPU(b *testing.B) {
	def := BuiltinDefinition()
	r := Round{ID: 1, PartnershipID: 1, Title: "R", GroupName: "G"}
	ver := FormVersion{ID: 1, FormID: 1, Version: 1}
	b.ReportAllocs()
	for b.Loop() {
		var s Submission
		if err := json.Unmarshal(benchBody, &s); err != nil {
			b.Fatal(err)
		}
		p := &pending{round: r, ver: ver, def: def, answers: make([]answered, 0, len(s.Answers))}
		for i := range def.Questions {
			a, msg, _ := checkAnswer(&def.Questions[i], s.Answers[def.Questions[i].ID])
			if msg != "" {
				b.Fatal(msg)
			}
			if a.shape != ShapeNone {
				p.answers = append(p.answers, a)
			}
		}
		p.setRow(s.ID, s, r.OpensAt, r.OpensAt, false)
		_ = p.reflection()
	}
}
