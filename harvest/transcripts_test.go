package harvest_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
)

type fakeTranscriber struct {
	heard []string
	fail  error // returned for the first failN calls
	failN int
}

func (f *fakeTranscriber) Name() string { return "FakeWhisper" }

func (f *fakeTranscriber) Transcribe(_ context.Context, audio io.Reader, name, lang string) (string, error) {
	if f.failN > 0 {
		f.failN--
		return "", f.fail
	}
	b, _ := io.ReadAll(audio)
	f.heard = append(f.heard, name+":"+lang)
	return "gesproken " + string(b), nil
}

// TestTranscripts: staff type a transcript of a voice answer (version-checked; only
// the outcome's own voice answers); the inbox search finds stories by transcript and by
// translation; the worker drafts transcripts of new voice answers (after a failure,
// with backoff), and a transcript of a spoken story feeds its translation; retention
// removes transcripts.
func TestTranscripts(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, uid := w.as("coordinator@a")
		now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		// reflect gives voice answers 7 and 9.
		o := w.reflect(t, w.fix.A.ID, 801, 1, "R", "Groep A", "positive", nil, now)
		tr, err := harvest.SaveTranscript(ctx, d, sc, uid, o.ID, 7, "  Ik bel nu zelf de dokter ", ptr(int64(0)))
		if err != nil || tr.Text != "Ik bel nu zelf de dokter" || tr.Origin != harvest.OriginHuman || tr.Version != 1 {
			t.Fatalf("save: %+v %v", tr, err)
		}
		if _, err := harvest.SaveTranscript(ctx, d, sc, uid, o.ID, 7, "ander tabblad", ptr(int64(0))); !apperr.IsStale(err) {
			t.Fatalf("stale: %v", err)
		}
		if _, err := harvest.SaveTranscript(ctx, d, sc, uid, o.ID, 8, "x", nil); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("another voice answer: %v", err)
		}
		if _, err := harvest.SaveTranscript(ctx, d, w.sc["coordinator@b"], w.fix.Users["coordinator@b"].ID, o.ID, 7, "x", nil); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other partnership: %v", err)
		}
		if err := harvest.AddMachineDraft(ctx, d, o.ID, "nl", "Fake", "Ik spreek met de crèche", "", ""); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int64{"DOKTER": 1, "crèche": 1, "nergens": 0} {
			p, err := harvest.List(ctx, d, sc, harvest.Filter{Q: q})
			if err != nil || p.Total != want {
				t.Errorf("search %q: %d (%v), want %d", q, p.Total, err, want)
			}
		}

		// A spoken story (no written answer) in Turkish: the worker transcribes its two
		// voice answers, and the transcripts are what gets translated.
		spoken, err := harvest.CreateFromReflection(ctx, d, harvest.ReflectionInput{ResponseID: 802, PartnershipID: w.fix.A.ID, RoundID: 1,
			GroupName: "Groep A", Language: "tr", VoiceAttachmentIDs: []int64{11, 12}, SubmittedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		clock := func() time.Time { return now }
		open := func(_ context.Context, id int64) (io.ReadCloser, string, error) {
			return io.NopCloser(strings.NewReader("audio" + string(rune('0'+id%10)))), "voice.webm", nil
		}
		fake := &fakeTranscriber{fail: errors.New("FakeWhisper: HTTP 503"), failN: 4}
		opt := harvest.WorkerOptions{Now: clock, Backoff: time.Minute}
		if err := harvest.NewTranscriptionWorker(d, fake, open, opt).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		st, _ := harvest.TranslationState(ctx, d)
		if st.VoiceLastError != "FakeWhisper: HTTP 503" || st.VoiceLastErrorAt == nil {
			t.Fatalf("status after failure: %+v", st.TranslationStatus)
		}
		pending, _, _ := harvest.TranscriptionQueue(ctx, d)
		if pending != 4 { // 7 and 9 of the first outcome, 11 and 12 of the spoken one
			t.Fatalf("queue = %d, want 4", pending)
		}
		now = now.Add(2 * time.Minute)
		if err := harvest.NewTranscriptionWorker(d, fake, open, opt).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		slots, err := harvest.VoiceSlots(ctx, d, spoken)
		if err != nil || len(slots) != 2 || slots[0].T.Text != "gesproken audio1" || slots[0].T.Origin != harvest.OriginMachine || slots[1].T.Text != "gesproken audio2" {
			t.Fatalf("machine transcripts = %+v (%v)", slots, err)
		}
		if len(fake.heard) != 4 || fake.heard[0] != "voice.webm:fr" || fake.heard[3] != "voice.webm:tr" {
			t.Fatalf("heard %v", fake.heard)
		}
		// The typed transcript of answer 7 stays a person's.
		first, _ := harvest.VoiceSlots(ctx, d, o)
		if first[0].T.Text != "Ik bel nu zelf de dokter" || first[0].T.Origin != harvest.OriginHuman {
			t.Fatalf("typed transcript overwritten: %+v", first[0])
		}
		ft := &fakeTranslator{}
		if err := harvest.NewTranslationWorker(d, ft, harvest.WorkerOptions{Now: clock}).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := harvest.Get(ctx, d, sc, spoken.ID)
		if nl, ok := got.In("nl"); !ok || nl.ChangeText != "[tr>nl] gesproken audio1\n\ngesproken audio2" {
			t.Fatalf("translation of the spoken story = %+v", got.Translations)
		}

		if _, err := harvest.PurgeTextBefore(ctx, d, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if slots, _ := harvest.VoiceSlots(ctx, d, o); len(slots) != 2 || slots[0].Exists {
			t.Fatalf("after retention: %+v", slots)
		}
	})
}

// TestCursistDataHasTranslations: a cursist's data export carries the translations and
// transcripts of her stories; erasing her removes their words (summaries stay).
func TestCursistDataHasTranslations(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, uid := w.as("coordinator@a")
		cid := w.fix.Cursists["KAAA"].ID
		o, err := harvest.CreateFromReflection(ctx, d, harvest.ReflectionInput{ResponseID: 901, PartnershipID: w.fix.A.ID, RoundID: 1, CursistID: &cid,
			GroupName: "Groep A", Language: "ar", Change: "قصتي", VoiceAttachmentIDs: []int64{5}, SubmittedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.SaveTranslation(ctx, d, sc, uid, o.ID, "nl", harvest.TranslationInput{Change: "Mijn verhaal"}); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.SaveTranscript(ctx, d, sc, uid, o.ID, 5, "gesproken woorden", nil); err != nil {
			t.Fatal(err)
		}
		got, err := harvest.OutcomesOfCursist(ctx, d, cid)
		if err != nil || len(got) != 1 || len(got[0].Translations) != 1 || got[0].Translations[0].ChangeText != "Mijn verhaal" ||
			len(got[0].Transcripts) != 1 || got[0].Transcripts[0] != "gesproken woorden" {
			t.Fatalf("export = %+v (%v)", got, err)
		}
		err = d.Tx(ctx, func(tx *db.DB) error {
			_, err := harvest.AnonymiseCursist(ctx, tx, cid)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := harvest.Get(ctx, d, sc, o.ID)
		var transcripts int64
		d.Q(ctx).Model(&harvest.Transcript{}).Where("outcome_id = ?", o.ID).Count(&transcripts)
		if nl, ok := after.In("nl"); !ok || nl.ChangeText != "" || transcripts != 0 {
			t.Fatalf("after erasure: %+v, %d transcripts", after.Translations, transcripts)
		}
	})
}
