package markers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
	"oogst/people"
	"oogst/survey"
)

// A marker survey sends a boundary partner's active markers for one period as a short
// self-assessment to staff of the partner organisation. The survey engine stores the
// form, the round and the responses; markers keeps which round belongs to which
// journal (Survey) and turns each answer into a Proposal through survey's
// ResponseSink hook, without reading survey tables.

// Survey links a survey round to a journal (boundary partner × period).
type Survey struct {
	ID                int64 `gorm:"primaryKey"`
	PartnershipID     int64
	BoundaryPartnerID int64
	PeriodID          int64
	RoundID           int64
	Code              string
	Organisation      string // who is asked, as named when the survey was made
	ClosesAt          time.Time
	CreatedBy         *int64
	CreatedAt         time.Time
}

func (Survey) TableName() string { return "marker_surveys" }

// ProposalStatus is where a proposal stands.
type ProposalStatus string

const (
	Pending  ProposalStatus = "pending"
	Accepted ProposalStatus = "accepted"
	Rejected ProposalStatus = "rejected"
)

// Proposal is one respondent's answer about one marker.
type Proposal struct {
	ID                int64 `gorm:"primaryKey"`
	PartnershipID     int64
	SurveyID          int64
	BoundaryPartnerID int64
	PeriodID          int64
	MarkerID          int64
	ResponseID        int64
	Rating            Rating
	Text              string
	Respondent        string
	Status            ProposalStatus
	AcceptedRating    string // what went into the journal (maybe edited)
	AcceptedText      string
	DecidedBy         *int64
	DecidedAt         *time.Time
	CreatedAt         time.Time
}

func (Proposal) TableName() string { return "marker_proposals" }

// DontKnow is the survey answer for "I cannot say"; it is not a Rating.
const DontKnow = "dont_know"

// Question ids of a marker survey form.
const RespondentQuestion = "respondent"

// RatingQuestion and EvidenceQuestion name a marker's two questions ("m12-rating").
func RatingQuestion(markerID int64) string { return "m" + strconv.FormatInt(markerID, 10) + "-rating" }
func EvidenceQuestion(markerID int64) string {
	return "m" + strconv.FormatInt(markerID, 10) + "-evidence"
}

// SurveyLanguages are the languages a marker survey is written in (the staff languages).
var SurveyLanguages = []string{"nl", "fr", "en"}

// Translate returns message id in lang with template data kv (the server's bundle).
type Translate func(id, lang string, kv ...any) string

// SurveyDays is how long a marker survey link works by default.
const SurveyDays = 30

// CreateSurvey builds the self-assessment form for the boundary partner's active
// markers, opens a round for it (see survey.OpenGeneratedRound) and records it for the
// journal of bpID × periodID (coordinators).
func CreateSurvey(ctx context.Context, d *db.DB, sc people.Scope, bpID, periodID int64, T Translate, closesAt, now time.Time) (Survey, error) {
	var out Survey
	// The checks run in the transaction that creates the round, so a partner or period
	// changed meanwhile cannot slip between them.
	err := d.Tx(ctx, func(tx *db.DB) error {
		bp, p, err := partnerPeriodTx(ctx, tx, sc, bpID, periodID)
		if err != nil {
			return err
		}
		if !canManage(sc, bp.PartnershipID) {
			return apperr.Forbidden()
		}
		ms, err := markersOf(ctx, tx, []int64{bpID}, false)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			return apperr.New(apperr.KindConflict, "markersurvey.error.no_markers")
		}
		org := bp.Name
		if bp.OrganisationID != nil {
			var o people.Organisation
			if err := tx.Q(ctx).First(&o, *bp.OrganisationID).Error; err == nil {
				org = o.Name
			}
		}
		def := surveyDefinition(bp, p, ms, T)
		in := survey.GeneratedRound{PartnershipID: bp.PartnershipID, Definition: def, ClosesAt: closesAt,
			Title: T("markersurvey.round.title", "nl", "Name", bp.Name, "Label", p.Label)}
		_, err = survey.OpenGeneratedRound(ctx, tx, sc, in, now, func(g *db.DB, r survey.Round) error {
			out = Survey{PartnershipID: bp.PartnershipID, BoundaryPartnerID: bp.ID, PeriodID: p.ID, RoundID: r.ID, Code: r.Code,
				Organisation: org, ClosesAt: *r.ClosesAt, CreatedBy: userRef(sc), CreatedAt: now.UTC()}
			return g.Q(ctx).Create(&out).Error
		})
		return err
	})
	if err != nil {
		return Survey{}, err
	}
	return out, nil
}

