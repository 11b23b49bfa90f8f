package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"oogst/db"
	"oogst/people"
)

// CursistResponse is one response of a cursist, for her data export.
type CursistResponse struct {
	ID          string          `json:"id"`
	Round       string          `json:"round"`
	RoundTitle  string          `json:"round_title"`
	Language    string          `json:"language"`
	Answers     json.RawMessage `json:"answers"`
	Consent     string          `json:"consent_version,omitempty"`
	SubmittedAt time.Time       `json:"submitted_at"`
	Voices      []Attachment    `json:"-"`
	VoiceFiles  []string        `json:"voice_files,omitempty"`
}

// ResponsesOfCursist lists every response of a cursist with its voice answers. The
// caller (the privacy package) has checked that the cursist is in the caller's scope.
func ResponsesOfCursist(ctx context.Context, d *db.DB, cursistID int64) ([]CursistResponse, error) {
	var rows []Response
	if err := d.Q(ctx).Where("cursist_id = ?", cursistID).Order("submitted_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("survey: responses of cursist %d: %w", cursistID, err)
	}
	out := make([]CursistResponse, 0, len(rows))
	for _, r := range rows {
		var round Round
		if err := d.Q(ctx).First(&round, r.RoundID).Error; err != nil {
			return nil, fmt.Errorf("survey: round of response %d: %w", r.ID, err)
		}
		voices, err := voicesOf(ctx, d, r)
		if err != nil {
			return nil, err
		}
		cr := CursistResponse{ID: r.ClientID, Round: round.Code, RoundTitle: round.Title, Language: r.Language,
			Answers: json.RawMessage(r.Answers), Consent: r.ConsentVersion, SubmittedAt: r.SubmittedAt.UTC(), Voices: voices}
		for _, a := range voices {
			cr.VoiceFiles = append(cr.VoiceFiles, "voice/"+filepath.Base(a.FileName))
		}
		out = append(out, cr)
	}
	return out, nil
}

// VoicePath is where an attachment's file lives.
func VoicePath(dataDir string, a Attachment) string {
	return filepath.Join(UploadsDir(dataDir), filepath.Base(a.FileName))
}

// EraseCursist deletes every response of a cursist and the voice answers they use,
// inside tx. It returns the files to remove once tx has committed (a file removed
// before a rollback could not come back).
func EraseCursist(ctx context.Context, tx *db.DB, dataDir string, cursistID int64) ([]string, error) {
	var rows []Response
	if err := tx.Q(ctx).Where("cursist_id = ?", cursistID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("survey: erase cursist %d: %w", cursistID, err)
	}
	var files []string
	for _, r := range rows {
		voices, err := voicesOf(ctx, tx, r)
		if err != nil {
			return nil, err
		}
		for _, a := range voices {
			if err := tx.Q(ctx).Delete(&Attachment{}, a.ID).Error; err != nil {
				return nil, fmt.Errorf("survey: erase voice answer %d: %w", a.ID, err)
			}
			files = append(files, VoicePath(dataDir, a))
		}
	}
	if err := tx.Q(ctx).Where("cursist_id = ?", cursistID).Delete(&Response{}).Error; err != nil {
		return nil, fmt.Errorf("survey: erase responses of cursist %d: %w", cursistID, err)
	}
	if err := eraseUndeliverable(ctx, tx, cursistID); err != nil {
		return nil, err
	}
	return files, nil
}

// eraseUndeliverable deletes the refused reflections a tablet reported under the
// cursist's code (they live as the tablet's raw JSON, so the code is read from it).
func eraseUndeliverable(ctx context.Context, tx *db.DB, cursistID int64) error {
	var c people.Cursist
	if err := tx.Q(ctx).First(&c, cursistID).Error; err != nil {
		return fmt.Errorf("survey: erase cursist %d: %w", cursistID, err)
	}
	var us []Undeliverable
	if err := tx.Q(ctx).Where("partnership_id = ?", c.PartnershipID).Find(&us).Error; err != nil {
		return fmt.Errorf("survey: undeliverable of cursist %d: %w", cursistID, err)
	}
	for _, u := range us {
		var sub Submission
		if json.Unmarshal([]byte(u.Payload), &sub) != nil || sub.Cursist == nil || NormalizeCode(*sub.Cursist) != c.Code {
			continue
		}
		if err := tx.Q(ctx).Delete(&Undeliverable{}, u.ID).Error; err != nil {
			return fmt.Errorf("survey: erase undeliverable %d: %w", u.ID, err)
		}
	}
	return nil
}

// voicesOf finds the attachments a response's answers refer to.
func voicesOf(ctx context.Context, q *db.DB, r Response) ([]Attachment, error) {
	var answers map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.Answers), &answers); err != nil {
		return nil, fmt.Errorf("survey: answers of response %d: %w", r.ID, err)
	}
	var ids []string
	for _, raw := range answers {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			if id, ok := CanonicalUUID(s); ok {
				ids = append(ids, id)
			}
			continue
		}
		var va VoiceAnswer
		if json.Unmarshal(raw, &va) == nil && va.Voice != "" {
			ids = append(ids, va.Voice)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var as []Attachment
	if err := q.Q(ctx).Where("client_id IN ? AND round_id = ?", ids, r.RoundID).Order("id").Find(&as).Error; err != nil {
		return nil, fmt.Errorf("survey: voice answers of response %d: %w", r.ID, err)
	}
	return as, nil
}
