package markers_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"oogst/db"
	"oogst/markers"
	"oogst/migrations"
)

// Migration 00085 dates the revisions stored with a zero date: a marker's first
// revision by its creation, later ones by its last change; real dates stay.
func TestMigrationDatesZeroRevisions(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		m := add(t, d, w, markers.Expect, "Verwijst door")
		created := time.Date(2025, 1, 10, 8, 0, 0, 0, time.UTC)
		changed := time.Date(2025, 3, 2, 14, 30, 0, 0, time.UTC)
		kept := time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC)
		if err := d.Q(context.Background()).Model(&markers.Marker{}).Where("id = ?", m.ID).UpdateColumns(map[string]any{"created_at": created, "updated_at": changed}).Error; err != nil {
			t.Fatal(err)
		}
		// As the old code stored them: the first revision (made by AddMarker) and a second
		// one with the zero date, and a third with a real date.
		if err := d.Q(context.Background()).Model(&markers.Revision{}).Where("marker_id = ?", m.ID).Update("changed_at", time.Time{}).Error; err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{{}, kept} {
			if err := d.Q(context.Background()).Create(&markers.Revision{MarkerID: m.ID, Level: markers.Expect, TextNL: "x", ChangedAt: at}).Error; err != nil {
				t.Fatal(err)
			}
		}
		sqlFS, err := migrations.FS(string(d.Dialect))
		if err != nil {
			t.Fatal(err)
		}
		b, err := fs.ReadFile(sqlFS, "00085_marker_revision_dates.sql")
		if err != nil {
			t.Fatal(err)
		}
		up := strings.SplitN(strings.SplitN(string(b), "-- +goose Down", 2)[0], "-- +goose Up", 2)[1]
		if err := d.Q(ctx).Exec(up).Error; err != nil {
			t.Fatal(err)
		}
		h, err := markers.History(ctx, d, w.coordA, m.ID)
		if err != nil || len(h) != 3 {
			t.Fatalf("history %+v %v", h, err)
		}
		for i, want := range []time.Time{created, changed, kept} {
			if !h[i].ChangedAt.Equal(want) {
				t.Errorf("revision %d dated %v, want %v", i, h[i].ChangedAt.UTC(), want)
			}
		}
	})
}
