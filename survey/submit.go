package survey

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Submission is what a tablet posts. Answers map question ids to JSON values:
// long_text/short_text: a string (long_text with allow_voice also {"text", "voice"});
// single_choice and sign: an option id; multiple_choice: an array of option ids;
// scale: an integer; voice: an attachment uuid. null, "" and [] mean "not answered".
type Submission struct {
	ID             string                     `json:"id"`
	Language       string                     `json:"language"`
	Cursist        *string                    `json:"cursist"`
	Answers        map[string]json.RawMessage `json:"answers"`
	ConsentVersion string                     `json:"consent_version,omitempty"`
	// Started is the signed start token the round JSON gave the tablet when this person
	// began; it lets a reflection that arrives after the round closed be stored (late).
	Started string `json:"started,omitempty"`
}

// StoredResponse is the API's view of a stored response: the same bytes every time the
// same client id is sent.
type StoredResponse struct {
	ID             string          `json:"id"`
	Round          string          `json:"round"`
	FormID         int64           `json:"form_id"`
	FormVersion    int             `json:"form_version"`
	Language       string          `json:"language"`
	Cursist        *string         `json:"cursist"`
	Answers        json.RawMessage `json:"answers"`
	ConsentVersion string          `json:"consent_version,omitempty"`
	SubmittedAt    time.Time       `json:"submitted_at"`
	Late           bool            `json:"late,omitempty"`
}

// VoiceAnswer is the object form of a long_text answer with a voice recording.
type VoiceAnswer struct {
	Text  string `json:"text"`
	Voice string `json:"voice"`
}

// CanonicalUUID parses a client id and returns it in lower-case canonical form.
func CanonicalUUID(s string) (string, bool) {
	u, err := uuid.Parse(strings.TrimSpace(s))
	if err != nil || len(strings.TrimSpace(s)) != 36 {
		return "", false
	}
	return u.String(), true
}

// Submit stores a tablet's response idempotently: the same client id again returns the
// stored response (created=false) and stores nothing, also across processes sharing
// the database. A response to a reflection form goes to sink in the same transaction.
// The server uses a Submitter, which does the same with a round cache and batching.
func Submit(ctx context.Context, d *db.DB, sink ReflectionSink, code string, s Submission, now time.Time) (StoredResponse, bool, error) {
	return SubmitWith(ctx, d, Sinks{Reflections: sink}, code, s, now)
}

// SubmitWith is Submit with every hook: reflections as in Submit, and each new response
// (of any form) to sinks.Responses, in the same transaction.
func SubmitWith(ctx context.Context, d *db.DB, sinks Sinks, code string, s Submission, now time.Time) (StoredResponse, bool, error) {
	r, ver, def, err := RoundByCode(ctx, d, code)
	if err != nil {
		return StoredResponse{}, false, err
	}
	p, err := prepare(ctx, d, nil, r, ver, def, s, now)
	if err != nil {
		return StoredResponse{}, false, err
	}
	if !p.stored {
		if err := writeBatch(ctx, d, sinks, []*pending{p}); err != nil {
			return StoredResponse{}, false, err
		}
	}
	return p.finish(ctx, d)
}

// pending is a validated submission on its way into the database.
type pending struct {
	row     Response
	round   Round
	ver     FormVersion
	def     Definition
	cursist *people.Cursist
	voices  map[string]Attachment
	// stored: the id was found already stored while validating; nothing to write.
	stored bool
	// set by writeBatch
	inserted bool
	err      error
}

