package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"

	"oogst/apperr"
	"oogst/people"
	"oogst/survey"
)

// Dates in forms are Belgian local time.
var brussels = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Brussels"); err == nil {
		return l
	}
	return time.UTC
}()

type surveyRoundsData struct {
	Rounds       []survey.RoundSummary
	Coordinating []people.PartnershipWithRole
	Forms        []survey.FormSummary
	Errors       map[string]string
	Form         roundForm // what was typed, shown again after an error
	Now          time.Time
	Loc          *time.Location
}

// roundForm is the new-round form as typed, kept as text so a wrong date comes back
// exactly as it was entered.
type roundForm struct {
	PartnershipID, FormID int64
	Title, Group          string
	OpensAt, ClosesAt     string
	Anonymous             bool
	IdleMinutes           string
	Identify              string // survey.IdentifyList, IdentifyCode or IdentifyAnonymous
}

// IdentifyModes are the choices of the round form.
func (roundForm) IdentifyModes() []string { return survey.IdentifyModes }

// surveyRounds: GET /survey/rounds lists rounds (mentors: their own group's) and, for
// coordinators, the form to open a new one.
func (s *Server) surveyRounds(c echo.Context) error {
	return s.surveyRoundsPage(c, http.StatusOK, nil, roundForm{})
}

func (s *Server) surveyRoundsPage(c echo.Context, status int, errs map[string]string, typed roundForm) error {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	if len(sc.Roles) == 0 {
		return apperr.NotFound()
	}
	rs, err := survey.ListRounds(ctx, s.db, sc)
	if err != nil {
		return err
	}
	co, err := s.coordinating(c)
	if err != nil {
		return err
	}
	data := &surveyRoundsData{Rounds: rs, Coordinating: co, Errors: errs, Form: typed, Now: s.now(), Loc: brussels}
	if len(co) > 0 {
		fs, err := survey.ListForms(ctx, s.db, sc, s.now())
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.LatestVersion > 0 {
				data.Forms = append(data.Forms, f)
			}
		}
	}
	return s.render(c, status, "survey_rounds", s.view(c, "survey.rounds.title", data))
}

func parseLocalTime(v string) (*time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, brussels); err == nil {
			return &t, true
		}
	}
	return nil, false
}

// surveyRoundCreate: POST /survey/rounds opens a round.
func (s *Server) surveyRoundCreate(c echo.Context) error {
	in := survey.RoundInput{
		PartnershipID: formInt(c, "partnership_id"), FormID: formInt(c, "form_id"), Title: c.FormValue("title"),
		GroupName: c.FormValue("group"), AnonymousAllowed: c.FormValue("anonymous") != "",
		IdleMinutes:  idleMinutes(c.FormValue("idle_minutes")),
		IdentifyMode: c.FormValue("identify_mode"),
	}
	v := apperr.Invalid{}
	opens, ok := parseLocalTime(c.FormValue("opens_at"))
	if !ok {
		v.Add("opens_at", "survey.err.bad_date")
	} else if opens != nil {
		in.OpensAt = *opens
	}
	closes, ok := parseLocalTime(c.FormValue("closes_at"))
	if !ok {
		v.Add("closes_at", "survey.err.bad_date")
	}
	in.ClosesAt = closes
	err := v.Err()
	var r survey.Round
	if err == nil {
		r, err = survey.CreateRound(c.Request().Context(), s.db, scopeOf(c), in, s.now())
	}
	if msgs, ok := formErrors(s.loc(c), err, besideFields); ok {
		typed := roundForm{PartnershipID: in.PartnershipID, FormID: in.FormID, Title: in.Title, Group: in.GroupName,
			OpensAt: c.FormValue("opens_at"), ClosesAt: c.FormValue("closes_at"), Anonymous: in.AnonymousAllowed,
			IdleMinutes: c.FormValue("idle_minutes"), Identify: in.IdentifyMode}
		return s.surveyRoundsPage(c, http.StatusUnprocessableEntity, msgs, typed)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("survey.round.opened", "Code", r.Code))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d", r.ID))
}

type surveyRoundData struct {
	Round       survey.RoundSummary
	Open        bool
	JoinURL     string
	CanClose    bool
	Responses   []survey.ResponseView
	Loc         *time.Location
	Instruction []string
	// Coordinator: may change the settings and decide on refused reflections.
	Coordinator   bool
	Undeliverable []survey.UndeliverableView
	IdleMinutes   int
	IdleError     string
	LateGraceDays int
	// FollowUp: the form scheduling follow-up rounds of this round's group.
	FollowUp followUpForm
}

