package main

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Story texts for the pages seed, per language, so searches, filters and folding meet
// the scripts real cursists write in. Each outcome gets one sentence and one theme word.
var seedStories = []string{
	"Ik durf nu met ouders te praten over hun kind.",
	"Ik ben alleen met de bus naar de stage gegaan.",
	"Ik heb de juf gebeld toen mijn dochter ziek was.",
	"Ik lees nu elke avond een boek voor aan mijn zoon.",
	"Je parle maintenant avec les parents à la crèche.",
	"J'ai trouvé seule le chemin vers mon stage.",
	"Artık velilerle çocukları hakkında konuşabiliyorum.",
	"İlk kez tek başıma otobüse bindim ve İşe gittim.",
	"Тепер я можу говорити з батьками про їхню дитину.",
	"Я сама їздила автобусом на практику.",
	"الآن أستطيع التحدث مع الأهل عن أطفالهم.",
	"ذهبت وحدي إلى مكان التدريب بالحافلة.",
	"Ahora hablo con los padres sobre sus hijos.",
	"I now talk to parents about their children.",
	"Теперь я говорю с родителями об их детях.",
	"Teraz rozmawiam z rodzicami o ich dzieciach.",
}

// seedThemes is appended to stories: one in fifty outcomes names each theme, so a
// search for a theme matches about 2% of the rows.
var seedThemes = func() []string {
	base := []string{"bibliotheek", "fietsenmaker", "zwembad", "apotheek", "gemeentehuis", "moskee", "markt", "tandarts", "kapper", "bakkerij"}
	var out []string
	for i := 0; i < 50; i++ {
		out = append(out, fmt.Sprintf("%s%d", base[i%len(base)], i/len(base)))
	}
	return out
}()

// seedPages spreads n outcomes evenly over every partnership with set-based SQL (one
// INSERT … SELECT per table, the rollup triggers on): 10 rounds and 12 groups per
// partnership, two years of submissions on the hour (so many share submitted_at), a
// realistic mix of statuses, signs and languages, 0–2 codes and 1–3 building blocks each.
// It returns Gent's partnership id.
func seedPages(ctx context.Context, pool *pgxpool.Pool, n int) (int64, error) {
	var gent int64
	if err := pool.QueryRow(ctx, "SELECT id FROM partnerships WHERE name = 'Nieuwe krachten voor de Gentse Kinderopvang'").Scan(&gent); err != nil {
		return 0, err
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	var first int64
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(id), 0) + 1 FROM outcomes").Scan(&first); err != nil {
		return 0, err
	}
	stmts := []struct {
		sql  string
		args []any
	}{
		{"SELECT setseed(0.19)", nil},
		{`INSERT INTO outcomes (id, partnership_id, response_id, round_id, round_title, group_name, language, change_text, significance_text,
  summary_nl, sign, status, exclude_reason, source, submitted_at, created_at, updated_at)
SELECT $1 + g, p.ids[1 + g % p.n], 1000000000 + $1 + g,
  -(p.ids[1 + g % p.n] * 100 + 1 + floor(r1 * 10)::int), 'Ronde ' || (1 + floor(r1 * 10)::int),
  'Groep ' || chr(65 + floor(r2 * r2 * 12)::int),
  CASE WHEN r3 < .40 THEN 'nl' WHEN r3 < .55 THEN 'ar' WHEN r3 < .67 THEN 'tr' WHEN r3 < .77 THEN 'fr' WHEN r3 < .85 THEN 'uk'
       WHEN r3 < .90 THEN 'es' WHEN r3 < .95 THEN 'en' ELSE 'ru' END,
  ($2::text[])[1 + floor(r4 * array_length($2::text[], 1))::int] || ' ' || ($3::text[])[1 + floor(r5 * array_length($3::text[], 1))::int],
  'Ik voel me sterker.',
  CASE WHEN r6 >= .30 AND r5 < .5 THEN 'Cursist durft meer: ' || ($3::text[])[1 + floor(r5 * array_length($3::text[], 1))::int] ELSE '' END,
  CASE WHEN r7 < .55 THEN 'positive' WHEN r7 < .70 THEN 'negative' WHEN r7 < .85 THEN 'both' ELSE '' END,
  CASE WHEN r6 < .30 THEN 'new' WHEN r6 < .65 THEN 'coded' WHEN r6 < .80 THEN 'substantiated' WHEN r6 < .90 THEN 'used' ELSE 'excluded' END,
  CASE WHEN r6 >= .90 THEN 'dubbel' ELSE '' END,
  'reflection', ts, ts, ts
FROM (SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7,
        timestamptz '2025-01-01 08:00+00' + floor(random() * 730 * 24) * interval '1 hour' AS ts
      FROM generate_series(0, $4 - 1) g) s,
     (SELECT array_agg(id ORDER BY id) ids, count(*)::int n FROM partnerships) p`, []any{first, seedStories, seedThemes, n}},
		{`INSERT INTO outcome_code_links (outcome_id, code_id)
SELECT DISTINCT o.id, c.ids[1 + (((o.id / 8) * k + o.id) % c.n)::int]
FROM outcomes o, (SELECT array_agg(id ORDER BY id) ids, count(*) n FROM outcome_codes WHERE partnership_id IS NULL) c, (VALUES (7), (13)) ks(k)
WHERE o.id >= $1 AND o.status <> 'new' AND (k = 7 OR o.id % 3 = 0)`, []any{first}},
		{`INSERT INTO outcome_blocks (outcome_id, block)
SELECT DISTINCT o.id, (ARRAY['partnership','outreach','guidance','training','workplace','aftercare'])[1 + ((o.id * k) % 6)::int]
FROM outcomes o, (VALUES (5), (11), (17)) ks(k)
WHERE o.id >= $1 AND (k = 5 OR o.id % (k - 3) = 0)`, []any{first}},
		{"SELECT setval(pg_get_serial_sequence('outcomes', 'id'), (SELECT max(id) FROM outcomes))", nil},
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s.sql, s.args...); err != nil {
			return 0, fmt.Errorf("%.60s…: %w", s.sql, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, err
	}
	for _, t := range []string{"outcomes", "outcome_blocks", "outcome_code_links", "outcome_rollup_delta"} {
		if _, err := pool.Exec(ctx, "VACUUM ANALYZE "+t); err != nil {
			return 0, err
		}
	}
	return gent, nil
}

// firstRow is the first value of q's first row, as text.
func firstRow(ctx context.Context, pool *pgxpool.Pool, q string, args ...any) (string, error) {
	rows, err := pool.Query(ctx, q, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	vals, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(vals) == 0 {
		return "", fmt.Errorf("%.60s…: %d rows, %v", q, len(vals), err)
	}
	return vals[0], nil
}
