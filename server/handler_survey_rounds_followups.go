package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/survey"
)

// followUpForm is the round page's form for follow-up rounds, as typed.
type followUpForm struct {
	End    string // the group's end of training, YYYY-MM-DD
	Months string // e.g. "3 6"
	Errors map[string]string
}

// parseMonths reads "3 6" or "3, 6"; anything else is an invalid month (0).
func parseMonths(v string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			n = 0
		}
		out = append(out, n)
	}
	return out
}

// surveyRoundFollowUps: POST /survey/rounds/:id/followups schedules follow-up rounds of
// this round's form and group at the end of training plus N months (coordinators).
func (s *Server) surveyRoundFollowUps(c echo.Context) error {
	r, err := s.loadRound(c)
	if err != nil {
		return err
	}
	typed := followUpForm{End: strings.TrimSpace(c.FormValue("training_end")), Months: c.FormValue("months")}
	in := survey.FollowUpInput{PartnershipID: r.PartnershipID, FormID: r.FormID, GroupName: r.GroupName, Months: parseMonths(typed.Months)}
	l := s.loc(c)
	in.Title = func(m int) string { return l.N("reach.followup.round_title", m, "Group", r.GroupName) }
	var bad error
	if typed.End != "" {
		end, perr := time.ParseInLocation(time.DateOnly, typed.End, brussels)
		if perr != nil {
			v := apperr.Invalid{}
			v.Add("training_end", "reach.err.training_end")
			bad = v.Err()
		}
		in.TrainingEnd = &end
	}
	var rs []survey.Round
	if bad == nil {
		rs, err = survey.CreateFollowUps(c.Request().Context(), s.db, scopeOf(c), in, s.now())
	} else {
		err = bad
	}
	if msgs, ok := formErrors(l, err, besideFields); ok {
		typed.Errors = msgs
		return s.surveyRoundPage(c, http.StatusUnprocessableEntity, "", func(d *surveyRoundData) { d.FollowUp = typed })
	}
	if err != nil {
		return err
	}
	s.flash(c, l.N("reach.followup.made", len(rs)))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d", rs[0].ID))
}