// surveyDefinition: per marker a rating (required) and what the respondent saw
// (optional), then who answered (optional), in every survey language.
func surveyDefinition(bp BoundaryPartner, p Period, ms []Marker, T Translate) survey.Definition {
	each := func(f func(lang string) string) locale.Text {
		t := locale.Text{}
		for _, l := range SurveyLanguages {
			t[l] = f(l)
		}
		return t
	}
	def := survey.Definition{Languages: SurveyLanguages,
		Title: each(func(l string) string { return T("markersurvey.form.title", l, "Name", bp.Name, "Label", p.Label) })}
	var opts []survey.Option
	for _, r := range Ratings {
		opts = append(opts, survey.Option{ID: string(r), Text: each(func(l string) string { return T("rating."+string(r), l) })})
	}
	// A respondent who cannot say picks "don't know" rather than a level: the sink
	// stores no proposal for it, so the marker stays "not recorded".
	opts = append(opts, survey.Option{ID: DontKnow, Text: each(func(l string) string { return T("staffwork.rating.dont_know", l) })})
	for _, m := range ms {
		text := m.Text()
		def.Questions = append(def.Questions,
			survey.Question{ID: RatingQuestion(m.ID), Type: survey.SingleChoice, Required: true, Options: opts,
				Text: each(func(l string) string { return T("markersurvey.q.rating", l, "Marker", text.In(l)) })},
			survey.Question{ID: EvidenceQuestion(m.ID), Type: survey.LongText,
				Text: each(func(l string) string { return T("markersurvey.q.evidence", l) })})
	}
	def.Questions = append(def.Questions, survey.Question{ID: RespondentQuestion, Type: survey.ShortText,
		Text: each(func(l string) string { return T("markersurvey.q.respondent", l) })})
	return def
}

// ProposalSink turns answers to marker surveys into proposals; wire it as the server's
// survey.ResponseSink. Responses to other rounds are ignored.
type ProposalSink struct{}

// ReceiveResponse implements survey.ResponseSink.
func (ProposalSink) ReceiveResponse(ctx context.Context, tx *db.DB, a survey.Answered) error {
	var sv Survey
	err := tx.Q(ctx).Where("round_id = ?", a.RoundID).First(&sv).Error
	if db.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("markers: survey of round %d: %w", a.RoundID, err)
	}
	ms, err := markersOf(ctx, tx, []int64{sv.BoundaryPartnerID}, true)
	if err != nil {
		return err
	}
	respondent := strings.TrimSpace(a.Answers[RespondentQuestion])
	var ps []Proposal
	for _, m := range ms {
		rating := Rating(a.Answers[RatingQuestion(m.ID)])
		if !rating.Valid() {
			continue // not asked (added later), not answered, or "don't know"
		}
		ps = append(ps, Proposal{PartnershipID: sv.PartnershipID, SurveyID: sv.ID, BoundaryPartnerID: sv.BoundaryPartnerID, PeriodID: sv.PeriodID,
			MarkerID: m.ID, ResponseID: a.ResponseID, Rating: rating, Text: strings.TrimSpace(a.Answers[EvidenceQuestion(m.ID)]),
			Respondent: respondent, Status: Pending, CreatedAt: a.SubmittedAt.UTC()})
	}
	if len(ps) == 0 {
		return nil
	}
	if err := tx.Q(ctx).Create(&ps).Error; err != nil {
		return fmt.Errorf("markers: proposals of response %d: %w", a.ResponseID, err)
	}
	return nil
}

// PublicSurvey is what the answer page shows about a marker survey to whoever holds
// its code.
type PublicSurvey struct {
	Survey
	PartnerName, PeriodLabel string
}

