package server

import (
	"slices"

	"github.com/labstack/echo/v4"

	"oogst/locale"
	"oogst/survey"
)

// sheetBlock is the join sheet's instructions in one staff language.
type sheetBlock struct {
	Lang, Dir, Name string
	Lead, CodeLabel string
	Steps           []string
}

// sheetGreeting is the welcome for cursists in one of the round's languages.
type sheetGreeting struct {
	Lang, Dir, Name, Heading, Intro string
}

// sheetData is the printable A4 join sheet: the code once, the instructions in the
// three staff languages (whoever hands it out reads one of them) and a welcome in every
// language the round's form is offered in (cursists find their own).
type sheetData struct {
	surveyRoundData
	Blocks    []sheetBlock
	Greetings []sheetGreeting
}

func (s *Server) roundSheetData(c echo.Context, base surveyRoundData) (*sheetData, error) {
	d := &sheetData{surveyRoundData: base}
	_, _, def, err := survey.RoundByCode(c.Request().Context(), s.db, base.Round.Code)
	if err != nil {
		return nil, err
	}
	staff := []string{"nl", "fr", "en"}
	// The page's own language first, so the person printing reads theirs at the top.
	if cur := s.loc(c).Lang; slices.Contains(staff, cur) {
		staff = append([]string{cur}, slices.DeleteFunc(staff, func(l string) bool { return l == cur })...)
	}
	for _, tag := range staff {
		l := s.bundle.Localizer(tag)
		d.Blocks = append(d.Blocks, sheetBlock{Lang: tag, Dir: l.Dir(), Name: langName(tag), Lead: l.T("survey.sheet.lead"), CodeLabel: l.T("survey.sheet.code"),
			Steps: []string{l.T("survey.sheet.step1"), l.T("survey.sheet.step2"), l.T("survey.sheet.step3"), l.T("survey.sheet.step4")}})
	}
	langs := def.Languages
	if len(langs) == 0 {
		langs = []string{locale.Default}
	}
	for _, tag := range langs {
		if !locale.Supported(tag) {
			continue
		}
		l := s.bundle.Localizer(tag)
		d.Greetings = append(d.Greetings, sheetGreeting{Lang: tag, Dir: l.Dir(), Name: langName(tag), Heading: l.T("home.heading"), Intro: l.T("home.intro")})
	}
	return d, nil
}

// langName is a language's own name ("Українська"), or its tag when unknown.
func langName(tag string) string {
	if l, ok := locale.Lookup(tag); ok {
		return l.Name
	}
	return tag
}
