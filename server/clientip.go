package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"
)

// clientIP is the address of the person behind a request: the one rate limits count
// and the audit log records. It is Echo's c.RealIP(), which the server configures with
// clientIPExtractor, so the handlers that call c.RealIP() get the same answer.
func clientIP(c echo.Context) string { return c.RealIP() }

// clientIPExtractor believes X-Forwarded-For or Forwarded only when the direct peer
// is one of the trusted proxies; then the client is the rightmost hop that is not
// itself a trusted proxy (everything left of it could have been written by the client).
// With no trusted proxies every request's client is its peer: a header anyone can send
// must not let them pose as someone else, or share one address with everyone.
func clientIPExtractor(trusted []netip.Prefix) echo.IPExtractor {
	isTrusted := func(a netip.Addr) bool {
		a = a.Unmap()
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return func(r *http.Request) string {
		peer, ok := parseHop(r.RemoteAddr)
		if !ok {
			host, _, err := net.SplitHostPort(r.RemoteAddr)
			if err != nil {
				return r.RemoteAddr
			}
			return host
		}
		if !isTrusted(peer) {
			return peer.String()
		}
		hops := forwardedFor(r.Header)
		for i := len(hops) - 1; i >= 0; i-- {
			a, ok := parseHop(hops[i])
			if !ok {
				// Garbage where an address should be: the proxy did not write it, so
				// nothing left of it can be believed either.
				break
			}
			if !isTrusted(a) {
				return a.String()
			}
			peer = a
		}
		return peer.String()
	}
}

// forwardedFor lists the hops of the Forwarded header's for= parameters when there is
// one, else of X-Forwarded-For, leftmost first, over all header lines.
func forwardedFor(h http.Header) []string {
	var hops []string
	if fw := h.Values("Forwarded"); len(fw) > 0 {
		for _, line := range fw {
			for _, elem := range strings.Split(line, ",") {
				for _, pair := range strings.Split(elem, ";") {
					k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
					if ok && strings.EqualFold(k, "for") {
						hops = append(hops, strings.Trim(v, `"`))
					}
				}
			}
		}
		return hops
	}
	for _, line := range h.Values("X-Forwarded-For") {
		for _, hop := range strings.Split(line, ",") {
			hops = append(hops, strings.TrimSpace(hop))
		}
	}
	return hops
}

// parseHop reads an address as proxies write it: 1.2.3.4, 1.2.3.4:5678, 2001:db8::1,
// [2001:db8::1] or [2001:db8::1]:5678.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}
