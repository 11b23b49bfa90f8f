package survey

import (
	"context"
	"encoding/json"
	"fmt"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// writeBatch stores submissions in one transaction: one multi-row INSERT that skips
// client ids already stored (by an earlier request or another process), then consent
// and the sinks for the new rows. If the transaction fails, each submission is tried
// in a transaction of its own, so that one bad submission cannot fail the others; the
// error of one that still fails stays on it (p.err).
func writeBatch(ctx context.Context, d *db.DB, sinks Sinks, batch []*pending) {
	err := d.Tx(ctx, func(tx *db.DB) error { return insertBatch(ctx, tx, sinks, batch) })
	if err == nil {
		return
	}
	for _, p := range batch {
		p.inserted = false
	}
	if len(batch) == 1 {
		batch[0].err = fmt.Errorf("survey: submit to round %d: %w", batch[0].round.ID, err)
		return
	}
	for _, p := range batch {
		one := []*pending{p}
		if err := d.Tx(ctx, func(tx *db.DB) error { return insertBatch(ctx, tx, sinks, one) }); err != nil {
			p.inserted = false
			p.err = fmt.Errorf("survey: submit to round %d: %w", p.round.ID, err)
		}
	}
}

const insertResponses = "INSERT INTO survey_responses (client_id, round_id, partnership_id, form_version_id, cursist_id, language, answers, consent_version, submitted_at, created_at, late, accepted_by) VALUES "

func insertBatch(ctx context.Context, tx *db.DB, sinks Sinks, batch []*pending) error {
	byID := make(map[string]*pending, len(batch))
	args := make([]any, 0, 12*len(batch))
	q := make([]byte, 0, len(insertResponses)+len(batch)*64+64)
	q = append(q, insertResponses...)
	for _, p := range batch {
		if _, dup := byID[p.row.ClientID]; dup {
			continue // the same id twice in one batch: the second finds the first
		}
		byID[p.row.ClientID] = p
		if len(args) > 0 {
			q = append(q, ',')
		}
		q = tx.AppendRow(q, len(args), 12)
		r := &p.row
		args = append(args, r.ClientID, r.RoundID, r.PartnershipID, r.FormVersionID, r.CursistID, r.Language, r.Answers,
			r.ConsentVersion, r.SubmittedAt, r.CreatedAt, r.Late, r.AcceptedBy)
	}
	q = append(q, " ON CONFLICT (client_id) DO NOTHING RETURNING id, client_id"...)
	rows, err := tx.Conn(ctx).QueryContext(ctx, string(q), args...)
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
	for _, p := range batch {
		if !p.inserted || byID[p.row.ClientID] != p {
			continue
		}
		if p.link != nil {
			if err := claimLink(ctx, tx, p.link.ID, p.row.CreatedAt); err != nil {
				return err
			}
		}
		if p.cursist != nil && p.row.ConsentVersion != "" && p.cursist.ConsentVersion != p.row.ConsentVersion {
			// The tablet showed this consent text and the cursist agreed: record it on
			// the cursist, in the same transaction as the answers.
			if err := people.RecordConsent(ctx, tx, p.cursist.ID, p.row.ConsentVersion, p.row.SubmittedAt); err != nil {
				return err
			}
		}
		if sinks.Responses != nil && p.round.ForStaff {
			// Staff rounds (marker self-assessments) go to the response hook; cursists'
			// rounds never do, which keeps the tablet's hot path free of its query.
			if err := sinks.Responses.ReceiveResponse(ctx, tx, p.answeredView()); err != nil {
				return fmt.Errorf("response sink: %w", err)
			}
		}
		if sinks.Reflections != nil && IsReflection(p.def) {
			refls = append(refls, p.reflection())
		}
	}
	if len(refls) == 0 {
		return nil
	}
	if err := sinks.Reflections.CreateFromReflections(ctx, tx, refls); err != nil {
		return fmt.Errorf("reflection sink: %w", err)
	}
	return nil
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

// existing returns the stored response with client id, if any; a response with that id
// in another round is a conflict.
func existing(ctx context.Context, d *db.DB, id string, r Round) (StoredResponse, bool, error) {
	var row Response
	err := d.Q(ctx).Where("client_id = ?", id).First(&row).Error
	if db.IsNotFound(err) {
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
	if err := d.Q(ctx).First(&v, row.FormVersionID).Error; err != nil {
		return StoredResponse{}, fmt.Errorf("survey: version of response %d: %w", row.ID, err)
	}
	out := StoredResponse{
		ID: row.ClientID, Round: r.Code, FormID: v.FormID, FormVersion: v.Version, Language: row.Language,
		Answers: json.RawMessage(row.Answers), ConsentVersion: row.ConsentVersion, SubmittedAt: row.SubmittedAt.UTC(),
		Late: row.Late,
	}
	if row.CursistID != nil {
		var c people.Cursist
		if err := d.Q(ctx).First(&c, *row.CursistID).Error; err == nil {
			out.Cursist = &c.Code
		}
	}
	return out, nil
}