// prepare validates a submission against its round. A submission that fails because it
// was already stored (a retry after the round closed, say) finds the original instead.
// With a signer, a closed round still takes a submission whose start token shows it was
// begun while the round was open, within LateGrace (stored as late).
func prepare(ctx context.Context, d *db.DB, signer *Signer, r Round, ver FormVersion, def Definition, s Submission, now time.Time) (*pending, error) {
	id, ok := CanonicalUUID(s.ID)
	if !ok {
		v := apperr.Invalid{}
		v.Add("id", "submit.bad_id")
		return nil, v.Err()
	}
	var verr error
	late := false
	if !r.IsOpen(now) {
		if r.ClosedSince(now) != nil && signer.LateOK(r, s.Started, now) {
			late = true
		} else {
			verr = roundClosed(r, now)
		}
	}
	var (
		clean   string
		voices  map[string]Attachment
		cursist *people.Cursist
	)
	if verr == nil {
		clean, voices, cursist, verr = validate(ctx, d, r, def, s)
	}
	if verr != nil {
		if _, ok := apperr.As(verr); !ok {
			return nil, verr
		}
		if _, found, err := existing(ctx, d, id, r); found || err != nil {
			return &pending{row: Response{ClientID: id}, round: r, ver: ver, stored: true}, err
		}
		return nil, verr
	}
	row := Response{
		ClientID: id, RoundID: r.ID, PartnershipID: r.PartnershipID, FormVersionID: ver.ID, Language: s.Language,
		Answers: clean, ConsentVersion: strings.TrimSpace(s.ConsentVersion), SubmittedAt: now.UTC().Truncate(time.Second), CreatedAt: now.UTC(),
		Late: late,
	}
	if cursist != nil {
		row.CursistID = &cursist.ID
	}
	return &pending{row: row, round: r, ver: ver, def: def, cursist: cursist, voices: voices}, nil
}

// finish answers for a written pending submission: the stored response, and whether
// this request created it. One that was not inserted (its id existed) reads the original.
func (p *pending) finish(ctx context.Context, d *db.DB) (StoredResponse, bool, error) {
	if p.err != nil {
		return StoredResponse{}, false, p.err
	}
	if !p.inserted {
		prev, found, err := existing(ctx, d, p.row.ClientID, p.round)
		if err == nil && !found {
			err = fmt.Errorf("survey: response %s vanished after a duplicate key", p.row.ClientID)
		}
		return prev, false, err
	}
	out := StoredResponse{
		ID: p.row.ClientID, Round: p.round.Code, FormID: p.ver.FormID, FormVersion: p.ver.Version, Language: p.row.Language,
		Answers: json.RawMessage(p.row.Answers), ConsentVersion: p.row.ConsentVersion, SubmittedAt: p.row.SubmittedAt.UTC(),
		Late: p.row.Late,
	}
	if p.cursist != nil {
		code := p.cursist.Code
		out.Cursist = &code
	}
	return out, true, nil
}

// writeBatch stores submissions in one transaction: one multi-row INSERT that skips
// client ids already stored (by an earlier request or another process), then consent
// and the reflection sink for the new rows. If the transaction fails, each submission
// is tried on its own so that one bad submission cannot fail the others.
func writeBatch(ctx context.Context, d *db.DB, sinks Sinks, batch []*pending) error {
	err := d.Tx(ctx, func(tx *db.DB) error { return insertBatch(ctx, tx, sinks, batch) })
	if err == nil {
		return nil
	}
	for _, p := range batch {
		p.inserted = false
	}
	if len(batch) == 1 {
		batch[0].err = fmt.Errorf("survey: submit to round %d: %w", batch[0].round.ID, err)
		return batch[0].err
	}
	for _, p := range batch {
		one := []*pending{p}
		if err := d.Tx(ctx, func(tx *db.DB) error { return insertBatch(ctx, tx, sinks, one) }); err != nil {
			p.inserted = false
			p.err = fmt.Errorf("survey: submit to round %d: %w", p.round.ID, err)
		}
	}
	return nil
}