// SurveyForRound finds the marker survey of a round (no scope: the caller already
// resolved the round from its code, which is the capability). NotFound for rounds
// that are not marker surveys.
func SurveyForRound(ctx context.Context, d *db.DB, roundID int64) (PublicSurvey, error) {
	var out PublicSurvey
	err := d.Q(ctx).Where("round_id = ?", roundID).First(&out.Survey).Error
	if db.IsNotFound(err) {
		return out, apperr.NotFound()
	}
	if err != nil {
		return out, fmt.Errorf("markers: survey of round %d: %w", roundID, err)
	}
	var bp BoundaryPartner
	var p Period
	if err := d.Q(ctx).First(&bp, out.BoundaryPartnerID).Error; err != nil {
		return out, fmt.Errorf("markers: survey partner: %w", err)
	}
	if err := d.Q(ctx).First(&p, out.PeriodID).Error; err != nil {
		return out, fmt.Errorf("markers: survey period: %w", err)
	}
	out.PartnerName, out.PeriodLabel = bp.Name, p.Label
	return out, nil
}

// JournalSurveys is the marker surveys and proposals of one journal.
type JournalSurveys struct {
	Surveys   []Survey
	Responses map[int64]int // survey id → number of responses
	Proposals []Proposal    // oldest first
	Names     map[int64]string
	CanDecide bool
}

// LoadJournalSurveys lists the surveys and proposals of bpID × periodID (readers of
// the journal see them; coordinators decide).
func LoadJournalSurveys(ctx context.Context, d *db.DB, sc people.Scope, bpID, periodID int64) (JournalSurveys, error) {
	var out JournalSurveys
	bp, _, err := partnerPeriodTx(ctx, d, sc, bpID, periodID)
	if err != nil {
		return out, err
	}
	out.CanDecide = canManage(sc, bp.PartnershipID)
	if err := d.Q(ctx).Where("boundary_partner_id = ? AND period_id = ?", bpID, periodID).Order("created_at DESC, id DESC").Find(&out.Surveys).Error; err != nil {
		return out, fmt.Errorf("markers: list surveys: %w", err)
	}
	if err := d.Q(ctx).Where("boundary_partner_id = ? AND period_id = ?", bpID, periodID).Order("created_at, id").Find(&out.Proposals).Error; err != nil {
		return out, fmt.Errorf("markers: list proposals: %w", err)
	}
	out.Responses = map[int64]int{}
	seen := map[int64]bool{}
	var uids []int64
	for _, pr := range out.Proposals {
		if !seen[pr.ResponseID] {
			seen[pr.ResponseID] = true
			out.Responses[pr.SurveyID]++
		}
		if pr.DecidedBy != nil {
			uids = append(uids, *pr.DecidedBy)
		}
	}
	out.Names, err = userNames(ctx, d, uids)
	return out, err
}

// AcceptInput is what goes into the journal: the proposal's values, maybe edited.
type AcceptInput struct {
	Rating, Text string
	// Source is the evidence line to add, e.g. "Self-assessment by <organisation>".
	Source func(organisation string) string
}

// AcceptProposal copies a pending proposal into the journal entry of its marker
// (coordinators): the rating replaces the entry's, the text is added to the
// description, the source to the evidence.
func AcceptProposal(ctx context.Context, d *db.DB, sc people.Scope, id int64, in AcceptInput, now time.Time) (Proposal, error) {
	var pr Proposal
	err := d.Tx(ctx, func(txd *db.DB) error {
		tx := txd.Q(ctx)
		var err error
		pr, err = pendingProposal(tx, sc, id)
		if err != nil {
			return err
		}
		in.Rating, in.Text = strings.TrimSpace(in.Rating), strings.TrimSpace(in.Text)
		v := apperr.Invalid{}
		if !Rating(in.Rating).Valid() {
			v.Add("rating", "markers.error.rating")
		}
		if len([]rune(in.Text)) > maxText {
			v.Add("text", "markers.error.too_long", "Max", maxText)
		}
		if err := v.Err(); err != nil {
			return err
		}
		var m Marker
		var p Period
		var sv Survey
		if err := tx.First(&m, pr.MarkerID).Error; err != nil {
			return fmt.Errorf("markers: proposal marker: %w", err)
		}
		if err := tx.First(&p, pr.PeriodID).Error; err != nil {
			return fmt.Errorf("markers: proposal period: %w", err)
		}
		if err := tx.First(&sv, pr.SurveyID).Error; err != nil {
			return fmt.Errorf("markers: proposal survey: %w", err)
		}
		if m.Retired() && m.RetiredAt.Before(p.StartsOn) {
			// The journal of this period no longer shows the marker.
			return apperr.New(apperr.KindConflict, "markersurvey.error.retired")
		}
		j, err := ensureJournal(tx, sc, pr.PartnershipID, pr.BoundaryPartnerID, pr.PeriodID)
		if err != nil {
			return err
		}
		var e Entry
		err = tx.Where("journal_id = ? AND marker_id = ?", j.ID, m.ID).First(&e).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("markers: load entry: %w", err)
		}
		e.JournalID, e.MarkerID, e.Rating = j.ID, m.ID, Rating(in.Rating)
		e.Description = appendPara(e.Description, in.Text)
		if in.Source != nil {
			e.Evidence = appendPara(e.Evidence, in.Source(sv.Organisation))
		}
		e.RecordedBy, e.RecordedAt = userRef(sc), now.UTC()
		if err := tx.Save(&e).Error; err != nil {
			return fmt.Errorf("markers: save entry from proposal %d: %w", id, err)
		}
		// The journal changed: a form loaded before this must not save over it unseen.
		if err := tx.Model(&Journal{}).Where("id = ?", j.ID).Update("version", gorm.Expr("version + 1")).Error; err != nil {
			return fmt.Errorf("markers: journal version after proposal %d: %w", id, err)
		}
		return decide(tx, sc, &pr, Accepted, in.Rating, in.Text, now)
	})
	return pr, err
}

