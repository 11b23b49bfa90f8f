package survey

import "testing"

// The default lanes follow the cores (one per two, at most 4) and leave half the pool.
func TestLanesFollowTheCores(t *testing.T) {
	for _, c := range []struct{ cpus, pool, want int }{
		{1, 20, 1}, {2, 20, 1}, {4, 20, 2}, {8, 20, 4}, {32, 20, 4}, {8, 4, 2}, {8, 1, 1}, {8, 0, 4},
	} {
		if got := lanesFor(c.cpus, c.pool); got != c.want {
			t.Errorf("lanesFor(%d cores, pool %d) = %d, want %d", c.cpus, c.pool, got, c.want)
		}
	}
}
