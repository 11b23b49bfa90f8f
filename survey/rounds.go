package survey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// CodeLength is the length of a join code.
const CodeLength = 6

// RoundInput is what a coordinator fills in to open a round.
type RoundInput struct {
	PartnershipID    int64
	FormID           int64
	Title            string
	GroupName        string
	OpensAt          time.Time
	ClosesAt         *time.Time
	AnonymousAllowed bool
	// IdleMinutes: minutes without a touch before the tablet asks "are you still
	// there?" (0: the default, 3).
	IdleMinutes int
	// IdentifyMode: IdentifyList (the default when empty), IdentifyCode or IdentifyAnonymous.
	IdentifyMode string
	// Code is normally empty (a random one is made); the demo uses a fixed one.
	Code string
}

// CreateRound opens a round on the latest published version of a form.
func CreateRound(ctx context.Context, d *db.DB, sc people.Scope, in RoundInput, now time.Time) (Round, error) {
	if !sc.Member(in.PartnershipID) {
		return Round{}, apperr.NotFound()
	}
	if !sc.Allows(in.PartnershipID, people.RoleCoordinator) {
		return Round{}, apperr.Forbidden()
	}
	f, _, err := GetForm(ctx, d, sc, in.FormID)
	if err != nil {
		return Round{}, err
	}
	if f.PartnershipID != nil && *f.PartnershipID != in.PartnershipID {
		return Round{}, apperr.NotFound()
	}
	v := apperr.Invalid{}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		v.Add("title", "error.required")
	}
	if in.OpensAt.IsZero() {
		in.OpensAt = now
	}
	if in.IdentifyMode == "" {
		in.IdentifyMode = IdentifyList
	}
	if !ValidIdentifyMode(in.IdentifyMode) {
		v.Add("identify_mode", "tabletcheck.err.identify_mode")
	}
	if in.IdentifyMode == IdentifyAnonymous {
		in.AnonymousAllowed = true
	}
	if in.ClosesAt != nil && !in.ClosesAt.After(in.OpensAt) {
		v.Add("closes_at", "survey.err.closes_before_opens")
	}
	idle := checkIdle(v, in.IdleMinutes)
	ver, err := LatestVersion(ctx, d, f.ID)
	if db.IsNotFound(err) {
		v.Add("form_id", "survey.err.not_published")
	} else if err != nil {
		return Round{}, fmt.Errorf("survey: create round: %w", err)
	}
	if err := v.Err(); err != nil {
		return Round{}, err
	}
	uid := sc.UserID
	r := Round{
		PartnershipID: in.PartnershipID, FormID: f.ID, FormVersionID: ver.ID, Title: in.Title,
		GroupName: strings.TrimSpace(in.GroupName), OpensAt: in.OpensAt.UTC(), AnonymousAllowed: in.AnonymousAllowed,
		IdleSeconds: idle, IdentifyMode: in.IdentifyMode, CreatedBy: &uid, CreatedAt: now.UTC(),
	}
	if in.ClosesAt != nil {
		t := in.ClosesAt.UTC()
		r.ClosesAt = &t
	}
	return r, insertWithCode(ctx, d, &r, in.Code)
}

// MaxIdleMinutes bounds a round's idle time: longer leaves one person's answers on a
// shared tablet for too long.
const MaxIdleMinutes = 30

// checkIdle turns the idle minutes typed on the round form into seconds (0: default).
func checkIdle(v apperr.Invalid, minutes int) int {
	if minutes == 0 {
		return DefaultIdleSeconds
	}
	if minutes < 1 || minutes > MaxIdleMinutes {
		v.Add("idle_minutes", "tabletstaff.err.idle_range", "Max", MaxIdleMinutes)
		return 0
	}
	return minutes * 60
}