// RejectProposal marks a pending proposal as not taken over (coordinators).
func RejectProposal(ctx context.Context, d *db.DB, sc people.Scope, id int64, now time.Time) (Proposal, error) {
	var pr Proposal
	err := d.Tx(ctx, func(txd *db.DB) error {
		tx := txd.Q(ctx)
		var err error
		if pr, err = pendingProposal(tx, sc, id); err != nil {
			return err
		}
		return decide(tx, sc, &pr, Rejected, "", "", now)
	})
	return pr, err
}

// pendingProposal loads a proposal for a decision: NotFound outside the caller's
// partnerships, Forbidden for non-coordinators, Conflict when already decided.
func pendingProposal(tx *gorm.DB, sc people.Scope, id int64) (Proposal, error) {
	var pr Proposal
	ids := readableIDs(sc)
	if len(ids) == 0 {
		return pr, apperr.NotFound()
	}
	err := tx.Where("id = ? AND partnership_id IN ?", id, ids).First(&pr).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return pr, apperr.NotFound()
	}
	if err != nil {
		return pr, fmt.Errorf("markers: load proposal %d: %w", id, err)
	}
	if !canManage(sc, pr.PartnershipID) {
		return pr, apperr.Forbidden()
	}
	if pr.Status != Pending {
		return pr, apperr.New(apperr.KindConflict, "markersurvey.error.decided")
	}
	return pr, nil
}

func decide(tx *gorm.DB, sc people.Scope, pr *Proposal, st ProposalStatus, rating, text string, now time.Time) error {
	t := now.UTC()
	res := tx.Model(&Proposal{}).Where("id = ? AND status = ?", pr.ID, Pending).Updates(map[string]any{
		"status": st, "accepted_rating": rating, "accepted_text": text, "decided_by": userRef(sc), "decided_at": t})
	if res.Error != nil {
		return fmt.Errorf("markers: decide proposal %d: %w", pr.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.KindConflict, "markersurvey.error.decided") // decided at the same moment
	}
	pr.Status, pr.AcceptedRating, pr.AcceptedText, pr.DecidedBy, pr.DecidedAt = st, rating, text, userRef(sc), &t
	return nil
}

// ensureJournal returns the journal of bp × period, creating an empty one.
func ensureJournal(tx *gorm.DB, sc people.Scope, pid, bpID, periodID int64) (Journal, error) {
	var j Journal
	err := tx.Where("boundary_partner_id = ? AND period_id = ?", bpID, periodID).First(&j).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		j = Journal{PartnershipID: pid, BoundaryPartnerID: bpID, PeriodID: periodID, UpdatedBy: userRef(sc)}
		err = tx.Create(&j).Error
	}
	if err != nil {
		return j, fmt.Errorf("markers: journal for proposal: %w", err)
	}
	return j, nil
}

// appendPara adds s as a new paragraph unless it is empty or already there.
func appendPara(old, s string) string {
	old, s = strings.TrimSpace(old), strings.TrimSpace(s)
	switch {
	case s == "" || strings.Contains(old, s):
		return old
	case old == "":
		return s
	}
	return old + "\n\n" + s
}
