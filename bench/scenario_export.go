package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func init() {
	register("export", scenarioExport)
}

// scenarioExport downloads an XLSX of 100,000 outcomes and watches the server's memory.
func scenarioExport(ctx context.Context, o options, work, bin string, r *report) error {
	const n = 100_000
	dbURL, err := freshDatabase(ctx, o.dbURL, "oogst_bench_export")
	if err != nil {
		return err
	}
	env, token, err := demoWithToken(ctx, bin, work, dbURL)
	if err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	gent, err := seedOutcomes(ctx, pool, n, true)
	pool.Close()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	srv, err := start(ctx, work, "oogst-export", bin, []string{"serve"}, env, "/readyz")
	if err != nil {
		return err
	}
	defer srv.Stop()
	time.Sleep(time.Second)
	before := srv.rssKB("VmRSS")
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/outcomes/export.xlsx?partnership=%d", srv.URL(), gent), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	t0 := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	size, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(t0)
	if err != nil || resp.StatusCode != 200 {
		return fmt.Errorf("export: status %d, %v", resp.StatusCode, err)
	}
	peak := srv.rssKB("VmHWM")
	grew := float64(peak-before) / 1024
	r.row("3 export", "XLSX of 100,000 outcomes: time", took.Round(time.Millisecond).String(), "", "", "report", "")
	r.row("3 export", "peak memory growth during the export", fmt.Sprintf("%.1f MB", grew), "", "", "≤ 100 MB", verdict(grew <= 100))
	r.section("3. Export", fmt.Sprintf("`GET /api/v1/outcomes/export.xlsx?partnership=…` for a partnership with %d outcomes (plus its demo outcomes) "+
		"wrote a %.1f MB workbook in %s. The server's resident memory was %.1f MB before the request; its peak (VmHWM) afterwards was %.1f MB: "+
		"a growth of %.1f MB.", n, float64(size)/1024/1024, took.Round(time.Millisecond), float64(before)/1024, float64(peak)/1024, grew))
	return nil
}