func insertBatch(ctx context.Context, txd *db.DB, sinks Sinks, batch []*pending) error {
	tx := txd.Q(ctx)
	sink := sinks.Reflections
	var (
		sb    strings.Builder
		args  []any
		byID  = map[string]*pending{}
		order []*pending
	)
	sb.WriteString("INSERT INTO survey_responses (client_id, round_id, partnership_id, form_version_id, cursist_id, language, answers, consent_version, submitted_at, created_at, late, accepted_by) VALUES ")
	for _, p := range batch {
		if _, dup := byID[p.row.ClientID]; dup {
			continue // the same id twice in one batch: the second finds the first
		}
		byID[p.row.ClientID] = p
		if len(order) > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		r := p.row
		args = append(args, r.ClientID, r.RoundID, r.PartnershipID, r.FormVersionID, r.CursistID, r.Language, r.Answers, r.ConsentVersion, r.SubmittedAt, r.CreatedAt, r.Late, r.AcceptedBy)
		order = append(order, p)
	}
	sb.WriteString(" ON CONFLICT (client_id) DO NOTHING RETURNING id, client_id")
	rows, err := tx.Raw(sb.String(), args...).Rows()
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var cid string
		if err := rows.Scan(&id, &cid); err != nil {
			rows.Close()
			return err
		}
		if p := byID[cid]; p != nil {
			p.row.ID = id
			p.inserted = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var refls []Reflection
	for _, p := range order {
		if !p.inserted {
			continue
		}
		if p.cursist != nil && p.row.ConsentVersion != "" && p.cursist.ConsentVersion != p.row.ConsentVersion {
			// The tablet showed this consent text and the cursist agreed: record it on
			// the cursist, in the same transaction as the answers.
			if err := people.RecordConsent(ctx, txd, p.cursist.ID, p.row.ConsentVersion, p.row.SubmittedAt); err != nil {
				return err
			}
		}
		if sinks.Responses != nil && p.round.ForStaff {
			// Staff rounds (marker self-assessments) go to the response hook; cursists'
			// rounds never do, which keeps the tablet's hot path free of its query.
			a, err := answeredOf(p.row, p.round, p.ver)
			if err != nil {
				return err
			}
			if err := sinks.Responses.ReceiveResponse(ctx, tx, a); err != nil {
				return fmt.Errorf("response sink: %w", err)
			}
		}
		if sink == nil || !IsReflection(p.def) {
			continue
		}
		refl, err := reflectionOf(p.row, p.round, p.ver, p.def, p.cursist, p.voices)
		if err != nil {
			return err
		}
		refls = append(refls, refl)
	}
	if len(refls) == 0 {
		return nil
	}
	if bs, ok := sink.(ReflectionBatchSink); ok {
		if err := bs.CreateFromReflections(ctx, tx, refls); err != nil {
			return fmt.Errorf("reflection sink: %w", err)
		}
		return nil
	}
	for _, refl := range refls {
		if err := sink.CreateFromReflection(ctx, tx, refl); err != nil {
			return fmt.Errorf("reflection sink: %w", err)
		}
	}
	return nil
}

func roundClosed(r Round, now time.Time) error {
	msg := "submit.round_closed"
	if r.ClosedAt == nil && now.UTC().Before(r.OpensAt) {
		msg = "submit.round_not_open"
	}
	e := apperr.New(apperr.KindConflict, msg)
	e.Fields = map[string]apperr.Message{"round": apperr.Msg(msg)}
	return e
}

// existing returns the stored response with client id, if any; a response with that id
// in another round is a conflict.
func existing(ctx context.Context, d *db.DB, id string, r Round) (StoredResponse, bool, error) {
	var row Response
	err := d.WithContext(ctx).Where("client_id = ?", id).First(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return StoredResponse{}, false, nil
	}
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("survey: look up response %s: %w", id, err)
	}
	if row.RoundID != r.ID {
		e := apperr.New(apperr.KindConflict, "submit.id_conflict")
		e.Fields = map[string]apperr.Message{"id": apperr.Msg("submit.id_conflict")}
		return StoredResponse{}, true, e
	}
	out, err := view(ctx, d, row, r)
	return out, true, err
}

func view(ctx context.Context, d *db.DB, row Response, r Round) (StoredResponse, error) {
	var v FormVersion
	if err := d.WithContext(ctx).First(&v, row.FormVersionID).Error; err != nil {
		return StoredResponse{}, fmt.Errorf("survey: version of response %d: %w", row.ID, err)
	}
	out := StoredResponse{
		ID: row.ClientID, Round: r.Code, FormID: v.FormID, FormVersion: v.Version, Language: row.Language,
		Answers: json.RawMessage(row.Answers), ConsentVersion: row.ConsentVersion, SubmittedAt: row.SubmittedAt.UTC(),
		Late: row.Late,
	}
	if row.CursistID != nil {
		var c people.Cursist
		if err := d.WithContext(ctx).First(&c, *row.CursistID).Error; err == nil {
			out.Cursist = &c.Code
		}
	}
	return out, nil
}

