package server

import (
	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/locale"
)

// csvSep picks the separator of a CSV download: ?sep=semicolon or ?sep=comma, else a
// semicolon for Dutch and French readers (Excel in Belgium splits a .csv at ';') and a
// comma for the others. Either way csvsafe keeps every cell safe in both readings.
func csvSep(l *locale.Localizer, c echo.Context) (rune, error) {
	switch c.QueryParam("sep") {
	case "semicolon":
		return ';', nil
	case "comma":
		return ',', nil
	case "":
		if semicolonLang(l.Lang) {
			return ';', nil
		}
		return ',', nil
	}
	v := apperr.Invalid{}
	v.Add("sep", "data.param.choice", "Choices", "semicolon, comma")
	return 0, v.Err()
}

func semicolonLang(lang string) bool { return lang == "nl" || lang == "fr" }

// csvAltLink is the link beside a CSV download that offers the other separator.
type csvAltLink struct {
	Sep     string // value of ?sep=
	LabelID string
}

// csvAlt gives the template the separator a reader in lang does not get by default.
func csvAlt(lang string) csvAltLink {
	if semicolonLang(lang) {
		return csvAltLink{Sep: "comma", LabelID: "data.csv.with_comma"}
	}
	return csvAltLink{Sep: "semicolon", LabelID: "data.csv.with_semicolon"}
}
