package survey_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
	"oogst/survey"
)

// TestUndeliverableReportAcceptDiscard: a refused reflection reported by a tablet is
// kept once for the round's coordinator (not for another partnership, not for a
// mentor to decide), who accepts it as a late response or discards it (audited, the
// answers wiped).
func TestUndeliverableReportAcceptDiscard(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		keep, drop := sub(good()), sub(good())
		payload := func(s survey.Submission) json.RawMessage { b, _ := json.Marshal(s); return b }
		for _, s := range []survey.Submission{keep, drop, keep} { // keep twice: stored once
			if err := survey.ReportUndeliverable(ctx, d, r.Code, s.ID, payload(s), "HTTP 409 round: closed", w.now); err != nil {
				t.Fatal(err)
			}
		}
		// Refused reports: an id that is not the payload's, a payload too big, no JSON.
		if err := survey.ReportUndeliverable(ctx, d, r.Code, drop.ID, payload(keep), "x", w.now); fields(t, err)["id"] != "submit.bad_id" {
			t.Errorf("id not the payload's: %v", err)
		}
		big := sub(map[string]any{"change": strings.Repeat("a", survey.MaxUndeliverableBytes)})
		if err := survey.ReportUndeliverable(ctx, d, r.Code, big.ID, payload(big), "x", w.now); fields(t, err)["payload"] != "submit.bad_body" {
			t.Errorf("too big: %v", err)
		}
		if err := survey.ReportUndeliverable(ctx, d, "NOPE99", keep.ID, payload(keep), "x", w.now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("unknown round: %v", err)
		}
		list, err := survey.OpenUndeliverable(ctx, d, w.sc, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Reason != "HTTP 409 round: closed" || list[0].Language != "tr" || len(list[0].Answers) == 0 {
			t.Fatalf("open list = %+v", list)
		}
		if _, err := survey.OpenUndeliverable(ctx, d, scopeOf(t, w, "coordinator@b"), r.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("another partnership sees the list: %v", err)
		}
		if err := survey.AcceptUndeliverable(ctx, d, survey.Sinks{}, scopeOf(t, w, "mentor@a"), r.ID, list[0].ID, "", w.now); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor accepts: %v", err)
		}
		if err := survey.AcceptUndeliverable(ctx, d, survey.Sinks{}, w.sc, r.ID, list[0].ID, "10.0.0.1", w.now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		var resp survey.Response
		if err := d.Q(ctx).Where("client_id = ?", keep.ID).First(&resp).Error; err != nil {
			t.Fatalf("accepted reflection not stored: %v", err)
		}
		if !resp.Late || resp.AcceptedBy == nil || *resp.AcceptedBy != w.sc.UserID || !strings.Contains(resp.Answers, "Annemle") {
			t.Errorf("stored = %+v", resp)
		}
		if err := survey.DiscardUndeliverable(ctx, d, w.sc, r.ID, list[1].ID, "10.0.0.1", w.now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		var u survey.Undeliverable
		if err := d.Q(ctx).Where("client_id = ?", drop.ID).First(&u).Error; err != nil {
			t.Fatal(err)
		}
		if u.Resolution != "discarded" || u.Payload != "{}" || u.ResolvedBy == nil {
			t.Errorf("discarded = %+v", u)
		}
		var audits []people.AuditEntry
		d.Q(ctx).Where("action IN ?", []string{people.AuditUndeliverableAccepted, people.AuditUndeliverableDiscarded}).Order("id").Find(&audits)
		if len(audits) != 2 || audits[1].Action != people.AuditUndeliverableDiscarded || !strings.Contains(audits[1].Detail, drop.ID) || strings.Contains(audits[1].Detail, "Annemle") {
			t.Errorf("audit = %+v", audits)
		}
		if list, _ := survey.OpenUndeliverable(ctx, d, w.sc, r.ID); len(list) != 0 {
			t.Errorf("still open after deciding: %+v", list)
		}
		// Deciding twice finds nothing; a report of a stored reflection changes nothing.
		if err := survey.DiscardUndeliverable(ctx, d, w.sc, r.ID, list0(t, d, keep.ID), "", w.now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("discard after accept: %v", err)
		}
		if err := survey.ReportUndeliverable(ctx, d, r.Code, keep.ID, payload(keep), "again", w.now); err != nil {
			t.Fatal(err)
		}
		if list, _ := survey.OpenUndeliverable(ctx, d, w.sc, r.ID); len(list) != 0 {
			t.Errorf("a stored reflection reported again is listed: %+v", list)
		}
	})
}

// TestUndeliverableRetention: a refused reflection holds free text; the retention job
// deletes it like the other free text.
func TestUndeliverableRetention(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		old, recent := sub(good()), sub(good())
		for i, s := range []survey.Submission{old, recent} {
			b, _ := json.Marshal(s)
			at := w.now.Add(-40 * 24 * time.Hour)
			if i == 1 {
				at = w.now.Add(-time.Hour)
			}
			if err := survey.ReportUndeliverable(ctx, d, r.Code, s.ID, b, "x", at); err != nil {
				t.Fatal(err)
			}
		}
		res, err := survey.PurgeBefore(ctx, d, t.TempDir(), w.now.Add(-30*24*time.Hour), w.now)
		if err != nil {
			t.Fatal(err)
		}
		var left []string
		d.Q(ctx).Model(&survey.Undeliverable{}).Pluck("client_id", &left)
		if res.Undeliverable != 1 || len(left) != 1 || left[0] != recent.ID {
			t.Errorf("after retention: purged %d, left %v", res.Undeliverable, left)
		}
	})
}

func list0(t *testing.T, d *db.DB, clientID string) int64 {
	var u survey.Undeliverable
	if err := d.Q(context.Background()).Where("client_id = ?", clientID).First(&u).Error; err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func scopeOf(t *testing.T, w *world, key string) people.Scope {
	t.Helper()
	return w.fix.Scope(t, w.d, key)
}

// TestUndeliverableErasedWithTheCursist: erasing a cursist also deletes the refused
// reflections reported under her code, and only hers.
func TestUndeliverableErasedWithTheCursist(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		codes := []string{"kaaa", "KAAB"} // as a tablet may send it: not normalised
		var ids []string
		for _, code := range codes {
			c := code
			s := sub(good())
			s.Cursist = &c
			b, _ := json.Marshal(s)
			if err := survey.ReportUndeliverable(ctx, d, r.Code, s.ID, b, "x", w.now); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		if _, err := survey.EraseCursist(ctx, d, t.TempDir(), w.fix.Cursists["KAAA"].ID); err != nil {
			t.Fatal(err)
		}
		var left []string
		d.Q(ctx).Model(&survey.Undeliverable{}).Pluck("client_id", &left)
		if len(left) != 1 || left[0] != ids[1] {
			t.Errorf("left after erasing KAAA: %v, want only %s", left, ids[1])
		}
	})
}
