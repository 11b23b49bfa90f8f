// Package reportpdf renders printable documents as PDF in pure Go (fpdf with an
// embedded DejaVu Sans), so the server needs no browser to make them. It only lays out
// data it is given; loading and tenancy stay with the domain packages and the server.
package reportpdf

import (
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"oogst/harvest"
	"oogst/markers"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// Translator localizes a message ID with template data as key/value pairs, like
// *locale.Localizer.
type Translator interface {
	T(id string, kv ...any) string
}

// Option changes how a document is written.
type Option func(*fpdf.Fpdf)

// Uncompressed writes the page streams uncompressed, so tests can read the text.
func Uncompressed() Option { return func(p *fpdf.Fpdf) { p.SetCompression(false) } }

const (
	family     = "DejaVu"
	margin     = 18.0 // mm
	lineHeight = 5.2  // mm, for 10 pt text
	pagesAlias = "{nb}"
)

// doc is one document being written, with the reader's translator.
type doc struct {
	pdf *fpdf.Fpdf
	t   Translator
	w   float64 // usable width
}

func newDoc(t Translator, opts []Option) *doc {
	pdf := fpdf.New("P", "mm", "A4", "")
	// The alias must be set before fonts are added (fpdf sizes the font subset by it).
	pdf.AliasNbPages(pagesAlias)
	pdf.AddUTF8FontFromBytes(family, "", fontRegular)
	pdf.AddUTF8FontFromBytes(family, "B", fontBold)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	for _, o := range opts {
		o(pdf)
	}
	d := &doc{pdf: pdf, t: t}
	pw, _ := pdf.GetPageSize()
	d.w = pw - 2*margin
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin + 6)
		pdf.SetFont(family, "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, clean(t.T("harvest.report.page", "Page", pdf.PageNo(), "Pages", pagesAlias)), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	return d
}

// text writes free text: each paragraph shaped, wrapped, put in display order and
// aligned to its own direction (right for Arabic and Persian).
func (d *doc) text(s string, bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	d.pdf.SetFont(family, style, size)
	lh := lineHeight * size / 10
	for _, para := range strings.Split(clean(s), "\n") {
		rtl := rightToLeft(para)
		align := "L"
		if rtl {
			align = "R"
		}
		for _, line := range wrap(d.pdf, shapeArabic(para), d.w) {
			d.pdf.CellFormat(d.w, lh, visual(line, rtl), "", 1, align, false, 0, "")
		}
	}
}

// need starts a new page unless h mm are left, so a heading never ends a page alone.
func (d *doc) need(h float64) {
	_, ph := d.pdf.GetPageSize()
	if d.pdf.GetY()+h > ph-margin {
		d.pdf.AddPage()
	}
}

func (d *doc) heading(s string) {
	d.need(25)
	d.pdf.Ln(3)
	d.text(s, true, 13)
	d.pdf.Ln(1)
}

func (d *doc) gap() { d.pdf.Ln(2) }

// Meeting writes the report of a steering meeting in the reader's language: the same
// content as the printable page, with page numbers.
func Meeting(w io.Writer, mv harvest.MeetingView, t Translator, lang string, opts ...Option) error {
	return MeetingWithMarkers(w, mv, nil, t, lang, opts...)
}

// MeetingWithMarkers is Meeting followed by the marker overview of the period the
// meeting looks back on (none when ov is nil).
func MeetingWithMarkers(w io.Writer, mv harvest.MeetingView, ov *markers.PeriodOverview, t Translator, lang string, opts ...Option) error {
	d := newDoc(t, opts)
	m := mv.Meeting
	d.pdf.SetTitle(clean(t.T("harvest.report.heading", "Title", m.Title)), true)
	d.pdf.SetCreator("Oogst", true)
	d.pdf.SetCreationDate(m.HeldAt) // a fixed date keeps the output reproducible
	d.pdf.AddPage()

	d.text(t.T("harvest.report.heading", "Title", m.Title), true, 17)
	d.text(t.T("harvest.report.meta", "Date", m.HeldAt.Format("2006-01-02"), "Partnership", mv.Partnership.Name), false, 10)
	if m.ClosedAt != nil {
		d.text(t.T("meeting2.report.frozen", "Date", m.ClosedAt.Format("2006-01-02")), false, 9)
	}
	if strings.TrimSpace(m.Participants) != "" {
		d.heading(t.T("harvest.meetings.participants"))
		d.text(m.Participants, false, 10)
	}

	d.heading(t.T("harvest.meeting.open_adjustments"))
	if len(mv.OpenAdjustments) == 0 {
		d.text(t.T("harvest.meeting.no_open_adjustments"), false, 10)
	}
	for _, a := range mv.OpenAdjustments {
		d.adjustment(a)
	}

	d.heading(t.T("harvest.report.discussed"))
	if len(mv.Items) == 0 {
		d.text(t.T("harvest.report.no_items"), false, 10)
	}
	for _, it := range mv.Items {
		d.item(it, lang)
	}

	d.heading(t.T("harvest.meeting.adjustments"))
	if len(mv.Adjustments) == 0 {
		d.text(t.T("harvest.report.no_adjustments"), false, 10)
	}
	for _, a := range mv.Adjustments {
		d.adjustment(a)
	}
	if ov != nil {
		d.markerOverview(*ov, lang)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("reportpdf: meeting %d: %w", m.ID, err)
	}
	return nil
}

// item is one outcome discussed: as on the printable page.
func (d *doc) item(it harvest.AgendaItem, lang string) {
	t := d.t
	head := []string{"#" + strconv.FormatInt(it.ID, 10)}
	if it.RoundTitle != "" {
		head = append(head, it.RoundTitle)
	}
	if it.Sign != "" {
		head = append(head, t.T("sign.outcome."+it.Sign))
	}
	if it.ChangedSince {
		head = append(head, t.T("meeting2.changed_since"))
	}
	d.need(20)
	d.gap()
	d.text(strings.Join(head, " · "), true, 11)
	if it.ChangeText != "" {
		d.text(it.ChangeText, false, 10)
	}
	d.translations(it.Outcome)
	if it.SummaryNL != "" {
		d.text(t.T("harvest.outcome.summary_nl"), true, 9)
		d.text(it.SummaryNL, false, 10)
	}
	if len(it.Codes) > 0 {
		names := make([]string, len(it.Codes))
		for i, c := range it.Codes {
			names[i] = c.Name(lang)
		}
		d.text(t.T("harvest.outcome.codes"), true, 9)
		d.text(strings.Join(names, ", "), false, 10)
	}
	if it.Notes != "" {
		d.text(t.T("harvest.meeting.notes"), true, 9)
		d.text(it.Notes, false, 10)
	}
}

// adjustment is one adjustment: description, then owner, block, due date, status and
// the outcomes that prompted it, as on the printable page.
func (d *doc) adjustment(a harvest.Adjustment) {
	t := d.t
	var meta []string
	if a.Owner != "" {
		meta = append(meta, t.T("harvest.adjustment.owner_is", "Owner", a.Owner))
	}
	if a.Block != "" {
		meta = append(meta, t.T("block.outcome."+a.Block))
	}
	if a.DueOn != nil {
		meta = append(meta, t.T("harvest.adjustment.due", "Date", a.DueOn.Format("2006-01-02")))
	}
	meta = append(meta, t.T("status.adjustment."+a.Status))
	if len(a.OutcomeIDs) > 0 {
		ids := make([]string, len(a.OutcomeIDs))
		for i, id := range a.OutcomeIDs {
			ids[i] = "#" + strconv.FormatInt(id, 10)
		}
		meta = append(meta, strings.Join(ids, " "))
	}
	d.need(12)
	d.gap()
	d.text(a.Description, true, 10)
	d.text(strings.Join(meta, " · "), false, 9)
	if a.ResultNote != "" && a.ClosedOn != nil {
		d.text(t.T("meeting2.result_on", "Date", a.ClosedOn.Format("2006-01-02"))+" "+a.ResultNote, false, 9)
	}
}