// SetRoundIdle changes how long a round's tablets wait for a touch (coordinators).
func SetRoundIdle(ctx context.Context, d *db.DB, sc people.Scope, id int64, minutes int) error {
	r, err := GetRound(ctx, d, sc, id)
	if err != nil {
		return err
	}
	if !sc.Allows(r.PartnershipID, people.RoleCoordinator) {
		return apperr.Forbidden()
	}
	v := apperr.Invalid{}
	if minutes == 0 {
		v.Add("idle_minutes", "tabletstaff.err.idle_range", "Max", MaxIdleMinutes)
	}
	secs := checkIdle(v, minutes)
	if err := v.Err(); err != nil {
		return err
	}
	if err := d.Q(ctx).Model(&Round{}).Where("id = ?", id).Update("idle_seconds", secs).Error; err != nil {
		return fmt.Errorf("survey: set idle time of round %d: %w", id, err)
	}
	return nil
}

// insertWithCode stores r under a fresh random join code, retrying on the rare clash.
func insertWithCode(ctx context.Context, d *db.DB, r *Round, fixed string) error {
	for i := 0; i < 8; i++ {
		r.ID = 0
		r.Code = fixed
		if fixed == "" {
			r.Code = people.RandomCode(CodeLength)
		}
		err := d.Q(ctx).Create(r).Error
		if err == nil {
			return nil
		}
		if !errors.Is(err, gorm.ErrDuplicatedKey) || fixed != "" {
			return fmt.Errorf("survey: create round: %w", err)
		}
	}
	return errors.New("survey: create round: no free join code after 8 tries")
}

// RoundSummary is a round with its form name and response count, for lists.
type RoundSummary struct {
	Round
	FormName    string
	FormVersion int
	Responses   int64
}

// mentorGroup returns the group a mentor is limited to in a partnership ("" and false
// for other roles).
func mentorGroup(sc people.Scope, pid int64) (string, bool) {
	if r, _ := sc.Role(pid); r == people.RoleMentor {
		return sc.MentorGroups[pid], true
	}
	return "", false
}

