package demo

import (
	"os"
	"runtime"
	"testing"
	"time"

	"oogst/people"
)

// TestMain gives the password gate a long wait: the tests load the demo side by side
// (each load hashes the demo password once), and on a busy machine a hash can take
// longer than the two seconds a login on a live server may wait for a slot. The gate
// itself is tested in people and server.
func TestMain(m *testing.M) {
	people.SetHashConcurrency(runtime.NumCPU(), 64, time.Minute)
	os.Exit(m.Run())
}
