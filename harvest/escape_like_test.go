package harvest

import "testing"

func TestEscapeLike(t *testing.T) {
	for in, want := range map[string]string{
		`crèche`:    `crèche`,
		`50%_done\`: `50\%\_done\\`,
	} {
		if got := escapeLike(in); got != want {
			t.Errorf("escapeLike(%q) = %q, want %q", in, got, want)
		}
	}
	// Searches run on every filtered inbox page; a plain word must not allocate.
	if a := testing.AllocsPerRun(100, func() { escapeLike("crèche") }); a != 0 {
		t.Errorf("escapeLike of a plain word allocates %v times, want 0", a)
	}
}
