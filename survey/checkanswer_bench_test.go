package survey

import (
	"encoding/json"
	"testing"
)

// BenchmarkCheckAnswers measures the per-submission validation of a realistic
// reflection (three answers, ~300 characters) against the built-in form: the CPU part
// of the submission hot path that does not touch the database.
func BenchmarkCheckAnswers(b *testing.B) {
	def := BuiltinDefinition()
	raw := benchAnswers()
	b.ReportAllocs()
	for b.Loop() {
		clean := map[string]any{}
		for _, q := range def.Questions {
			v, ok := raw[q.ID]
			if !ok {
				continue
			}
			val, _, msg, _ := checkAnswer(q, v)
			if msg != "" {
				b.Fatalf("%s: %s", q.ID, msg)
			}
			clean[q.ID] = val
		}
		if _, err := json.Marshal(clean); err != nil {
			b.Fatal(err)
		}
	}
}

func benchAnswers() map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"change":       json.RawMessage(`"Vorige week heb ik in de crèche zelf met een ouder gepraat over de dag van haar kind. Vroeger durfde ik dat niet."`),
		"sign":         json.RawMessage(`"positive"`),
		"significance": json.RawMessage(`"Het is belangrijk omdat ik nu meer vertrouwen heb en de ouders mij ook beter begrijpen."`),
		"blocks":       json.RawMessage(`["guidance","workplace"]`),
	}
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
