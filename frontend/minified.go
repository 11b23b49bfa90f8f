package frontend

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// static is the asset tree as served: JavaScript and CSS minified once, at first use.
// A tablet on slow classroom wifi downloads every byte of the first screen, so the
// comments and indentation stay in the source files, not on the wire.
var static = sync.OnceValue(func() fs.FS { return minifyAssets(sub("static")) })

func minifyAssets(base fs.FS) fs.FS {
	m := minify.New()
	m.AddFunc("css", css.Minify)
	m.AddFunc("js", js.Minify)
	over := map[string][]byte{}
	_ = fs.WalkDir(base, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		kind := strings.TrimPrefix(path.Ext(p), ".")
		if kind != "js" && kind != "css" {
			return nil
		}
		src, err := fs.ReadFile(base, p)
		if err != nil {
			return err
		}
		// A file the minifier cannot read is served as written: never a broken page.
		if out, err := m.Bytes(kind, src); err == nil && len(out) < len(src) {
			over[p] = out
		}
		return nil
	})
	return overlayFS{base: base, over: over}
}

// overlayFS serves some files' contents from memory and everything else from base.
type overlayFS struct {
	base fs.FS
	over map[string][]byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	b, ok := o.over[name]
	if !ok {
		return o.base.Open(name)
	}
	info, err := fs.Stat(o.base, name)
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(b), info: memInfo{FileInfo: info, size: int64(len(b))}}, nil
}

// memFile seeks, so that http.FileServer can answer range requests.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

var _ io.Seeker = (*memFile)(nil)

type memInfo struct {
	fs.FileInfo
	size int64
}

func (i memInfo) Size() int64        { return i.size }
func (i memInfo) ModTime() time.Time { return i.FileInfo.ModTime() }
