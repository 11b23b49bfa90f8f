package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/people"
)

type recordData struct {
	Partnerships []people.PartnershipWithRole
	Form         recordForm
	Errors       map[string]string
	Sources      []string
	Signs        []string
	Blocks       []string
}

type recordForm struct {
	PartnershipID                                       int64
	Source, SourceDetail, Group, Language, Date         string
	Change, Significance, Sign, Contribution, SummaryNL string
	Blocks                                              map[string]bool
}

func (s *Server) recordData(c echo.Context, f recordForm) (*recordData, error) {
	ps, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return nil, err
	}
	var mine []people.PartnershipWithRole
	for _, p := range ps {
		if harvest.CanReview(scopeOf(c), p.ID) {
			mine = append(mine, p)
		}
	}
	if f.Blocks == nil {
		f.Blocks = map[string]bool{}
	}
	return &recordData{Partnerships: mine, Form: f, Sources: harvest.OtherSources, Signs: harvest.Signs, Blocks: harvest.Blocks}, nil
}

// outcomeNew is the form to record an outcome from another source.
func (s *Server) outcomeNew(c echo.Context) error {
	sc := scopeOf(c)
	pid := queryInt(c.QueryParams(), "partnership")
	if pid != 0 && !sc.Member(pid) {
		return apperr.NotFound()
	}
	if pid != 0 && !harvest.CanReview(sc, pid) {
		return apperr.Forbidden()
	}
	d, err := s.recordData(c, recordForm{PartnershipID: pid, Language: "nl", Date: s.now().Format(time.DateOnly)})
	if err != nil {
		return err
	}
	if len(d.Partnerships) == 0 {
		return apperr.Forbidden()
	}
	return s.render(c, http.StatusOK, "harvest_record", s.view(c, "harvest.record.title", d))
}

// outcomeCreate saves an outcome from another source.
func (s *Server) outcomeCreate(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return err
	}
	pid, _ := strconv.ParseInt(c.FormValue("partnership"), 10, 64)
	f := recordForm{PartnershipID: pid, Source: c.FormValue("source"), SourceDetail: c.FormValue("source_detail"),
		Group: c.FormValue("group"), Language: c.FormValue("language"), Date: c.FormValue("date"),
		Change: c.FormValue("change"), Significance: c.FormValue("significance"), Sign: c.FormValue("sign"),
		Contribution: c.FormValue("contribution"), SummaryNL: c.FormValue("summary_nl")}
	f.Blocks = checkedBlocks(c)
	in := harvest.OtherInput{PartnershipID: pid, Source: f.Source, SourceDetail: f.SourceDetail, GroupName: f.Group,
		Language: f.Language, Change: f.Change, Significance: f.Significance, Sign: f.Sign, Contribution: f.Contribution,
		Blocks: c.Request().Form["block"], SummaryNL: f.SummaryNL, OccurredAt: formDay(f.Date)}
	o, err := harvest.RecordOther(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, in)
	return s.outcomeRecorded(c, o, err, "harvest.record.saved", func(fields map[string]string) error {
		d, err := s.recordData(c, f)
		if err != nil {
			return err
		}
		d.Errors = fields
		return s.render(c, http.StatusUnprocessableEntity, "harvest_record", s.view(c, "harvest.record.title", d))
	})
}
