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
		p := v
		if i := strings.IndexAny(v, "?#"); i >= 0 {
			p = v[:i]
		}
		if strings.Contains(p, "//") || strings.Contains(v, `\`) || strings.HasPrefix(v, "/\\") {
			return false
		}
		// A second decoding must not find more: %252F is an encoded "%2F".
		if strings.Contains(strings.ToLower(v), "%2f") || strings.Contains(strings.ToLower(v), "%5c") {
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
