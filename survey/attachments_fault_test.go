package survey_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/survey"
)

// webm is a recording of n bytes that passes the content check.
func webm(n int) []byte {
	b := make([]byte, n)
	copy(b, []byte{0x1A, 0x45, 0xDF, 0xA3})
	for i := 4; i < n; i++ {
		b[i] = byte(i)
	}
	return b
}

// cutReader delivers the first n bytes of b and then fails, like a tablet that loses
// the network mid-upload.
type cutReader struct {
	b []byte
	n int
}

func (c *cutReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	k := copy(p, c.b[:min(len(c.b), c.n)])
	c.b, c.n = c.b[k:], c.n-k
	return k, nil
}

// cancelAtEOF cancels the request's context once the whole body has been read: the
// file is complete, but storing its row fails.
type cancelAtEOF struct {
	r      io.Reader
	cancel func()
}

func (c cancelAtEOF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.cancel()
	}
	return n, err
}

// uploadsLeft lists every file (temp files included) under the uploads dir.
func uploadsLeft(t *testing.T, dataDir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(survey.UploadsDir(dataDir), func(path string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}

func attachmentRows(t *testing.T, d *db.DB, id string) int64 {
	t.Helper()
	var n int64
	if err := d.Q(context.Background()).Model(&survey.Attachment{}).Where("client_id = ?", id).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// retryStores uploads the whole recording again with the same uuid and expects it
// stored and referenced by exactly one row pointing at a complete file.
func retryStores(t *testing.T, w *world, dataDir, code, id string, body []byte) {
	t.Helper()
	a, created, err := survey.SaveAttachment(context.Background(), w.d, dataDir, code, id, bytes.NewReader(body), 1<<20, w.now)
	if err != nil || !created {
		t.Fatalf("retry: created=%v err=%v", created, err)
	}
	fi, err := os.Stat(filepath.Join(survey.UploadsDir(dataDir), a.FileName))
	if err != nil || fi.Size() != int64(len(body)) || a.Size != int64(len(body)) {
		t.Fatalf("stored file %v size %v, row size %d, want %d", err, fi, a.Size, len(body))
	}
	if n := attachmentRows(t, w.d, id); n != 1 {
		t.Fatalf("%d rows after the retry", n)
	}
	if left := uploadsLeft(t, dataDir); len(left) != 1 {
		t.Errorf("files after the retry: %v", left)
	}
}

// noTrace checks that the failed upload id (what failed) left no attachment row and no
// file under dataDir.
func noTrace(t *testing.T, d *db.DB, dataDir, id, what string) {
	t.Helper()
	if n := attachmentRows(t, d, id); n != 0 {
		t.Errorf("%d rows for %s", n, what)
	}
	if left := uploadsLeft(t, dataDir); len(left) != 0 {
		t.Errorf("files left by %s: %v", what, left)
	}
}

func TestUploadInterruptedLeavesNothing(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		dataDir := t.TempDir()
		body := webm(200 << 10)
		id := uuid.NewString()
		_, _, err := survey.SaveAttachment(context.Background(), d, dataDir, r.Code, id, &cutReader{b: body, n: 70 << 10}, 1<<20, w.now)
		if err == nil {
			t.Fatal("a cut-off upload was accepted")
		}
		noTrace(t, d, dataDir, id, "a cut-off upload")
		// A reflection cannot point at it.
		s := sub(good())
		s.Answers["change"] = survey.VoiceTextAnswer("", id)
		if _, _, err := survey.Submit(context.Background(), d, nil, r.Code, s, w.now); fields(t, err)["change"] != "submit.unknown_voice" {
			t.Errorf("submit with the cut-off voice: %v", err)
		}
		retryStores(t, w, dataDir, r.Code, id, body)
	})
}

func TestUploadStorageFailuresLeaveNothing(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		body := webm(64 << 10)

		t.Run("uploads dir cannot be created", func(t *testing.T) {
			dataDir := t.TempDir()
			// A file where the uploads directory should be: every write fails.
			if err := os.WriteFile(survey.UploadsDir(dataDir), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			id := uuid.NewString()
			_, _, err := survey.SaveAttachment(context.Background(), d, dataDir, r.Code, id, bytes.NewReader(body), 1<<20, w.now)
			if err == nil {
				t.Fatal("stored without an uploads dir")
			}
			if n := attachmentRows(t, d, id); n != 0 {
				t.Errorf("%d rows", n)
			}
			if err := os.Remove(survey.UploadsDir(dataDir)); err != nil {
				t.Fatal(err)
			}
			retryStores(t, w, dataDir, r.Code, id, body)
		})

		t.Run("row cannot be stored after the file is complete", func(t *testing.T) {
			dataDir := t.TempDir()
			id := uuid.NewString()
			ctx, cancel := context.WithCancel(context.Background())
			_, _, err := survey.SaveAttachment(ctx, d, dataDir, r.Code, id, cancelAtEOF{r: bytes.NewReader(body), cancel: cancel}, 1<<20, w.now)
			cancel()
			if err == nil {
				t.Fatal("stored although the request was cancelled before its row")
			}
			noTrace(t, d, dataDir, id, "a failed insert")
			retryStores(t, w, dataDir, r.Code, id, body)
		})
	})
}
