package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
)

// oogstProc is one running `oogst serve`.
type oogstProc struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	done   chan error
}

// startOogst starts `oogst serve` with env and waits until it is healthy.
func startOogst(t *testing.T, bin, port string, env []string) *oogstProc {
	t.Helper()
	return startCommand(t, port, env, bin, "serve")
}

// startCommand starts a command that runs `oogst serve` (possibly through a shell that
// sets limits first) and waits until the server is healthy.
func startCommand(t *testing.T, port string, env []string, name string, args ...string) *oogstProc {
	t.Helper()
	p := &oogstProc{cmd: exec.Command(name, args...), stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	p.cmd.Env = append(append(os.Environ(), "OOGST_ADDR=127.0.0.1:"+port, "OOGST_LOG_FORMAT=json", "OOGST_LOG_LEVEL=warn"), env...)
	p.cmd.Stderr = &lockedWriter{w: p.stderr}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { p.kill() })
	waitReady(t, "http://127.0.0.1:"+port)
	return p
}

// kill sends SIGKILL (no graceful shutdown, no deferred cleanup) and waits for the exit.
func (p *oogstProc) kill() {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// reflectionBody is a realistic tablet submission for the built-in reflection form.
func reflectionBody(id string, n int, cursist *string) []byte {
	langs := []string{"nl", "ar", "fr", "tr", "uk"}
	signs := []string{"positive", "negative", "both"}
	blocks := [][]string{{"training"}, {"guidance", "workplace"}, {}, {"aftercare", "partnership", "outreach"}}
	answers := map[string]any{
		"change":       fmt.Sprintf("Reflectie %d: vorige week belde ik zelf naar de crèche om te zeggen dat ik later kwam.", n),
		"sign":         signs[n%len(signs)],
		"significance": fmt.Sprintf("Ik voel me sterker (%d). Ik heb minder hulp nodig van mijn buurvrouw.", n),
		"blocks":       blocks[n%len(blocks)],
	}
	if n%3 == 0 {
		answers["contribution"] = "Mijn mentor in de kinderopvang."
	}
	b, _ := json.Marshal(map[string]any{"id": id, "language": langs[n%len(langs)], "cursist": cursist, "answers": answers})
	return b
}

// reflectionResponses are the stored responses to reflection rounds; the demo data also
// holds partners' answers to marker surveys, which are not reflections.
const reflectionResponses = "(SELECT * FROM survey_responses WHERE round_id NOT IN (SELECT round_id FROM marker_surveys))"

// TestCrashDuringLoadLosesNothing starts Oogst on PostgreSQL with the demo round,
// lets 16 tablets post reflections (each retrying the same UUID until the server
// acknowledges it, like the tablet outbox), SIGKILLs the server mid-run and restarts
// it on the same database and port. Every acknowledged reflection must be stored,
// none twice, and in the end exactly one response per distinct UUID.
func TestCrashDuringLoadLosesNothing(t *testing.T) {
	bin := buildOogst(t)
	dbURL, dataDir := demoSeed.PostgresEnv(t)
	env := []string{"DATABASE_URL=" + dbURL, "OOGST_DATA_DIR=" + dataDir}
	ctx := context.Background()
	d, err := db.Open(ctx, db.Options{URL: dbURL, MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var before int64
	if err := d.Q(ctx).Raw("SELECT COUNT(*) FROM " + reflectionResponses + " r").Scan(&before).Error; err != nil {
		t.Fatal(err)
	}

	port := freePort(t)
	base := "http://127.0.0.1:" + port
	first := startOogst(t, bin, port, env)

	// The group's cursists, so some reflections are pseudonymous.
	var list struct {
		Items []struct{ Code string } `json:"items"`
	}
	if resp, err := http.Get(base + "/api/v1/rounds/DEMO42/cursists"); err == nil {
		_ = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
	}

	const clients, perClient = 16, 30
	var (
		mu      sync.Mutex
		acked   = map[string]int{}    // uuid → status of its acknowledgement
		sent    = map[string][]byte{} // uuid → body
		nAcked  atomic.Int64
		retries atomic.Int64
		wg      sync.WaitGroup
	)
	deadline := time.Now().Add(90 * time.Second)
	hc := &http.Client{Timeout: 5 * time.Second}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perClient {
				n := c*perClient + i
				id := uuid.NewString()
				var cursist *string
				if len(list.Items) > 0 && n%4 == 0 {
					code := list.Items[n%len(list.Items)].Code
					cursist = &code
				}
				body := reflectionBody(id, n, cursist)
				mu.Lock()
				sent[id] = body
				mu.Unlock()
				for {
					if time.Now().After(deadline) {
						t.Errorf("client %d: %s not acknowledged before the deadline", c, id)
						return
					}
					resp, err := hc.Post(base+"/api/v1/rounds/DEMO42/responses", "application/json", bytes.NewReader(body))
					if err == nil {
						var got struct{ ID string }
						derr := json.NewDecoder(resp.Body).Decode(&got)
						resp.Body.Close()
						if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
							if derr != nil || got.ID != id {
								t.Errorf("ack for %s carries id %q (%v)", id, got.ID, derr)
							}
							mu.Lock()
							acked[id] = resp.StatusCode
							mu.Unlock()
							nAcked.Add(1)
							break
						}
						if resp.StatusCode < 500 {
							t.Errorf("client %d: %s refused with %d", c, id, resp.StatusCode)
							return
						}
					}
					// Network error or 5xx: the outbox keeps it and tries again.
					retries.Add(1)
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}

	// Kill the server once a third of the reflections are in, while requests are in flight.
	for nAcked.Load() < clients*perClient/3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	ackedAtKill := nAcked.Load()
	first.kill()
	time.Sleep(300 * time.Millisecond) // clients see refused connections meanwhile
	second := startOogst(t, bin, port, env)
	wg.Wait()
	// A late retry of acknowledged reflections answers 200 and stores nothing new.
	late := 0
	for id, body := range sent {
		if late == 20 {
			break
		}
		late++
		resp, err := hc.Post(base+"/api/v1/rounds/DEMO42/responses", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("late retry of %s: %d, want 200", id, resp.StatusCode)
		}
	}
	second.kill()

	if ackedAtKill >= clients*perClient {
		t.Fatalf("the kill came after all %d reflections were in; the test proves nothing", ackedAtKill)
	}
	if retries.Load() == 0 {
		t.Errorf("no client ever had to retry: the kill did not hit the load")
	}

	type row struct {
		ClientID string
		N        int
	}
	var dups []row
	if err := d.Q(ctx).Raw("SELECT client_id, COUNT(*) AS n FROM survey_responses GROUP BY client_id HAVING COUNT(*) > 1").Scan(&dups).Error; err != nil {
		t.Fatal(err)
	}
	if len(dups) > 0 {
		t.Errorf("stored twice: %v", dups)
	}
	var stored []string
	if err := d.Q(ctx).Raw("SELECT client_id FROM " + reflectionResponses + " r").Scan(&stored).Error; err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, id := range stored {
		have[id] = true
	}
	missing := 0
	for id := range acked {
		if !have[id] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d acknowledged reflections are not stored", missing)
	}
	if got, want := int64(len(stored)), before+int64(len(sent)); got != want {
		t.Errorf("survey_responses = %d, want %d (demo %d + %d distinct UUIDs)", got, want, before, len(sent))
	}
	if len(acked) != len(sent) {
		t.Errorf("acknowledged %d of %d", len(acked), len(sent))
	}
	// Every stored answer set is whole: the canonical JSON has the required answers.
	var broken int64
	if err := d.Q(ctx).Raw(`SELECT COUNT(*) FROM ` + reflectionResponses + ` r WHERE answers NOT LIKE '%"change":%' OR answers NOT LIKE '%"sign":%' OR answers NOT LIKE '%"significance":%'`).Scan(&broken).Error; err != nil {
		t.Fatal(err)
	}
	if broken > 0 {
		t.Errorf("%d responses lack required answers", broken)
	}
	replayed := 0 // in flight at the kill, committed, acknowledged only on the retry
	for _, status := range acked {
		if status == http.StatusOK {
			replayed++
		}
	}
	// Every response became exactly one outcome, in the same transaction: nothing is
	// half-written by the kill.
	var lonely, outcomes int64
	if err := d.Q(ctx).Raw(`SELECT COUNT(*) FROM ` + reflectionResponses + ` r WHERE NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.response_id = r.id)`).Scan(&lonely).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Q(ctx).Raw(`SELECT COUNT(*) FROM outcomes WHERE response_id IN (SELECT id FROM ` + reflectionResponses + ` r)`).Scan(&outcomes).Error; err != nil {
		t.Fatal(err)
	}
	if lonely != 0 || outcomes != int64(len(stored)) {
		t.Errorf("%d responses without an outcome; %d outcomes for %d responses", lonely, outcomes, len(stored))
	}
	t.Logf("%d reflections, %d acknowledged before the kill, %d retries, %d first acknowledged by a replay", len(sent), ackedAtKill, retries.Load(), replayed)
}
