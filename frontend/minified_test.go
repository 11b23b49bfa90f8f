package frontend_test

import (
	"io"
	"io/fs"
	"strings"
	"testing"

	"oogst/frontend"
)

// The tablet's first screen is what a learner waits for on slow wifi: its scripts and
// stylesheet go out minified, with a size that matches what is read.
func TestStaticAssetsAreMinified(t *testing.T) {
	for _, p := range []string{"js/tablet.js", "js/tablet-ui.js", "js/tablet-session.js", "css/tablet.css"} {
		f, err := frontend.Static().Open(p)
		if err != nil {
			t.Fatal(err)
		}
		served, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		info, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if info.Size() != int64(len(served)) {
			t.Errorf("%s: Stat says %d bytes, read %d", p, info.Size(), len(served))
		}
		if seeker, ok := f.(io.Seeker); !ok {
			t.Errorf("%s: served file cannot seek (range requests)", p)
		} else if _, err := seeker.Seek(0, io.SeekStart); err != nil {
			t.Errorf("%s: seek: %v", p, err)
		}
		src, err := fs.ReadFile(frontend.Source(), "static/"+p)
		if err != nil {
			t.Fatal(err)
		}
		if len(served)*10 > len(src)*9 {
			t.Errorf("%s: served %d bytes of a %d-byte source; want at least 10%% less", p, len(served), len(src))
		}
		if strings.Contains(string(served), "\n  //") {
			t.Errorf("%s: comments are still served", p)
		}
	}
	// Everything else is served as written.
	svg, err := fs.ReadFile(frontend.Static(), "img/oogst.svg")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := fs.ReadFile(frontend.Source(), "static/img/oogst.svg")
	if string(svg) != string(orig) {
		t.Error("the logo changed on its way out")
	}
}
