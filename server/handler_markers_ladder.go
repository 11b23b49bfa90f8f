package server

import (
	"slices"

	"github.com/labstack/echo/v4"

	"oogst/locale"
	"oogst/markers"
)

// readMarkerInput reads the marker fields shared by the new-marker and edit forms.
func readMarkerInput(c echo.Context) markers.MarkerInput {
	return markers.MarkerInput{Level: markers.Level(c.FormValue("level")), Form: markers.Form(c.FormValue("collaboration_form")),
		Text: locale.StaffText(c.FormValue("text_nl"), c.FormValue("text_fr"), c.FormValue("text_en"))}
}

// ladderRow is one form of collaboration across the periods.
type ladderRow struct {
	Form  markers.Form
	Steps []markers.Step // one per period
}

// ladderView lays the ladder out as a table: a row per form, the most intense on top
// as on a ladder, a column per period.
type ladderView struct {
	Partner     markers.BoundaryPartner
	Periods     []markers.LadderPeriod
	Rows        []ladderRow
	WithoutForm int
}

func newLadderView(bp markers.BoundaryPartner, l markers.Ladder) ladderView {
	v := ladderView{Partner: bp, Periods: l.Periods, WithoutForm: l.WithoutForm}
	forms := slices.Clone(markers.Forms)
	slices.Reverse(forms)
	for _, f := range forms {
		row := ladderRow{Form: f}
		for _, p := range l.Periods {
			for _, st := range p.Steps {
				if st.Form == f {
					row.Steps = append(row.Steps, st)
				}
			}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}
