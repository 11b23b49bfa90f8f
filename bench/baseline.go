package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
)

// baselineSchema is the one-table schema of the baseline: the least a server must do
// to store a submission.
const baselineSchema = `CREATE TABLE IF NOT EXISTS baseline_responses (
	id TEXT PRIMARY KEY,
	round_code TEXT NOT NULL,
	language TEXT NOT NULL,
	answers JSONB NOT NULL,
	created_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`

type baselineSubmission struct {
	ID       string          `json:"id"`
	Language string          `json:"language"`
	Cursist  *string         `json:"cursist"`
	Answers  json.RawMessage `json:"answers"`
}

// serveBaseline runs the baseline: a minimal Echo handler that decodes the same JSON and
// does one INSERT through pgx. It runs in its own process (bench re-executes itself),
// like Oogst, so that both are measured the same way.
func serveBaseline(ctx context.Context, dbURL, addr string) error {
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, baselineSchema); err != nil {
		return err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST("/api/v1/rounds/:code/responses", func(c echo.Context) error {
		var s baselineSubmission
		if err := json.NewDecoder(c.Request().Body).Decode(&s); err != nil {
			return c.JSON(http.StatusBadRequest, map[string]string{"error": "bad json"})
		}
		_, err := pool.Exec(c.Request().Context(),
			`INSERT INTO baseline_responses (id, round_code, language, answers) VALUES ($1, $2, $3, $4)`,
			s.ID, c.Param("code"), s.Language, s.Answers)
		if err != nil {
			return c.JSON(http.StatusInternalServerError, map[string]string{"error": "insert"})
		}
		return c.JSON(http.StatusCreated, map[string]string{"id": s.ID})
	})
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: e, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); _ = hs.Close() }()
	fmt.Println("baseline listening on", l.Addr())
	if err := hs.Serve(l); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}
