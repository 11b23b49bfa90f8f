// Package privacy gives cursists their rights over what Oogst holds about them: one
// ZIP with everything (answers, voice answers, outcomes and their history), and
// erasure. It works through the exported functions of people, survey and harvest.
package privacy

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"oogst/db"
	"oogst/harvest"
	"oogst/people"
	"oogst/survey"
)

// cursistView is the cursist record as exported (no internal ids beyond her own).
type cursistView struct {
	Code              string     `json:"code"`
	FirstName         string     `json:"first_name,omitempty"`
	Group             string     `json:"group"`
	PreferredLanguage string     `json:"preferred_language"`
	ConsentAt         *time.Time `json:"consent_at,omitempty"`
	ConsentVersion    string     `json:"consent_version,omitempty"`
	Active            bool       `json:"active"`
	CreatedAt         time.Time  `json:"created_at"`
	// Email is kept only with her consent, recorded at EmailConsentAt.
	Email          string     `json:"email,omitempty"`
	EmailConsentAt *time.Time `json:"email_consent_recorded_at,omitempty"`
	// Her status beyond the classroom, every change with its day (issue 18).
	StatusHistory []statusView `json:"status_history"`
}

type statusView struct {
	Status      string `json:"status"`
	Detail      string `json:"detail,omitempty"`
	EffectiveOn string `json:"effective_on"`
}

// Export writes a ZIP with everything held about cursist cid of partnership pid:
// cursist.json, responses.json, outcomes.json and the voice answers under voice/.
// Only the partnership's coordinators may; the export is in the audit log.
func Export(ctx context.Context, d *db.DB, sc people.Scope, pid, cid int64, dataDir, ip string, w io.Writer, now time.Time) error {
	c, err := people.CursistByID(ctx, d, sc, pid, cid)
	if err != nil {
		return err
	}
	responses, err := survey.ResponsesOfCursist(ctx, d, c.ID)
	if err != nil {
		return err
	}
	outcomes, err := harvest.OutcomesOfCursist(ctx, d, c.ID)
	if err != nil {
		return err
	}
	hist, err := people.StatusHistory(ctx, d, sc, pid, cid)
	if err != nil {
		return err
	}
	statuses := make([]statusView, len(hist))
	for i, h := range hist {
		statuses[i] = statusView{Status: h.Status, Detail: h.Detail, EffectiveOn: h.EffectiveOn.Format(time.DateOnly)}
	}
	view := cursistView{Code: c.Code, FirstName: c.FirstName, Group: c.GroupName, PreferredLanguage: c.PreferredLanguage,
		ConsentAt: c.ConsentAt, ConsentVersion: c.ConsentVersion, Active: c.Active, CreatedAt: c.CreatedAt, StatusHistory: statuses}
	if ct, ok, err := people.ContactOf(ctx, d, c.ID); err != nil {
		return err
	} else if ok {
		view.Email, view.EmailConsentAt = ct.Email, &ct.ConsentRecordedAt
	}
	zw := zip.NewWriter(w)
	put := func(name string, v any) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	if err := put("cursist.json", view); err != nil {
		return fmt.Errorf("privacy: export cursist %d: %w", cid, err)
	}
	if err := put("responses.json", responses); err != nil {
		return fmt.Errorf("privacy: export responses of cursist %d: %w", cid, err)
	}
	if err := put("outcomes.json", outcomes); err != nil {
		return fmt.Errorf("privacy: export outcomes of cursist %d: %w", cid, err)
	}
	for _, r := range responses {
		for _, a := range r.Voices {
			if err := addFile(zw, "voice/"+filepath.Base(a.FileName), survey.VoicePath(dataDir, a), now); err != nil {
				return fmt.Errorf("privacy: export voice answer %d: %w", a.ID, err)
			}
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	uid := sc.UserID
	return people.Audit(ctx, d, people.AuditEntry{PartnershipID: &pid, UserID: &uid, Action: people.AuditCursistExported, Detail: c.Code, IP: ip})
}

func addFile(zw *zip.Writer, name, path string, now time.Time) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil // deleted by the retention job meanwhile: nothing to hand over
	}
	if err != nil {
		return err
	}
	defer f.Close()
	// Audio is compressed already.
	dst, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: now})
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, f)
	return err
}

// Erased says what an erasure removed.
type Erased struct {
	Responses  int
	VoiceFiles int
	Outcomes   int // anonymised, not removed: the aggregates keep their numbers
}

// Erase removes a cursist: her answers and voice answers are deleted, her outcomes
// anonymised (no link to her, none of her own words) and her record deleted, in one
// transaction; the voice files go once it has committed. Only the partnership's
// coordinators may; the erasure is in the audit log (with the code, not the name).
func Erase(ctx context.Context, d *db.DB, sc people.Scope, pid, cid int64, dataDir, ip string) (Erased, error) {
	c, err := people.CursistByID(ctx, d, sc, pid, cid)
	if err != nil {
		return Erased{}, err
	}
	var res Erased
	var files []string
	err = d.Tx(ctx, func(tx *db.DB) error {
		if res.Responses, err = survey.ResponseCountOfCursist(ctx, tx, c.ID); err != nil {
			return err
		}
		if files, err = survey.EraseCursist(ctx, tx, dataDir, c.ID); err != nil {
			return err
		}
		if res.Outcomes, err = harvest.AnonymiseCursist(ctx, tx, c.ID); err != nil {
			return err
		}
		if err := people.DeleteCursist(ctx, tx, pid, c.ID); err != nil {
			return err
		}
		uid := sc.UserID
		detail := fmt.Sprintf("%s: %d responses, %d voice answers, %d outcomes anonymised", c.Code, res.Responses, len(files), res.Outcomes)
		return people.Audit(ctx, tx, people.AuditEntry{PartnershipID: &pid, UserID: &uid, Action: people.AuditCursistErased, Detail: detail, IP: ip})
	})
	if err != nil {
		return Erased{}, fmt.Errorf("privacy: erase cursist %d: %w", cid, err)
	}
	for _, f := range files {
		if err := os.Remove(f); err == nil {
			res.VoiceFiles++
		}
	}
	return res, nil
}