// IsReflection reports whether a form feeds outcome harvesting: its questions carry
// reflection roles (the built-in form and copies of it do).
func IsReflection(def Definition) bool {
	_, ok := def.QuestionWithRole(RoleChange)
	return ok
}

// validate checks a submission against the round and form and returns the answers as
// canonical JSON, the voice attachments used (uuid → attachment) and the cursist.
func validate(ctx context.Context, d *db.DB, r Round, def Definition, s Submission) (string, map[string]Attachment, *people.Cursist, error) {
	v := apperr.Invalid{}
	if !def.Offers(s.Language) {
		v.Add("language", "submit.bad_language")
	}
	var cursist *people.Cursist
	code := ""
	if s.Cursist != nil {
		code = NormalizeCode(*s.Cursist)
	}
	if code != "" && (r.ForStaff || r.IdentifyMode == IdentifyAnonymous) {
		// A round for staff of a partner organisation has no cursists; an anonymous-only
		// round identifies nobody.
		v.Add("cursist", "submit.unknown_cursist")
	} else if code == "" {
		if !r.AnonymousAllowed {
			v.Add("cursist", "submit.anonymous_not_allowed")
		}
	} else if !plausibleCode(code) {
		v.Add("cursist", "submit.unknown_cursist")
	} else {
		var c people.Cursist
		q := d.WithContext(ctx).Where("partnership_id = ? AND code = ? AND active = ?", r.PartnershipID, code, true)
		if r.GroupName != "" {
			q = q.Where("group_name = ?", r.GroupName)
		}
		err := q.First(&c).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			v.Add("cursist", "submit.unknown_cursist")
		case err != nil:
			return "", nil, nil, fmt.Errorf("survey: look up cursist: %w", err)
		default:
			cursist = &c
		}
	}
	for k := range s.Answers {
		if _, ok := def.Question(k); !ok {
			v.Add(k, "submit.unknown_question")
		}
	}
	clean := map[string]any{}
	voiceIDs := map[string]string{} // uuid → question id
	for _, q := range def.Questions {
		raw, ok := s.Answers[q.ID]
		if !ok || isEmpty(raw) {
			if q.Required {
				v.Add(q.ID, "submit.required")
			}
			continue
		}
		val, voice, msg, kv := checkAnswer(q, raw)
		if msg != "" {
			v.Add(q.ID, msg, kv...)
			continue
		}
		if val == nil {
			if q.Required {
				v.Add(q.ID, "submit.required")
			}
			continue
		}
		if voice != "" {
			voiceIDs[voice] = q.ID
		}
		clean[q.ID] = val
	}
	voices := map[string]Attachment{}
	if len(voiceIDs) > 0 {
		ids := make([]string, 0, len(voiceIDs))
		for id := range voiceIDs {
			ids = append(ids, id)
		}
		var as []Attachment
		if err := d.WithContext(ctx).Where("client_id IN ? AND round_id = ?", ids, r.ID).Find(&as).Error; err != nil {
			return "", nil, nil, fmt.Errorf("survey: look up voice answers: %w", err)
		}
		for _, a := range as {
			voices[a.ClientID] = a
		}
		for id, qid := range voiceIDs {
			if _, ok := voices[id]; !ok {
				v.Add(qid, "submit.unknown_voice")
			}
		}
	}
	if err := v.Err(); err != nil {
		return "", nil, nil, err
	}
	b, err := json.Marshal(clean) // map keys are sorted: a canonical form
	if err != nil {
		return "", nil, nil, err
	}
	return string(b), voices, cursist, nil
}

func isEmpty(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null")) || bytes.Equal(t, []byte(`""`)) || bytes.Equal(t, []byte("[]"))
}

