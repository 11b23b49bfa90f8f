package server_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/server/servertest"
	"oogst/survey"
)

// TestUploadQuotaPerRound fills a round's space for voice answers: the upload that
// would go past it gets 413 with the message in the tablet's language as JSON, its file
// is not kept, and a retry of an answer already stored is still 200.
func TestUploadQuotaPerRound(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		env := servertest.New(t, d, servertest.Options{UploadQuotaRoundBytes: 2500})
		r := surveyRound(t, env, "a", "Ronde", true)
		c := env.Client(t)
		c.Lang = "fr"
		first := uuid.NewString()
		for _, id := range []string{first, uuid.NewString()} {
			if resp := upload(t, c, r.Code, id, webm(1000)); resp.Status != http.StatusCreated {
				t.Fatalf("upload within quota: %d %s", resp.Status, resp.Body)
			}
		}
		resp := upload(t, c, r.Code, uuid.NewString(), webm(1000))
		if resp.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("upload past the round's quota: %d %s", resp.Status, resp.Body)
		}
		var body apiError
		resp.JSON(t, &body)
		if !strings.Contains(body.Error, "plus de place pour les enregistrements") || body.Errors["file"] != body.Error {
			t.Errorf("413 body not the French quota message: %s", resp.Body)
		}
		if n := uploadFiles(t, env); n != 2 {
			t.Errorf("%d files in uploads after a refused upload, want 2", n)
		}
		if again := upload(t, c, r.Code, first, webm(1000)); again.Status != http.StatusOK {
			t.Errorf("retry of a stored answer with the round full: %d %s", again.Status, again.Body)
		}
		// Another round has its own space.
		other := surveyRound(t, env, "a", "Andere ronde", true)
		if resp := upload(t, c, other.Code, uuid.NewString(), webm(1000)); resp.Status != http.StatusCreated {
			t.Errorf("upload to another round: %d %s", resp.Status, resp.Body)
		}
	})
}

// TestUploadQuotaPerAddress lets one client address upload its hourly quota and no
// more: 429 with Retry-After and the translated message, then fine an hour later.
func TestUploadQuotaPerAddress(t *testing.T) {
	t.Parallel()
	start := time.Now().UTC()
	clock := &fakeClock{t: start}
	env := servertest.New(t, dbtest.SQLite(t), servertest.Options{Now: clock.Now, UploadQuotaIPBytes: 2500})
	r1 := surveyRound(t, env, "a", "Ronde", true)
	r2 := surveyRound(t, env, "b", "Ronde B", true)
	c := env.Client(t)
	c.Lang = "nl"
	for _, code := range []string{r1.Code, r2.Code} {
		if resp := upload(t, c, code, uuid.NewString(), webm(1000)); resp.Status != http.StatusCreated {
			t.Fatalf("upload within quota: %d %s", resp.Status, resp.Body)
		}
	}
	clock.Set(start.Add(10 * time.Minute))
	resp := upload(t, c, r2.Code, uuid.NewString(), webm(1000))
	if resp.Status != http.StatusTooManyRequests {
		t.Fatalf("upload past the address's quota: %d %s", resp.Status, resp.Body)
	}
	if ra, _ := strconv.Atoi(resp.Header.Get("Retry-After")); ra < 49*60 || ra > 51*60 {
		t.Errorf("Retry-After %q, want about 50 minutes", resp.Header.Get("Retry-After"))
	}
	if !strings.Contains(resp.Body, "te veel opnames") {
		t.Errorf("429 body: %s", resp.Body)
	}
	if n := uploadFiles(t, env); n != 2 {
		t.Errorf("%d files after a refused upload, want 2", n)
	}
	clock.Set(start.Add(61 * time.Minute))
	if resp := upload(t, c, r1.Code, uuid.NewString(), webm(1000)); resp.Status != http.StatusCreated {
		t.Errorf("upload an hour later: %d %s", resp.Status, resp.Body)
	}
}

// TestRetentionDeletesOrphanUploads runs the daily job under a fake clock: a voice
// answer no response names is deleted (row and file) once it is a day old, one that a
// response names stays, also without a retention period.
func TestRetentionDeletesOrphanUploads(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		start := time.Now().UTC()
		clock := &fakeClock{t: start}
		env := servertest.New(t, d, servertest.Options{Now: clock.Now})
		r := surveyRound(t, env, "a", "Ronde", true)
		c := env.Client(t)
		used, orphan := uuid.NewString(), uuid.NewString()
		for _, id := range []string{used, orphan} {
			if resp := upload(t, c, r.Code, id, webm(500)); resp.Status != http.StatusCreated {
				t.Fatalf("upload: %d %s", resp.Status, resp.Body)
			}
		}
		answers := goodAnswers()
		answers["change"] = map[string]any{"text": "Met opname", "voice": used}
		if resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(uuid.NewString(), answers)); resp.Status != http.StatusCreated {
			t.Fatalf("submit: %d %s", resp.Status, resp.Body)
		}
		fileOf := func(id string) (string, int64) {
			var a survey.Attachment
			n := d.Q(context.Background()).Where("client_id = ?", id).Limit(1).Find(&a).RowsAffected
			return a.FileName, n
		}
		orphanFile, _ := fileOf(orphan)
		usedFile, _ := fileOf(used)

		clock.Set(start.Add(23 * time.Hour))
		env.Server.Housekeeping(context.Background())
		if _, n := fileOf(orphan); n != 1 || !exists(env, orphanFile) {
			t.Fatalf("an unused upload was deleted before it was a day old")
		}
		clock.Set(start.Add(48 * time.Hour))
		env.Server.Housekeeping(context.Background())
		if _, n := fileOf(orphan); n != 0 || exists(env, orphanFile) {
			t.Errorf("unused upload kept after a day: row %d, file %v", n, exists(env, orphanFile))
		}
		if _, n := fileOf(used); n != 1 || !exists(env, usedFile) {
			t.Errorf("an upload a response names was deleted: row %d, file %v", n, exists(env, usedFile))
		}
	})
}

func exists(env *servertest.Env, file string) bool {
	_, err := os.Stat(filepath.Join(survey.UploadsDir(env.DataDir), file))
	return err == nil
}

func uploadFiles(t *testing.T, env *servertest.Env) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(survey.UploadsDir(env.DataDir), "*"))
	if err != nil {
		t.Fatal(err)
	}
	return len(files)
}
