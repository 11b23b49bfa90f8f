package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

const pagesDB = "oogst_bench_pages"

// pagesDatabase returns the pages scenario's database, seeded and folded. With -reuse it
// keeps an earlier run's database when that already holds the requested scale, so a
// before/after pair on one machine costs one seed (7–16 minutes at 1M) instead of two.
func pagesDatabase(ctx context.Context, o options, work, bin string) (dbURL string, gent int64, seed, fold time.Duration, reused bool, err error) {
	if o.reuse {
		if dbURL, gent, ok := seededPages(ctx, o); ok {
			return dbURL, gent, 0, 0, true, nil
		}
	}
	if dbURL, err = freshDatabase(ctx, o.dbURL, pagesDB); err != nil {
		return
	}
	if _, _, err = demoWithToken(ctx, bin, work, dbURL); err != nil {
		return
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return
	}
	defer pool.Close()
	t0 := time.Now()
	if gent, err = seedPages(ctx, pool, o.scale); err != nil {
		err = fmt.Errorf("seed: %w", err)
		return
	}
	seed = time.Since(t0)
	fmt.Printf("seeded %d outcomes in %s\n", o.scale, seed.Round(time.Millisecond))
	t0 = time.Now()
	if _, err = foldRollup(ctx, dbURL); err != nil {
		err = fmt.Errorf("fold: %w", err)
		return
	}
	return dbURL, gent, seed, time.Since(t0), false, nil
}

// seededPages reports whether the pages database exists and holds at least o.scale outcomes.
func seededPages(ctx context.Context, o options) (string, int64, bool) {
	u, err := url.Parse(o.dbURL)
	if err != nil {
		return "", 0, false
	}
	u.Path = "/" + pagesDB
	pool, err := pgxpool.New(ctx, u.String())
	if err != nil {
		return "", 0, false
	}
	defer pool.Close()
	var n, gent int64
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM outcomes").Scan(&n); err != nil || n < int64(o.scale) {
		return "", 0, false
	}
	if err := pool.QueryRow(ctx, "SELECT id FROM partnerships WHERE name = 'Nieuwe krachten voor de Gentse Kinderopvang'").Scan(&gent); err != nil {
		return "", 0, false
	}
	return u.String(), gent, true
}

// benchEnv is the environment the oogst binary runs with against dbURL.
func benchEnv(work, dbURL string) []string {
	return []string{"DATABASE_URL=" + dbURL, "OOGST_DATA_DIR=" + work, "OOGST_LOG_LEVEL=warn", "OOGST_ADDR={addr}"}
}
