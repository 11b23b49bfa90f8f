package server

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

// TestClientIPTrustsOnlyConfiguredProxies: forwarding headers count only when the
// direct peer is a trusted proxy, and then the client is the rightmost hop that is not
// a trusted proxy; whatever a client writes to the left of that is ignored.
func TestClientIPTrustsOnlyConfiguredProxies(t *testing.T) {
	t.Parallel()
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	cases := []struct {
		name, peer, xff, fwd string
		proxies              []netip.Prefix
		want                 string
	}{
		{"no proxies trusted, header ignored", "10.1.2.3:5000", "203.0.113.9", "", nil, "10.1.2.3"},
		{"untrusted peer spoofs the header", "198.51.100.7:5000", "203.0.113.9", "", trusted, "198.51.100.7"},
		{"untrusted peer spoofs Forwarded", "198.51.100.7:5000", "", "for=203.0.113.9", trusted, "198.51.100.7"},
		{"trusted proxy", "10.0.0.2:5000", "203.0.113.9", "", trusted, "203.0.113.9"},
		{"client-written hops left of the real one", "10.0.0.2:5000", "6.6.6.6, 203.0.113.9", "", trusted, "203.0.113.9"},
		{"chain of trusted proxies", "10.0.0.2:5000", "203.0.113.9, 10.0.0.5, 10.9.9.9", "", trusted, "203.0.113.9"},
		{"several header lines", "10.0.0.2:5000", "6.6.6.6\n203.0.113.9, 10.0.0.5", "", trusted, "203.0.113.9"},
		{"garbage hop stops the walk", "10.0.0.2:5000", "203.0.113.9, nonsense", "", trusted, "10.0.0.2"},
		{"hop with port", "10.0.0.2:5000", "203.0.113.9:4711", "", trusted, "203.0.113.9"},
		{"IPv6 proxy and client", "[::1]:5000", "2001:db8::7", "", trusted, "2001:db8::7"},
		{"Forwarded wins over X-Forwarded-For", "10.0.0.2:5000", "6.6.6.6", `for="[2001:db8::8]:4711";proto=https, for=10.0.0.5`, trusted, "2001:db8::8"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.2]:5000", "203.0.113.9", "", trusted, "203.0.113.9"},
		{"all hops trusted", "10.0.0.2:5000", "10.0.0.3", "", trusted, "10.0.0.3"},
	}
	for _, tc := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		for _, line := range strings.Split(tc.xff, "\n") {
			if line != "" {
				r.Header.Add("X-Forwarded-For", line)
			}
		}
		if tc.fwd != "" {
			r.Header.Set("Forwarded", tc.fwd)
		}
		if got := clientIPExtractor(tc.proxies)(r); got != tc.want {
			t.Errorf("%s: client %q, want %q", tc.name, got, tc.want)
		}
	}
}
