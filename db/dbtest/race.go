package dbtest

import (
	"sync"
	"testing"

	"oogst/apperr"
)

// OneWins runs save(0) … save(n-1) at the same moment and checks that exactly one
// succeeds while every other is refused as stale (an edit from an outdated version).
// It returns the winner's index.
func OneWins(t testing.TB, n int, save func(i int) error) int {
	t.Helper()
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = save(i)
		}()
	}
	close(start)
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won < 0:
			won = i
		case err == nil:
			t.Fatalf("saves %d and %d both won", won, i)
		case !apperr.IsStale(err):
			t.Fatalf("save %d: %v, want stale", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no save won")
	}
	return won
}
