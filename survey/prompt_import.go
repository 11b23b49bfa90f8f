package survey

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"oogst/db"
)

// Prompt keys besides a question's id (survey_prompts.question_id): an option is
// "question.option", and keys starting with "_" belong to the tablet rather than one
// question: "_consent.<version>" reads a consent text, "_tablet.next" one of the
// tablet's own words by message ID. Question and option ids never contain "." nor start
// with "_", so the keys cannot clash.

// OptionPromptKey is the prompt key of option oid of question qid.
func OptionPromptKey(qid, oid string) string { return qid + "." + oid }

// ConsentPromptKey is the prompt key of a consent text version.
func ConsentPromptKey(version string) string { return "_consent." + version }

// PromptFor returns one prompt of form formID (NotFound when there is none).
func PromptFor(ctx context.Context, d *db.DB, formID int64, key, lang string) (Prompt, error) {
	var p Prompt
	err := d.Q(ctx).Where("form_id = ? AND question_id = ? AND language = ?", formID, key, lang).First(&p).Error
	if err != nil {
		return p, fmt.Errorf("survey: prompt %s/%s of form %d: %w", key, lang, formID, err)
	}
	return p, nil
}

// ImportPrompt stores a prompt for form formID under key and lang unless one is there
// already (created false). It checks the audio like an upload but no caller's rights:
// it is for the demo loader, which speaks for nobody.
func ImportPrompt(ctx context.Context, d *db.DB, dataDir string, formID int64, key, lang string, r io.Reader, now time.Time) (bool, error) {
	var old Prompt
	err := d.Q(ctx).Where("form_id = ? AND question_id = ? AND language = ?", formID, key, lang).First(&old).Error
	if err == nil {
		return false, nil
	}
	if !db.IsNotFound(err) {
		return false, fmt.Errorf("survey: import prompt %s/%s: %w", key, lang, err)
	}
	mime, file, size, err := writeAudio(UploadsDir(dataDir), "prompt-"+uuid.NewString(), r, 1<<20)
	if err != nil {
		return false, fmt.Errorf("survey: import prompt %s/%s: %w", key, lang, err)
	}
	p := Prompt{FormID: formID, QuestionID: key, Language: lang, FileName: file, Mime: mime, Size: size, CreatedAt: now.UTC()}
	if err := d.Q(ctx).Create(&p).Error; err != nil {
		_ = os.Remove(filepath.Join(UploadsDir(dataDir), file))
		return false, fmt.Errorf("survey: import prompt %s/%s: %w", key, lang, err)
	}
	return true, nil
}