// checkAnswer validates one answer; it returns the normalized value (nil: empty), a
// voice attachment uuid used, or a message id for the error.
func checkAnswer(q Question, raw json.RawMessage) (val any, voice string, msg string, kv []any) {
	text := func(s string, max int) (any, string, []any) {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) > max {
			return nil, "submit.too_long", []any{"Max", max}
		}
		if !utf8.ValidString(s) {
			return nil, "submit.wrong_type", nil
		}
		if s == "" {
			return nil, "", nil
		}
		return s, "", nil
	}
	switch q.Type {
	case LongText, ShortText:
		max := MaxLongText
		if q.Type == ShortText {
			max = MaxShortText
		}
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			val, msg, kv = text(s, max)
			return val, "", msg, kv
		}
		if q.Type != LongText || !q.AllowVoice {
			return nil, "", "submit.wrong_type", nil
		}
		var va VoiceAnswer
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&va); err != nil {
			return nil, "", "submit.wrong_type", nil
		}
		t, msg, kv := text(va.Text, max)
		if msg != "" {
			return nil, "", msg, kv
		}
		if va.Voice == "" {
			return t, "", "", nil
		}
		id, ok := CanonicalUUID(va.Voice)
		if !ok {
			return nil, "", "submit.unknown_voice", nil
		}
		ts, _ := t.(string)
		return VoiceAnswer{Text: ts, Voice: id}, id, "", nil
	case Voice:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, "", "submit.wrong_type", nil
		}
		id, ok := CanonicalUUID(s)
		if !ok {
			return nil, "", "submit.unknown_voice", nil
		}
		return id, id, "", nil
	case SingleChoice, Sign:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, "", "submit.wrong_type", nil
		}
		if _, ok := q.Option(s); !ok {
			return nil, "", "submit.unknown_option", nil
		}
		return s, "", "", nil
	case MultipleChoice:
		var ss []string
		if err := json.Unmarshal(raw, &ss); err != nil {
			return nil, "", "submit.wrong_type", nil
		}
		var out []string
		for _, s := range ss {
			if _, ok := q.Option(s); !ok {
				return nil, "", "submit.unknown_option", nil
			}
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			return nil, "", "", nil
		}
		return out, "", "", nil
	case Scale:
		var f float64
		if err := json.Unmarshal(raw, &f); err != nil || f != math.Trunc(f) {
			return nil, "", "submit.wrong_type", nil
		}
		n := int(f)
		if q.Min != nil && q.Max != nil && (n < *q.Min || n > *q.Max) {
			return nil, "", "submit.out_of_range", []any{"Min", *q.Min, "Max", *q.Max}
		}
		return n, "", "", nil
	}
	return nil, "", "submit.wrong_type", nil
}

// reflectionOf maps a response onto the parts of an outcome by the questions' roles.
func reflectionOf(row Response, r Round, ver FormVersion, def Definition, c *people.Cursist, voices map[string]Attachment) (Reflection, error) {
	var answers map[string]json.RawMessage
	if err := json.Unmarshal([]byte(row.Answers), &answers); err != nil {
		return Reflection{}, err
	}
	out := Reflection{
		ResponseID: row.ID, PartnershipID: r.PartnershipID, RoundID: r.ID, RoundTitle: r.Title, FormID: ver.FormID,
		FormVersion: ver.Version, GroupName: r.GroupName, Language: row.Language, SubmittedAt: row.SubmittedAt, Blocks: []string{},
	}
	if c != nil {
		id := c.ID
		out.CursistID = &id
	}
	textOf := func(role string) string {
		q, ok := def.QuestionWithRole(role)
		if !ok {
			return ""
		}
		raw := answers[q.ID]
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		var va VoiceAnswer
		if json.Unmarshal(raw, &va) == nil {
			return va.Text
		}
		return ""
	}
	out.Change, out.Significance, out.Sign, out.Contribution = textOf(RoleChange), textOf(RoleSignificance), textOf(RoleSign), textOf(RoleContribution)
	if q, ok := def.QuestionWithRole(RoleBlocks); ok {
		var bs []string
		if json.Unmarshal(answers[q.ID], &bs) == nil {
			out.Blocks = bs
		} else if s := textOf(RoleBlocks); s != "" {
			out.Blocks = []string{s}
		}
	}
	// Voice attachments in question order, so the outcome lists them as asked.
	for _, q := range def.Questions {
		for _, a := range voices {
			if answerUsesVoice(answers[q.ID], a.ClientID) && !slices.Contains(out.VoiceAttachmentIDs, a.ID) {
				out.VoiceAttachmentIDs = append(out.VoiceAttachmentIDs, a.ID)
			}
		}
	}
	return out, nil
}

func answerUsesVoice(raw json.RawMessage, id string) bool {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s == id
	}
	var va VoiceAnswer
	return json.Unmarshal(raw, &va) == nil && va.Voice == id
}
