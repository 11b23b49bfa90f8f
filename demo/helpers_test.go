package demo_test

import (
	"context"
	"testing"

	"oogst/db"
	"oogst/demo"
)

// loadAgain loads the demo into d, which the seed has loaded already, and returns what
// it did: the tests check that a second load finds everything and adds nothing.
func loadAgain(t *testing.T, d *db.DB) demo.Summary {
	t.Helper()
	sum, err := demo.Load(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}
