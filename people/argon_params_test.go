package people_test

import (
	"strings"
	"testing"

	"oogst/people"
)

// TestPasswordHashUsesProductionParameters: accounts made through the app are hashed
// with OWASP's argon2id minimum (19 MiB, two passes, one lane). Test fixtures store a
// cheaper hash of their own (testkit), so this is where the real figures are checked.
func TestPasswordHashUsesProductionParameters(t *testing.T) {
	t.Parallel()
	h, err := people.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; !strings.HasPrefix(h, want) {
		t.Errorf("hash %q does not start with %q", h, want)
	}
	if parts := strings.Split(h, "$"); len(parts) != 6 || len(parts[4]) != 22 || len(parts[5]) != 43 {
		t.Errorf("hash %q: want a 16-byte salt and a 32-byte key (base64, no padding)", h)
	}
}
