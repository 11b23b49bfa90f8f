package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"
)

// loadResult is what one load run measured.
type loadResult struct {
	Requests  int
	Errors    int
	Duration  time.Duration
	Latencies []time.Duration
	// Acked holds the client UUIDs the server acknowledged with 200 or 201.
	Acked []string
}

func (r loadResult) RPS() float64 { return float64(r.Requests-r.Errors) / r.Duration.Seconds() }

func (r loadResult) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), r.Latencies...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p * float64(len(s)-1))
	return s[i]
}

// runLoad has `clients` goroutines post payloads to url for d; each request carries a
// fresh client UUID. Loops are bounded by time and stop by themselves.
func runLoad(ctx context.Context, url string, clients int, d time.Duration, payload func(id string) []byte) loadResult {
	tr := &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: 30 * time.Second}
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var res loadResult
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var acked []string
			n, errs := 0, 0
			for ctx.Err() == nil {
				id := uuid.NewString()
				t0 := time.Now()
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(payload(id)))
				req.Header.Set("Content-Type", "application/json")
				resp, err := hc.Do(req)
				if ctx.Err() != nil && err != nil {
					break // the run ended during this request; it is not counted
				}
				n++
				if err != nil {
					errs++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat = append(lat, time.Since(t0))
				if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
					acked = append(acked, id)
				} else {
					errs++
				}
			}
			mu.Lock()
			res.Requests += n
			res.Errors += errs
			res.Latencies = append(res.Latencies, lat...)
			res.Acked = append(res.Acked, acked...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Duration = time.Since(start)
	return res
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d req, %.0f req/s, p50 %s, p99 %s, %d errors", r.Requests, r.RPS(),
		r.Percentile(0.50).Round(100*time.Microsecond), r.Percentile(0.99).Round(100*time.Microsecond), r.Errors)
}

// plus is two load runs taken together, as if they were one run of their summed length.
func (r loadResult) plus(o loadResult) loadResult {
	return loadResult{
		Requests:  r.Requests + o.Requests,
		Errors:    r.Errors + o.Errors,
		Duration:  r.Duration + o.Duration,
		Latencies: append(append([]time.Duration(nil), r.Latencies...), o.Latencies...),
		Acked:     append(append([]string(nil), r.Acked...), o.Acked...),
	}
}
