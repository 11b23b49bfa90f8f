package db

import "time"

// Now is the database handle's clock: the time the domain packages store, the same
// clock GORM uses for created_at and updated_at (UTC, microseconds, as both databases
// keep them).
func (d *DB) Now() time.Time { return d.g.NowFunc() }

// SetClock replaces the handle's clock, for tests that need a fixed time in the tables.
// Handles and transactions opened from d afterwards share it.
func (d *DB) SetClock(now func() time.Time) { d.g.Config.NowFunc = now }
