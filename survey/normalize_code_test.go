package survey

import "testing"

func TestNormalizeCode(t *testing.T) {
	for in, want := range map[string]string{
		"DEMO42":      "DEMO42",
		" demo-42 ":   "DEMO42",
		"de mo - 4 2": "DEMO42",
		"":            "",
	} {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
	// Every tablet request looks its round up by code: a code typed as shown must not
	// cost an allocation (the replacer used to be built on every call).
	if a := testing.AllocsPerRun(100, func() { NormalizeCode("DEMO42") }); a != 0 {
		t.Errorf("NormalizeCode of a clean code allocates %v times, want 0", a)
	}
}

// Run: go test ./survey -run '^$' -bench NormalizeCode -benchmem
func BenchmarkNormalizeCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if NormalizeCode("demo-42") != "DEMO42" {
			b.Fatal("wrong code")
		}
	}
}
