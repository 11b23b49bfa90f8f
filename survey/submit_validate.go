package survey

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// pending is a validated submission on its way into the database.
type pending struct {
	row     Response
	round   Round
	ver     FormVersion
	def     Definition
	answers []answered // in question order
	cursist *people.Cursist
	link    *PersonalLink // the personal link this reflection spends
	voices  map[string]Attachment
	// stored: the id was found already stored while validating; nothing to write.
	stored bool
	// set by the writer
	inserted bool
	err      error
}

// answered is one validated, normalized answer: the shape it is stored in and its value.
type answered struct {
	q     *Question
	shape AnswerShape // ShapeString, ShapeList, ShapeNumber or ShapeVoice
	text  string
	voice string
	list  []string
	num   int
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
	p := &pending{round: r, ver: ver, def: def}
	var verr error
	late := false
	if !r.IsOpen(now) {
		if r.ClosedSince(now) != nil && signer.LateOK(r, s.Started, now) {
			late = true
		} else {
			verr = roundClosed(r, now)
		}
	}
	if verr == nil {
		verr = p.validate(ctx, d, s)
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
	p.setRow(id, s, now, now, late)
	return p, nil
}

// setRow makes the row of a validated submission.
func (p *pending) setRow(id string, s Submission, submittedAt, now time.Time, late bool) {
	p.row = Response{
		ClientID: id, RoundID: p.round.ID, PartnershipID: p.round.PartnershipID, FormVersionID: p.ver.ID, Language: s.Language,
		Answers: encodeAnswers(p.answers), ConsentVersion: strings.TrimSpace(s.ConsentVersion), SubmittedAt: submittedAt.UTC().Truncate(time.Second),
		CreatedAt: now.UTC(), Late: late,
	}
	if p.cursist != nil {
		p.row.CursistID = &p.cursist.ID
	}
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

// validate checks a submission against the round and form and fills p's answers, the
// voice attachments used (uuid → attachment) and the cursist.
func (p *pending) validate(ctx context.Context, d *db.DB, s Submission) error {
	r, def := p.round, &p.def
	v := apperr.Invalid{}
	if !def.Offers(s.Language) {
		v.Add("language", "submit.bad_language")
	}
	code := ""
	if s.Cursist != nil {
		code = NormalizeCode(*s.Cursist)
	}
	if s.Link != "" {
		if err := p.personal(ctx, d, s.Link, code, v); err != nil {
			return err
		}
	} else if code != "" && (r.ForStaff || r.IdentifyMode == IdentifyAnonymous) {
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
		q := d.Q(ctx).Where("partnership_id = ? AND code = ?", r.PartnershipID, code)
		if r.FollowUpMonths == nil {
			// A follow-up round also hears those who paused, stopped or finished.
			q = q.Where("active = ?", true)
		}
		if r.GroupName != "" {
			q = q.Where("group_name = ?", r.GroupName)
		}
		switch err := q.First(&c).Error; {
		case db.IsNotFound(err):
			v.Add("cursist", "submit.unknown_cursist")
		case err != nil:
			return fmt.Errorf("survey: look up cursist: %w", err)
		default:
			p.cursist = &c
		}
	}
	for k := range s.Answers {
		if _, ok := def.Question(k); !ok {
			v.Add(k, "submit.unknown_question")
		}
	}
	var voiceIDs map[string]string // uuid → question id
	p.answers = make([]answered, 0, len(s.Answers))
	for i := range def.Questions {
		q := &def.Questions[i]
		a, msg, kv := checkAnswer(q, s.Answers[q.ID])
		switch {
		case msg != "":
			v.Add(q.ID, msg, kv...)
		case a.shape == ShapeNone:
			if q.Required {
				v.Add(q.ID, "submit.required")
			}
		default:
			if a.voice != "" {
				if voiceIDs == nil {
					voiceIDs = map[string]string{}
				}
				voiceIDs[a.voice] = q.ID
			}
			p.answers = append(p.answers, a)
		}
	}
	if len(voiceIDs) > 0 {
		ids := make([]string, 0, len(voiceIDs))
		for id := range voiceIDs {
			ids = append(ids, id)
		}
		var as []Attachment
		if err := d.Q(ctx).Where("client_id IN ? AND round_id = ?", ids, r.ID).Find(&as).Error; err != nil {
			return fmt.Errorf("survey: look up voice answers: %w", err)
		}
		p.voices = make(map[string]Attachment, len(as))
		for _, a := range as {
			p.voices[a.ClientID] = a
		}
		for id, qid := range voiceIDs {
			if _, ok := p.voices[id]; !ok {
				v.Add(qid, "submit.unknown_voice")
			}
		}
	}
	return v.Err()
}

// checkAnswer validates one answer against its question; it returns the normalized
// answer (shape ShapeNone: not answered) or a message id for the error.
func checkAnswer(q *Question, a Answer) (answered, string, []any) {
	out := answered{q: q}
	if a.Shape == ShapeNone {
		return out, "", nil
	}
	switch q.Type {
	case LongText, ShortText:
		max := MaxLongText
		if q.Type == ShortText {
			max = MaxShortText
		}
		switch {
		case a.Shape == ShapeString:
		case a.Shape == ShapeVoice && q.Type == LongText && q.AllowVoice:
		default:
			return out, "submit.wrong_type", nil
		}
		t := strings.TrimSpace(a.Text)
		if utf8.RuneCountInString(t) > max {
			return out, "submit.too_long", []any{"Max", max}
		}
		if !utf8.ValidString(t) {
			return out, "submit.wrong_type", nil
		}
		if a.Shape == ShapeVoice && a.Voice != "" {
			id, ok := CanonicalUUID(a.Voice)
			if !ok {
				return out, "submit.unknown_voice", nil
			}
			out.shape, out.text, out.voice = ShapeVoice, t, id
			return out, "", nil
		}
		if t != "" {
			out.shape, out.text = ShapeString, t
		}
		return out, "", nil
	case Voice:
		if a.Shape != ShapeString {
			return out, "submit.wrong_type", nil
		}
		id, ok := CanonicalUUID(a.Text)
		if !ok {
			return out, "submit.unknown_voice", nil
		}
		out.shape, out.text, out.voice = ShapeString, id, id
		return out, "", nil
	case SingleChoice, Sign:
		if a.Shape != ShapeString {
			return out, "submit.wrong_type", nil
		}
		if _, ok := q.Option(a.Text); !ok {
			return out, "submit.unknown_option", nil
		}
		out.shape, out.text = ShapeString, a.Text
		return out, "", nil
	case MultipleChoice:
		if a.Shape != ShapeList {
			return out, "submit.wrong_type", nil
		}
		list := make([]string, 0, len(a.List))
		for _, s := range a.List {
			if _, ok := q.Option(s); !ok {
				return out, "submit.unknown_option", nil
			}
			if !slices.Contains(list, s) {
				list = append(list, s)
			}
		}
		out.shape, out.list = ShapeList, list
		return out, "", nil
	case Scale:
		if a.Shape != ShapeNumber || a.Num != math.Trunc(a.Num) {
			return out, "submit.wrong_type", nil
		}
		n := int(a.Num)
		if q.Min != nil && q.Max != nil && (n < *q.Min || n > *q.Max) {
			return out, "submit.out_of_range", []any{"Min", *q.Min, "Max", *q.Max}
		}
		out.shape, out.num = ShapeNumber, n
		return out, "", nil
	}
	return out, "submit.wrong_type", nil
}

// personal checks the personal link a submission came through: live, of this round,
// not yet spent, and naming the cursist the tablet sent (if any). A spent link is a
// conflict; a retry of the reflection that spent it finds the original in prepare.
func (p *pending) personal(ctx context.Context, d *db.DB, token, code string, v apperr.Invalid) error {
	l, err := linkFor(ctx, d, p.round, token)
	if db.IsNotFound(err) {
		v.Add("link", "reachtablet.link_unknown")
		return nil
	}
	if err != nil {
		return fmt.Errorf("survey: personal link: %w", err)
	}
	if l.UsedAt != nil {
		return linkSpent()
	}
	var c people.Cursist
	if err := d.Q(ctx).Where("partnership_id = ?", p.round.PartnershipID).First(&c, l.CursistID).Error; err != nil {
		return fmt.Errorf("survey: cursist of personal link %d: %w", l.ID, err)
	}
	if code != "" && code != c.Code {
		v.Add("cursist", "submit.unknown_cursist")
		return nil
	}
	p.cursist, p.link = &c, &l
	return nil
}
