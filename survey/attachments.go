package survey

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// UploadsDir is where voice answers and audio prompts are stored.
func UploadsDir(dataDir string) string { return filepath.Join(dataDir, "uploads") }

// SniffAudio recognises the audio containers browsers record (webm, ogg, mp4/m4a, wav)
// by their first bytes; anything else is refused, whatever its name or declared type.
func SniffAudio(head []byte) (mime, ext string, ok bool) {
	switch {
	case len(head) >= 4 && bytes.Equal(head[:4], []byte{0x1A, 0x45, 0xDF, 0xA3}):
		return "audio/webm", ".webm", true
	case len(head) >= 4 && string(head[:4]) == "OggS":
		return "audio/ogg", ".ogg", true
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		return "audio/mp4", ".m4a", true
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE":
		return "audio/wav", ".wav", true
	}
	return "", "", false
}

// storageFull turns a full disk (or quota, or file size limit) into a 503 with
// Retry-After: the tablet keeps the recording and tries again later.
func storageFull(err error) error { return db.StorageFull(err) }

// writeAudio checks the content of r and stores it as dir/name+ext through a temp file,
// fsync and rename, so no half-written file ever has the final name. On any failure
// the temp file is removed.
func writeAudio(dir, name string, r io.Reader, max int64) (mime, file string, size int64, err error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", "", 0, fmt.Errorf("survey: read upload: %w", err)
	}
	head = head[:n]
	mime, ext, ok := SniffAudio(head)
	if !ok {
		v := apperr.Invalid{}
		v.Add("file", "submit.audio_type")
		return "", "", 0, v.Err()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", 0, fmt.Errorf("survey: uploads dir: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return "", "", 0, storageFull(fmt.Errorf("survey: temp file: %w", err))
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	size, err = io.Copy(tmp, io.LimitReader(io.MultiReader(bytes.NewReader(head), r), max+1))
	if err != nil {
		return "", "", 0, storageFull(fmt.Errorf("survey: write upload: %w", err))
	}
	if size > max {
		v := apperr.Invalid{}
		v.Add("file", "submit.audio_too_large")
		err = v.Err()
		return "", "", 0, err
	}
	if err = tmp.Sync(); err != nil {
		return "", "", 0, storageFull(fmt.Errorf("survey: sync upload: %w", err))
	}
	if err = tmp.Close(); err != nil {
		return "", "", 0, storageFull(fmt.Errorf("survey: close upload: %w", err))
	}
	file = name + ext
	if err = os.Rename(tmp.Name(), filepath.Join(dir, file)); err != nil {
		return "", "", 0, fmt.Errorf("survey: store upload: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // make the rename durable
		_ = d.Close()
	}
	return mime, file, size, nil
}

// SaveAttachment stores a tablet's voice answer for a round, idempotently by client
// uuid (created=false when it was there already).
func SaveAttachment(ctx context.Context, d *db.DB, dataDir, code, clientID string, r io.Reader, max int64, now time.Time) (Attachment, bool, error) {
	return SaveAttachmentWithin(ctx, d, dataDir, code, clientID, r, max, 0, now)
}

// SaveAttachmentWithin is SaveAttachment with a cap on the bytes of voice answers one
// round may hold (0: none). A new upload that would go past it is refused (KindTooLarge)
// and its file removed; a retry of one already stored is still answered.
func SaveAttachmentWithin(ctx context.Context, d *db.DB, dataDir, code, clientID string, r io.Reader, max, roundQuota int64, now time.Time) (Attachment, bool, error) {
	round, _, _, err := RoundByCode(ctx, d, code)
	if err != nil {
		return Attachment{}, false, err
	}
	id, ok := CanonicalUUID(clientID)
	if !ok {
		v := apperr.Invalid{}
		v.Add("id", "submit.bad_id")
		return Attachment{}, false, v.Err()
	}
	if a, found, err := existingAttachment(ctx, d, id, round); found || err != nil {
		return a, false, err
	}
	if !round.IsOpen(now) {
		return Attachment{}, false, roundClosed(round, now)
	}
	// Each upload gets its own file name, so a concurrent upload of the same uuid (a
	// retry racing the original) never overwrites the file the winner references, and
	// the loser can delete its own copy.
	mime, file, size, err := writeAudio(UploadsDir(dataDir), id+"-"+uuid.NewString()[:8], r, max)
	if err != nil {
		return Attachment{}, false, err
	}
	if err := withinRoundQuota(ctx, d, round.ID, size, roundQuota); err != nil {
		_ = os.Remove(filepath.Join(UploadsDir(dataDir), file))
		return Attachment{}, false, err
	}
	a := Attachment{ClientID: id, RoundID: round.ID, PartnershipID: round.PartnershipID, FileName: file, Mime: mime, Size: size, CreatedAt: now.UTC()}
	err = d.Q(ctx).Create(&a).Error
	if err != nil {
		removeUnreferenced(ctx, d, dataDir, id, file)
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		a, _, err = existingAttachment(ctx, d, id, round)
		return a, false, err
	}
	if err != nil {
		return a, false, fmt.Errorf("survey: store attachment: %w", err)
	}
	return a, true, nil
}

// withinRoundQuota checks that a round's stored voice answers plus size stay within
// quota. Measured after the write (the size of a multipart part is not known before),
// so concurrent uploads may pass it together by at most one upload each.
func withinRoundQuota(ctx context.Context, d *db.DB, roundID, size, quota int64) error {
	if quota <= 0 {
		return nil
	}
	var used int64
	if err := d.Q(ctx).Model(&Attachment{}).Where("round_id = ?", roundID).Select("COALESCE(SUM(size), 0)").Scan(&used).Error; err != nil {
		return fmt.Errorf("survey: round %d upload quota: %w", roundID, err)
	}
	if used+size > quota {
		e := apperr.New(apperr.KindTooLarge, "datatablet.quota_round")
		e.Fields = map[string]apperr.Message{"file": apperr.Msg("datatablet.quota_round")}
		return e
	}
	return nil
}

// removeUnreferenced deletes an upload whose row could not be stored, unless the
// insert did commit after all (a connection lost after COMMIT) or the database cannot
// tell: a dangling reference is worse than an orphan file.
func removeUnreferenced(ctx context.Context, d *db.DB, dataDir, id, file string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	var n int64
	if err := d.Q(ctx).Model(&Attachment{}).Where("client_id = ? AND file_name = ?", id, file).Count(&n).Error; err != nil || n > 0 {
		return
	}
	_ = os.Remove(filepath.Join(UploadsDir(dataDir), file))
}

func existingAttachment(ctx context.Context, d *db.DB, id string, r Round) (Attachment, bool, error) {
	var a Attachment
	err := d.Q(ctx).Where("client_id = ?", id).First(&a).Error
	if db.IsNotFound(err) {
		return a, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("survey: look up attachment: %w", err)
	}
	if a.RoundID != r.ID {
		e := apperr.New(apperr.KindConflict, "submit.id_conflict")
		e.Fields = map[string]apperr.Message{"id": apperr.Msg("submit.id_conflict")}
		return Attachment{}, true, e
	}
	return a, true, nil
}

// AttachmentForStaff returns a voice answer the caller may hear: a member of its
// partnership (mentors: only for rounds of their own group).
func AttachmentForStaff(ctx context.Context, d *db.DB, sc people.Scope, clientID string) (Attachment, error) {
	id, ok := CanonicalUUID(clientID)
	if !ok {
		return Attachment{}, apperr.NotFound()
	}
	var a Attachment
	err := sc.Where(d.Q(ctx), "partnership_id").Where("client_id = ?", id).First(&a).Error
	if err != nil {
		return a, fmt.Errorf("survey: attachment: %w", err)
	}
	if _, err := GetRound(ctx, d, sc, a.RoundID); err != nil {
		return Attachment{}, err
	}
	return a, nil
}

func hasOption(q *Question, id string) bool {
	for _, o := range q.Options {
		if o.ID == id {
			return true
		}
	}
	return false
}

// SavePrompt stores a coordinator's audio prompt for one question (or one option:
// OptionPromptKey) and language, replacing an earlier one.
func SavePrompt(ctx context.Context, d *db.DB, sc people.Scope, dataDir string, formID int64, qid, lang string, r io.Reader, max int64, now time.Time) (Prompt, error) {
	f, def, err := GetForm(ctx, d, sc, formID)
	if err != nil {
		return Prompt{}, err
	}
	if f.PartnershipID == nil || !sc.Allows(*f.PartnershipID, people.RoleCoordinator) {
		return Prompt{}, apperr.Forbidden()
	}
	v := apperr.Invalid{}
	// qid is a question, or "question.option" for one of its options.
	q, opt, isOption := strings.Cut(qid, ".")
	if dq, ok := def.Question(q); !ok || isOption && !hasOption(dq, opt) {
		v.Add("question", "submit.unknown_question")
	}
	if !def.Offers(lang) {
		v.Add("language", "survey.err.unknown_language")
	}
	if err := v.Err(); err != nil {
		return Prompt{}, err
	}
	mime, file, size, err := writeAudio(UploadsDir(dataDir), "prompt-"+uuid.NewString(), r, max)
	if err != nil {
		return Prompt{}, err
	}
	var old Prompt
	p := Prompt{FormID: f.ID, QuestionID: qid, Language: lang, FileName: file, Mime: mime, Size: size, CreatedAt: now.UTC()}
	err = d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Where("form_id = ? AND question_id = ? AND language = ?", f.ID, qid, lang).First(&old).Error; err == nil {
			if err := tx.Q(ctx).Delete(&old).Error; err != nil {
				return err
			}
		}
		return tx.Q(ctx).Create(&p).Error
	})
	if err != nil {
		_ = os.Remove(filepath.Join(UploadsDir(dataDir), file))
		return p, fmt.Errorf("survey: save prompt: %w", err)
	}
	if old.FileName != "" {
		_ = os.Remove(filepath.Join(UploadsDir(dataDir), old.FileName))
	}
	return p, nil
}

// Prompts returns the recorded prompts of a form: question id → language → prompt.
func Prompts(ctx context.Context, d *db.DB, formID int64) (map[string]map[string]Prompt, error) {
	var ps []Prompt
	if err := d.Q(ctx).Where("form_id = ?", formID).Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("survey: prompts of form %d: %w", formID, err)
	}
	out := map[string]map[string]Prompt{}
	for _, p := range ps {
		if out[p.QuestionID] == nil {
			out[p.QuestionID] = map[string]Prompt{}
		}
		out[p.QuestionID][p.Language] = p
	}
	return out, nil
}
