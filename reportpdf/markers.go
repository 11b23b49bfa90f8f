package reportpdf

import (
	"strings"

	"oogst/markers"
)

// markerOverview is the marker overview of the meeting's period, as on the printable
// page: per boundary partner each marker in use with its level, form and rating, then
// the partner's share reached.
func (d *doc) markerOverview(ov markers.PeriodOverview, lang string) {
	t := d.t
	if ov.Period == nil {
		d.heading(t.T("markers.overview.title"))
		d.text(t.T("ladder.report.none"), false, 10)
		return
	}
	p := ov.Period
	d.heading(t.T("ladder.report.title", "Label", p.Label))
	d.text(t.T("ladder.report.intro", "Start", p.StartsOn.Format("2006-01-02"), "End", p.EndsOn.Format("2006-01-02")), false, 9)
	if len(ov.Partners) == 0 {
		d.text(t.T("ladder.report.no_partners"), false, 10)
	}
	for _, op := range ov.Partners {
		d.need(20)
		d.gap()
		d.text(op.Partner.Name, true, 11)
		for _, r := range op.Rows {
			meta := []string{t.T("level." + string(r.Marker.Level))}
			if r.Marker.Form != markers.FormNone {
				meta = append(meta, t.T(r.Marker.Form.MessageID()))
			}
			if r.Rating != "" {
				meta = append(meta, t.T("rating."+string(r.Rating)))
			} else {
				meta = append(meta, t.T("markers.matrix.not_recorded"))
			}
			d.need(10)
			d.text(r.Marker.Text().In(lang), false, 10)
			d.text(strings.Join(meta, " · "), false, 8)
		}
		d.text(t.T("ladder.report.total"), true, 9)
		if op.Share.Recorded > 0 {
			d.text(t.T("markers.matrix.share", "Reached", op.Share.Reached, "Total", op.Share.Recorded, "Percent", op.Share.Percent), false, 10)
		} else {
			d.text(t.T("markers.matrix.not_recorded"), false, 10)
		}
	}
}
