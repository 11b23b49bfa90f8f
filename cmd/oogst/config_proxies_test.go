package main

import (
	"bytes"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestTrustedProxiesConfig(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.1/8/9", "fe80::1%eth0", "10.0.0.0/8;192.168.0.0/16"} {
		// "migrate status" on a throw-away directory: should the setting be accepted, the
		// command runs and exits 0 instead of serving forever.
		env := map[string]string{"OOGST_TRUSTED_PROXIES": bad, "OOGST_DATA_DIR": t.TempDir()}
		var out, errb bytes.Buffer
		if code := run([]string{"migrate", "status"}, func(k string) string { return env[k] }, &out, &errb); code != 2 {
			t.Errorf("%q: exit %d, want 2", bad, code)
		}
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], "OOGST_TRUSTED_PROXIES") {
			t.Errorf("%q: want one line naming the variable, got %q", bad, errb.String())
		}
	}
	cfg, err := loadConfig(func(k string) string {
		if k == "OOGST_TRUSTED_PROXIES" {
			return " 10.0.0.0/8, 172.18.0.5 ,::1/128,"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.18.0.5/32"), netip.MustParsePrefix("::1/128")}
	if !reflect.DeepEqual(cfg.TrustedProxies, want) {
		t.Errorf("trusted proxies %v, want %v", cfg.TrustedProxies, want)
	}
	if cfg, _ := loadConfig(func(string) string { return "" }); len(cfg.TrustedProxies) != 0 {
		t.Errorf("default trusts %v, want nobody", cfg.TrustedProxies)
	}
}
