package survey

import (
	"encoding/json"
	"testing"
)

// FuzzCheckAnswer feeds arbitrary JSON to every question type of the built-in form
// plus a scale: validation must never panic, and an accepted value must re-encode.
// Run longer with: go test ./survey/ -run '^$' -fuzz FuzzCheckAnswer -fuzztime 60s
func FuzzCheckAnswer(f *testing.F) {
	for _, s := range []string{`"text"`, `null`, `[]`, `["training","workplace"]`, `{"text":"a","voice":"9a1e0c52-7d1b-4c55-9d8a-000000000001"}`,
		`{"voice":"x"}`, `3`, `3.5`, `1e400`, `"positive"`, `{"text":1}`, `[1,2]`, `"\u0000"`, `"` + string([]byte{0xff}) + `"`} {
		f.Add([]byte(s))
	}
	def := BuiltinDefinition()
	one, five := 1, 5
	def.Questions = append(def.Questions, Question{ID: "scale", Type: Scale, Min: &one, Max: &five}, Question{ID: "voice", Type: Voice}, Question{ID: "short", Type: ShortText})
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		var a Answer
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatalf("valid JSON %q does not decode as an answer: %v", raw, err)
		}
		for i := range def.Questions {
			val, msg, _ := checkAnswer(&def.Questions[i], a)
			if msg == "" && val.shape != ShapeNone {
				if enc := encodeAnswers([]answered{val}); !json.Valid([]byte(enc)) {
					t.Fatalf("accepted value encodes as invalid JSON %q", enc)
				}
			}
		}
	})
}

// FuzzDefinitionValidate decodes arbitrary form definitions: Validate and
// ValidateForPublish must never panic.
func FuzzDefinitionValidate(f *testing.F) {
	f.Add(reflectionJSON)
	f.Add(`{"title":{"nl":"x"},"languages":["nl"],"questions":[{"id":"s","type":"scale","min":5,"max":1}]}`)
	f.Add(`{"languages":["xx"],"questions":[{"id":"","type":"sign","options":[{"id":"up"}]}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDefinition(s)
		if err != nil {
			return
		}
		_ = d.Validate()
		_ = d.ValidateForPublish()
	})
}
