package server

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Excel refuses sheet names over 31 characters, with any of : \ / ? * [ ], or equal to
// another sheet's name in any case; translated chart titles can be all of these.
func TestSheetNamesAreValidAndUnique(t *testing.T) {
	t.Parallel()
	used := map[string]bool{}
	titles := []string{
		"Uitkomsten per code, positief en negatief", // 41 characters
		"Uitkomsten per code, positief en negatief", // the same again
		"Ratio: a/b [x]?*",
		"uitkomsten per code, positief e", // equal to the first, cut, in another case
		"",
		"Résultats par thème – ligne temporelle très longue",
	}
	seen := map[string]bool{}
	for i, title := range titles {
		name := sheetName(title, i, used)
		if name == "" || utf8.RuneCountInString(name) > 31 || strings.ContainsAny(name, `:\/?*[]`) {
			t.Errorf("%q → invalid sheet name %q", title, name)
		}
		if seen[strings.ToLower(name)] {
			t.Errorf("%q → %q repeats an earlier sheet", title, name)
		}
		seen[strings.ToLower(name)] = true
	}
	if got := sheetName("Uitkomsten per groep", 9, map[string]bool{}); got != "Uitkomsten per groep" {
		t.Errorf("a short, valid title changed: %q", got)
	}
}
