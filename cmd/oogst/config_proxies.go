package main

import (
	"net/netip"
	"strings"
)

// parseProxies reads a comma-separated list of CIDR ranges (a bare address is its own
// range).
func parseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil || a.Zone() != "" {
				return nil, badConfig("OOGST_TRUSTED_PROXIES: want CIDR ranges separated by commas, such as 10.0.0.0/8,::1/128, got %q", f)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
