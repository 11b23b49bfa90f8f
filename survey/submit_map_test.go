package survey

import (
	"encoding/json"
	"testing"
)

// The stored answers are built by hand; they must be the bytes encoding/json gives for
// the same values, so that answers stored before and after the change look alike.
func TestEncodeAnswersMatchesEncodingJSON(t *testing.T) {
	strs := []string{"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f",
		"Annemle Hollandaca konuştum.", "مرحبا", "line\u2028sep\u2029para", string([]byte{'a', 0xff, 'b'}), "emoji 😀", "é" + string([]byte{0xc3})}
	for _, s := range strs {
		q1, q2, q3 := &Question{ID: "a"}, &Question{ID: "b"}, &Question{ID: "c"}
		as := []answered{
			{q: q3, shape: ShapeList, list: []string{s, "x"}},
			{q: q1, shape: ShapeString, text: s},
			{q: q2, shape: ShapeVoice, text: s, voice: "9a1e0c52-7d1b-4c55-9d8a-000000000001"},
			{q: &Question{ID: "d<"}, shape: ShapeNumber, num: -7},
		}
		want, _ := json.Marshal(map[string]any{"a": s, "b": VoiceAnswer{Text: s, Voice: "9a1e0c52-7d1b-4c55-9d8a-000000000001"}, "c": []string{s, "x"}, "d<": -7})
		if got := encodeAnswers(as); got != string(want) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("<a href=\"x\">\u2028\x00é")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: got %s want %s", s, got, want)
		}
	})
}
