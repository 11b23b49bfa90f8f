package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
)

// voiceUpload is a multipart body as the tablet sends it: id and a webm recording.
func voiceUpload(t *testing.T, id string, size int) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("id", id)
	fw, err := w.CreateFormFile("file", "answer.webm")
	if err != nil {
		t.Fatal(err)
	}
	rec := make([]byte, size)
	copy(rec, []byte{0x1A, 0x45, 0xDF, 0xA3})
	for i := 4; i < size; i++ {
		rec[i] = byte(i * 7)
	}
	_, _ = fw.Write(rec)
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// TestVoiceUploadInterruptedAndDiskFull runs the real binary on PostgreSQL:
//  1. an upload whose connection is cut mid-body leaves no row and no file;
//  2. with a 1 MiB file size limit (as if the disk were full) a 3 MiB recording gets
//     503 with Retry-After, no row, no file, and a reflection cannot reference it;
//  3. once the fault is gone, retrying both uploads with the same uuids stores them
//     and the reflection that uses one is accepted.
func TestVoiceUploadInterruptedAndDiskFull(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for ulimit")
	}
	bin := buildOogst(t)
	dbURL, dataDir := demoSeed.PostgresEnv(t)
	env := []string{"DATABASE_URL=" + dbURL, "OOGST_DATA_DIR=" + dataDir}
	d, err := db.Open(context.Background(), db.Options{URL: dbURL, MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rows := func(id string) int64 {
		var n int64
		if err := d.Q(context.Background()).Raw("SELECT COUNT(*) FROM survey_attachments WHERE client_id = ?", id).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	// files lists the voice answers' files (and leftovers) in the uploads directory; the
	// demo's recorded prompts (prompt-*.ogg, complete before the test starts) are not
	// answers.
	files := func() []string {
		var out []string
		_ = filepath.WalkDir(filepath.Join(dataDir, "uploads"), func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() && !strings.HasPrefix(e.Name(), "prompt-") {
				out = append(out, filepath.Base(p))
			}
			return nil
		})
		return out
	}
	port := freePort(t)
	base := "http://127.0.0.1:" + port
	upload := func(id string, size int) *http.Response {
		t.Helper()
		body, ct := voiceUpload(t, id, size)
		resp, err := http.Post(base+"/api/v1/rounds/DEMO42/audio", ct, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	reflect := func(voice string) int {
		t.Helper()
		body := fmt.Sprintf(`{"id": %q, "language": "nl", "cursist": null, "answers": {"change": {"text": "", "voice": %q}, "sign": "positive", "significance": "Ik durf meer."}}`, uuid.NewString(), voice)
		resp, err := http.Post(base+"/api/v1/rounds/DEMO42/responses", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	// nothingKept checks that the failed upload id left no row and no file, and that a
	// reflection naming it (the voice called voice) is refused.
	nothingKept := func(what, voice, id string) {
		t.Helper()
		if n := rows(id); n != 0 {
			t.Errorf("%s: %d rows", what, n)
		}
		if f := files(); len(f) != 0 {
			t.Errorf("%s left files: %v", what, f)
		}
		if st := reflect(id); st != http.StatusUnprocessableEntity {
			t.Errorf("reflection with the %s voice: %d, want 422", voice, st)
		}
	}

	// 1. Connection cut mid-upload.
	srv := startOogst(t, bin, port, env)
	cutID := uuid.NewString()
	body, ct := voiceUpload(t, cutID, 3<<20)
	conn, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/v1/rounds/DEMO42/audio HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", ct, len(body))
	_, _ = conn.Write(body[:len(body)/3])
	_ = conn.Close()
	time.Sleep(500 * time.Millisecond) // let the server notice
	nothingKept("cut-off upload", "cut-off", cutID)
	srv.kill()

	// 2. "Disk full": the server may write files of at most 1 MiB.
	srv = startCommand(t, port, env, "bash", "-c", `ulimit -f 1024 && exec "$0" serve`, bin)
	fullID := uuid.NewString()
	resp := upload(fullID, 3<<20)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("upload on a full disk: %d Retry-After=%q, want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	nothingKept("full disk", "unstored", fullID)
	srv.kill()

	// 3. The fault is gone: the tablet's retries succeed.
	srv = startOogst(t, bin, port, env)
	for _, id := range []string{cutID, fullID} {
		if resp := upload(id, 3<<20); resp.StatusCode != http.StatusCreated {
			t.Errorf("retry of %s: %d, want 201", id, resp.StatusCode)
		}
		if n := rows(id); n != 1 {
			t.Errorf("retry of %s: %d rows", id, n)
		}
	}
	var sizes []int64
	if err := d.Q(context.Background()).Raw("SELECT size FROM survey_attachments ORDER BY id").Scan(&sizes).Error; err != nil {
		t.Fatal(err)
	}
	f := files()
	if len(f) != 2 || len(sizes) != 2 {
		t.Errorf("after the retries: files %v, sizes %v", f, sizes)
	}
	for _, name := range f {
		fi, err := os.Stat(filepath.Join(dataDir, "uploads", name))
		if err != nil || fi.Size() != sizes[0] || strings.HasPrefix(name, ".") {
			t.Errorf("stored %s: %v %v (rows say %v)", name, err, fi, sizes)
		}
	}
	if st := reflect(fullID); st != http.StatusCreated {
		t.Errorf("reflection with the retried voice: %d, want 201", st)
	}
	srv.kill()
	if strings.Contains(srv.stderr.String(), "panic") {
		t.Errorf("server log has a panic:\n%s", srv.stderr.String())
	}
}
