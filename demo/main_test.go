package demo

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

// TestMain gives the password gate a long wait: the tests load the demo side by side
// (each load hashes the demo password once), and on a busy machine a hash can take
// longer than the two seconds a login on a live server may wait for a slot. The gate
// itself is tested in people and server.
func TestMain(m *testing.M) {
	people.SetHashConcurrency(runtime.NumCPU(), 64, time.Minute)
	code := m.Run()
	DemoSeed.Remove()
	os.Exit(code)
}

// DemoSeed is the demo, loaded once per dialect for the whole test binary and copied
// for each test (loading takes seconds, a copy milliseconds). Load itself is under test
// here: a failing load fails every test that uses the seed, and each test loads again
// on its copy to show that a second load adds nothing.
var DemoSeed = dbtest.NewSeed("demo", func(ctx context.Context, d *db.DB, _ string) error {
	_, err := Load(ctx, d)
	return err
})
