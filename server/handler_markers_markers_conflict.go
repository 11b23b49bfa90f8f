package server

import (
	"oogst/locale"
	"oogst/markers"
)

// markerConflict compares the stored marker (saved by someone else) with the typed
// wording; who and when come from its newest revision.
func markerConflict(l *locale.Localizer, m markers.Marker, d *markerPageData) *conflictView {
	cv := &conflictView{}
	if n := len(d.History); n > 0 {
		last := d.History[n-1] // oldest first
		cv.By, cv.At = d.Names[last.ID], conflictTime(last.ChangedAt)
	}
	cv.Rows = []conflictRow{
		{l.T("markers.marker.level"), l.T("level." + string(m.Level)), levelName(l.T, d.Form.Level)},
		{l.T("markers.marker.text_nl"), m.TextNL, d.Form.Text["nl"]},
		{l.T("markers.marker.text_fr"), m.TextFR, d.Form.Text["fr"]},
		{l.T("markers.marker.text_en"), m.TextEN, d.Form.Text["en"]},
	}
	return cv
}

// levelName names a typed level, which may be empty or unknown.
func levelName(t func(string, ...any) string, lv markers.Level) string {
	if !lv.Valid() {
		return string(lv)
	}
	return t("level." + string(lv))
}