// ListRounds lists the rounds of the caller's partnerships, newest first; mentors see
// only the rounds of their own group.
func ListRounds(ctx context.Context, d *db.DB, sc people.Scope) ([]RoundSummary, error) {
	var rs []Round
	if err := sc.Where(d.Q(ctx), "partnership_id").Order("opens_at DESC, id DESC").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("survey: list rounds: %w", err)
	}
	var out []RoundSummary
	for _, r := range rs {
		if g, ok := mentorGroup(sc, r.PartnershipID); ok && g != r.GroupName {
			continue
		}
		s, err := summarize(ctx, d, r)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func summarize(ctx context.Context, d *db.DB, r Round) (RoundSummary, error) {
	s := RoundSummary{Round: r}
	var f Form
	if err := d.Q(ctx).First(&f, r.FormID).Error; err != nil {
		return s, fmt.Errorf("survey: round %d form: %w", r.ID, err)
	}
	var v FormVersion
	if err := d.Q(ctx).First(&v, r.FormVersionID).Error; err != nil {
		return s, fmt.Errorf("survey: round %d version: %w", r.ID, err)
	}
	s.FormName, s.FormVersion = f.Name, v.Version
	if err := d.Q(ctx).Model(&Response{}).Where("round_id = ?", r.ID).Count(&s.Responses).Error; err != nil {
		return s, fmt.Errorf("survey: count responses: %w", err)
	}
	return s, nil
}

// GetRound returns a round the caller may see (mentors: own group only).
func GetRound(ctx context.Context, d *db.DB, sc people.Scope, id int64) (RoundSummary, error) {
	var r Round
	err := sc.Where(d.Q(ctx), "partnership_id").First(&r, id).Error
	if err != nil {
		return RoundSummary{}, fmt.Errorf("survey: get round %d: %w", id, err)
	}
	if g, ok := mentorGroup(sc, r.PartnershipID); ok && g != r.GroupName {
		return RoundSummary{}, apperr.NotFound()
	}
	return summarize(ctx, d, r)
}

// CloseRound stops a round taking answers (coordinators).
func CloseRound(ctx context.Context, d *db.DB, sc people.Scope, id int64, now time.Time) error {
	r, err := GetRound(ctx, d, sc, id)
	if err != nil {
		return err
	}
	if !sc.Allows(r.PartnershipID, people.RoleCoordinator) {
		return apperr.Forbidden()
	}
	if r.ClosedAt != nil {
		return nil
	}
	if err := d.Q(ctx).Model(&Round{}).Where("id = ?", id).Update("closed_at", now.UTC()).Error; err != nil {
		return fmt.Errorf("survey: close round %d: %w", id, err)
	}
	return nil
}

// codeSeparators is built once: every tablet request normalizes a code, and building a
// strings.Replacer cost more than the rest of the lookup's CPU.
var codeSeparators = strings.NewReplacer(" ", "", "-", "")

// NormalizeCode upper-cases a typed code and drops spaces and dashes.
func NormalizeCode(s string) string {
	return codeSeparators.Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// plausibleCode reports whether a normalized join or cursist code can exist at all:
// 1 to 16 letters and digits. Anything else is refused before it reaches the database
// (PostgreSQL rejects a NUL byte or invalid UTF-8 in a query with an error, not "no
// rows", which would otherwise surface as a 500).
func plausibleCode(s string) bool {
	if len(s) == 0 || len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// RoundByCode finds a round by its join code for the public tablet API. The code is the
// capability: no scope applies. NotFound when there is no such round.
func RoundByCode(ctx context.Context, d *db.DB, code string) (Round, FormVersion, Definition, error) {
	var r Round
	code = NormalizeCode(code)
	if !plausibleCode(code) {
		return r, FormVersion{}, Definition{}, apperr.NotFound()
	}
	err := d.Q(ctx).Where("code = ?", code).First(&r).Error
	if err != nil {
		return r, FormVersion{}, Definition{}, fmt.Errorf("survey: round by code: %w", err)
	}
	var v FormVersion
	if err := d.Q(ctx).First(&v, r.FormVersionID).Error; err != nil {
		return r, v, Definition{}, fmt.Errorf("survey: round %d version: %w", r.ID, err)
	}
	def, err := ParseDefinition(v.Definition)
	return r, v, def, err
}

// RoundCursists lists the active cursists of a round's group (all of the partnership
// when the round has no group), by code; a follow-up round lists all of them.
func RoundCursists(ctx context.Context, d *db.DB, r Round) ([]people.Cursist, error) {
	var cs []people.Cursist
	if r.ForStaff {
		return cs, nil // partner staff hold this code: they must not see cursists
	}
	if r.FollowUpMonths != nil {
		return people.GroupCursists(ctx, d, r.PartnershipID, r.GroupName)
	}
	q := d.Q(ctx).Where("partnership_id = ? AND active = ?", r.PartnershipID, true)
	if r.GroupName != "" {
		q = q.Where("group_name = ?", r.GroupName)
	}
	if err := q.Order("code").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("survey: cursists of round %d: %w", r.ID, err)
	}
	return cs, nil
}

// InvitedByRound counts, per round, the active cursists of its group (of the whole
// partnership when the round has no group): the people asked to answer, for the
// response rate. Rounds that do not exist are left out.
func InvitedByRound(ctx context.Context, d *db.DB, roundIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(roundIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		RoundID int64
		N       int64
	}
	err := d.Q(ctx).Table("survey_rounds r").
		Select("r.id AS round_id, COUNT(c.id) AS n").
		Joins("JOIN cursists c ON c.partnership_id = r.partnership_id AND c.active = ? AND (r.group_name = '' OR c.group_name = r.group_name)", true).
		Where("r.id IN ?", roundIDs).Group("r.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("survey: invited per round: %w", err)
	}
	for _, r := range rows {
		out[r.RoundID] = r.N
	}
	return out, nil
}