func (s *Server) joinURL(code string) string {
	return strings.TrimRight(s.opt.BaseURL, "/") + "/r/" + code
}

func (s *Server) loadRound(c echo.Context) (survey.RoundSummary, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return survey.RoundSummary{}, err
	}
	return survey.GetRound(c.Request().Context(), s.db, scopeOf(c), id)
}

// surveyRound: GET /survey/rounds/:id shows the join code, QR and the responses.
func (s *Server) surveyRound(c echo.Context) error {
	return s.surveyRoundPage(c, http.StatusOK, "")
}

func (s *Server) surveyRoundPage(c echo.Context, status int, idleErr string, extra ...func(*surveyRoundData)) error {
	r, err := s.loadRound(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	resps, err := survey.RoundResponses(ctx, s.db, scopeOf(c), r.ID)
	if err != nil {
		return err
	}
	coord := scopeOf(c).Allows(r.PartnershipID, people.RoleCoordinator)
	data := &surveyRoundData{Round: r, Open: r.IsOpen(s.now()), JoinURL: s.joinURL(r.Code), Responses: resps, Loc: brussels,
		CanClose: coord && r.ClosedAt == nil, Coordinator: coord, IdleMinutes: (r.IdleSeconds + 59) / 60, IdleError: idleErr,
		LateGraceDays: int(survey.LateGrace / (24 * time.Hour))}
	if coord {
		// Refused reflections hold cursists' words: only the coordinator reads them.
		if data.Undeliverable, err = survey.OpenUndeliverable(ctx, s.db, scopeOf(c), r.ID); err != nil {
			return err
		}
	}
	data.FollowUp = followUpForm{Months: "3 6"}
	if coord && r.GroupName != "" && !r.ForStaff {
		if end, ok, err := people.GroupTrainingEnd(ctx, s.db, r.PartnershipID, r.GroupName); err != nil {
			return err
		} else if ok {
			data.FollowUp.End = end.In(brussels).Format(time.DateOnly)
		}
	}
	for _, f := range extra {
		f(data)
	}
	v := s.view(c, "", data)
	v.Title = r.Title
	return s.render(c, status, "survey_round", v)
}

// idleMinutes reads the idle-time field: empty is the default (0), anything that is
// not a whole number is out of range (-1).
func idleMinutes(v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// surveyRoundSettings: POST /survey/rounds/:id/settings changes the idle time.
func (s *Server) surveyRoundSettings(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	// Empty is 0, which SetRoundIdle refuses: the field is required here.
	err = survey.SetRoundIdle(c.Request().Context(), s.db, scopeOf(c), id, idleMinutes(c.FormValue("idle_minutes")))
	if msgs, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.surveyRoundPage(c, http.StatusUnprocessableEntity, msgs["idle_minutes"])
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("tabletstaff.idle_saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d", id))
}

// surveyRoundClose: POST /survey/rounds/:id/close
func (s *Server) surveyRoundClose(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	defer s.submitter.Rounds().Reset()
	if err := survey.CloseRound(c.Request().Context(), s.db, scopeOf(c), id, s.now()); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("survey.round.closed_flash"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d", id))
}

// surveyRoundQR: GET /survey/rounds/:id/qr.png is the QR code of the round's join URL.
func (s *Server) surveyRoundQR(c echo.Context) error {
	r, err := s.loadRound(c)
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(s.joinURL(r.Code), qrcode.Medium, 512)
	if err != nil {
		return fmt.Errorf("survey: QR code: %w", err)
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=3600")
	return c.Blob(http.StatusOK, "image/png", png)
}

// surveyRoundSheet: GET /survey/rounds/:id/sheet is a printable A4 page with the code,
// the QR code and short instructions.
func (s *Server) surveyRoundSheet(c echo.Context) error {
	r, err := s.loadRound(c)
	if err != nil {
		return err
	}
	d, err := s.roundSheetData(c, surveyRoundData{Round: r, JoinURL: s.joinURL(r.Code), Open: r.IsOpen(s.now()), Loc: brussels})
	if err != nil {
		return err
	}
	v := s.view(c, "", d)
	v.Title = r.Title
	return s.renderPartial(c, http.StatusOK, "survey_round_sheet", "sheet", v)
}
