package server

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// The export's audit runs while the export reads (the audit here waits for the
// export to have started), nothing is written nor any header sent before the audit is
// done, and after a failed audit nothing at all.
func TestExportWaitsForItsAuditButDoesNotReadAfterIt(t *testing.T) {
	var out bytes.Buffer
	reading := make(chan struct{})
	opened := false
	g := gateExport(&out, func() error {
		select {
		case <-reading: // the export started reading before the audit finished
		case <-time.After(5 * time.Second):
			return errors.New("the export waited for the audit before reading")
		}
		if out.Len() != 0 || opened {
			t.Error("bytes or headers went out before the audit was written")
		}
		return nil
	}, func() { opened = true })
	close(reading)
	if _, err := g.Write([]byte("a;b\n")); err != nil {
		t.Fatal(err)
	}
	if err := g.close(nil); err != nil || !opened || out.String() != "a;b\n" {
		t.Fatalf("after the audit: err %v, opened %v, body %q", err, opened, out.String())
	}

	out.Reset()
	opened = false
	failed := errors.New("audit log full")
	g = gateExport(&out, func() error { return failed }, func() { opened = true })
	if _, err := g.Write([]byte("x")); !errors.Is(err, failed) {
		t.Fatalf("write after a failed audit: %v", err)
	}
	if err := g.close(errors.New("write failed")); !errors.Is(err, failed) || opened || out.Len() != 0 {
		t.Fatalf("failed audit: err %v, opened %v, body %q", err, opened, out.String())
	}
	// An export that fails before writing still waits for its audit and reports it.
	g = gateExport(&out, func() error { time.Sleep(20 * time.Millisecond); return nil }, func() { opened = true })
	readErr := errors.New("database gone")
	opened = false
	if err := g.close(readErr); !errors.Is(err, readErr) || opened {
		t.Fatalf("failed export: %v, headers sent %v", err, opened)
	}
}
