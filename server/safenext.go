package server

import (
	"net/url"
	"path"
	"strings"
	"unicode"
)

// safeNext keeps redirects on this site: next must be an absolute path here, or the
// fallback is used. Browsers forgive a lot in a Location header — they drop tabs and
// newlines, read a backslash as a slash and "//host" as another site — so anything
// that could read as a scheme or a host after that forgiving, in the raw value or once
// percent-decoded, is refused rather than repaired.
func safeNext(next, fallback string) string {
	if !isLocalPath(next) {
		return fallback
	}
	p, rest := next, ""
	if i := strings.IndexAny(next, "?#"); i >= 0 {
		p, rest = next[:i], next[i:]
	}
	return path.Clean(p) + rest
}

func isLocalPath(next string) bool {
	if !strings.HasPrefix(next, "/") || !plainASCII(next) {
		return false
	}
	decoded, err := url.PathUnescape(next)
	if err != nil || !plainASCIIOrLetters(decoded) {
		return false
	}
	for _, v := range []string{next, decoded} {
		// An encoded slash or backslash has no business in a link back; looking for
		// them in the decoded value too refuses "%252F", which a second decoding
		// somewhere would turn into a slash.
		if lower := strings.ToLower(v); strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") {
			return false
		}
		p, _, _ := strings.Cut(v, "?")
		p, _, _ = strings.Cut(p, "#")
		if strings.Contains(p, "//") || strings.ContainsRune(v, '\\') {
			return false
		}
	}
	return true
}

// plainASCII: printable ASCII only, no space. Real links from Oogst's pages are
// percent-encoded; a raw non-ASCII character is where look-alike slashes hide.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// plainASCIIOrLetters checks the decoded value: no control character, no white space,
// and nothing outside ASCII but letters and digits (an encoded "é" in a search is
// fine, an encoded full-width solidus or a right-to-left mark is not).
func plainASCIIOrLetters(s string) bool {
	for _, r := range s {
		switch {
		case r <= ' ' || r == 0x7f:
			return false
		case r < 0x80:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		default:
			return false
		}
	}
	return true
}
