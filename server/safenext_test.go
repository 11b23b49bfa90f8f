package server

import "testing"

// TestSafeNextStaysOnSite: only same-site absolute paths pass; everything a browser
// could read as another site (after dropping tabs and newlines, turning backslashes
// into slashes, or decoding once) falls back.
func TestSafeNextStaysOnSite(t *testing.T) {
	t.Parallel()
	const fb = "/dashboard"
	cases := []struct{ in, want string }{
		// Refused.
		{"", fb},
		{"/%09/evil.example", fb},
		{"/\t/evil.example", fb},
		{"//evil", fb},
		{"///evil", fb},
		{"/\\evil", fb},
		{"\\\\evil", fb},
		{"\\/evil", fb},
		{"http://evil", fb},
		{"https:evil.example", fb},
		{"javascript:alert(1)", fb},
		{"/%2F%2Fevil", fb},
		{"/%2f/evil", fb},
		{"/%252F%252Fevil", fb},
		{"/%5Cevil", fb},
		{"/%5cevil", fb},
		{" /x", fb},
		{"/x ", fb},
		{"/x%20y", fb},
		{"/x%0d%0aSet-Cookie:a=b", fb},
		{"/x\r\nSet-Cookie:a=b", fb},
		{"/%00", fb},
		{"/%0a/evil.example", fb},
		{"/\u3000/evil", fb},            // ideographic space
		{"/\uff0f\uff0fevil", fb},       // full-width solidus, raw
		{"/%EF%BC%8F%EF%BC%8Fevil", fb}, // full-width solidus, encoded
		{"/%E2%88%95evil", fb},          // division slash
		{"/%E2%80%AEevil", fb},          // right-to-left override
		{"/x?a=%09", fb},
		{"/x#\\evil", fb},
		{"/x/..//evil", fb},
		{"evil.example", fb},
		{"%2F%2Fevil", fb},
		{"/%zz", fb},
		// Accepted (cleaned).
		{"/", "/"},
		{"/outcomes", "/outcomes"},
		{"/outcomes?status=new&page=2", "/outcomes?status=new&page=2"},
		{"/outcomes?q=caf%C3%A9", "/outcomes?q=caf%C3%A9"},
		{"/outcomes?q=a+b", "/outcomes?q=a+b"},
		{"/meetings/3#notes", "/meetings/3#notes"},
		{"/a/./b/../c", "/a/c"},
		{"/partnerships/", "/partnerships"},
	}
	for _, tc := range cases {
		if got := safeNext(tc.in, fb); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
