package server

import (
	"fmt"
	"io"
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/people"
)

// importPage is the upload form, and after an upload the preview. The CSV text travels
// back in a hidden field and is checked again on confirm, so nothing waits on disk.
type importPage struct {
	PID         int64
	Partnership string
	CSV         string
	Preview     *people.ImportPreview
	Rows        []importRowView
	FileErrors  []string
	Error       string
}

type importRowView struct {
	people.ImportRow
	Messages []string
}

func (s *Server) renderImport(c echo.Context, status int, pg *importPage) error {
	p, err := people.PartnershipByID(c.Request().Context(), s.db, scopeOf(c), pg.PID)
	if err != nil {
		return err
	}
	pg.Partnership = p.Name
	if pg.Preview != nil {
		l := s.loc(c)
		for _, m := range pg.Preview.FileErrors {
			pg.FileErrors = append(pg.FileErrors, message(l, m))
		}
		for _, r := range pg.Preview.Rows {
			rv := importRowView{ImportRow: r}
			for _, m := range r.Errors {
				rv.Messages = append(rv.Messages, message(l, m))
			}
			pg.Rows = append(pg.Rows, rv)
		}
	}
	return s.render(c, status, "people_import", s.view(c, "people.import.title", pg))
}

func (s *Server) peopleImportForm(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	if err := people.RequireCoordinator(scopeOf(c), pid); err != nil {
		return err
	}
	return s.renderImport(c, http.StatusOK, &importPage{PID: pid})
}

// uploadedCSV reads the file field, or else the pasted text.
func uploadedCSV(c echo.Context) (string, error) {
	if fh, err := c.FormFile("file"); err == nil {
		f, err := fh.Open()
		if err != nil {
			return "", fmt.Errorf("open upload: %w", err)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, 1<<20+1))
		if err != nil {
			return "", fmt.Errorf("read upload: %w", err)
		}
		if len(b) > 1<<20 {
			return "", apperr.New(apperr.KindInvalid, "error.too_large")
		}
		if !utf8.Valid(b) {
			return "", apperr.New(apperr.KindInvalid, "people.import.not_utf8")
		}
		return string(b), nil
	}
	return c.FormValue("csv"), nil
}

func (s *Server) peopleImportPreview(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	if err := people.RequireCoordinator(scopeOf(c), pid); err != nil {
		return err
	}
	text, err := uploadedCSV(c)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		return s.renderImport(c, http.StatusUnprocessableEntity, &importPage{PID: pid, Error: message(s.loc(c), e.Msg)})
	}
	if err != nil {
		return err
	}
	pv, err := people.PreviewImport(c.Request().Context(), s.db, scopeOf(c), pid, text)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !pv.OK() {
		status = http.StatusUnprocessableEntity
	}
	return s.renderImport(c, status, &importPage{PID: pid, CSV: text, Preview: &pv})
}

func (s *Server) peopleImportConfirm(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	text := c.FormValue("csv")
	n, pv, err := people.ImportCursists(c.Request().Context(), s.db, scopeOf(c), pid, text, c.RealIP(), s.now())
	if apperr.Is(err, apperr.KindInvalid) {
		return s.renderImport(c, http.StatusUnprocessableEntity, &importPage{PID: pid, CSV: text, Preview: &pv, Error: s.loc(c).T("people.import.has_errors")})
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).N("people.import.done", n))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/people/%d/cursists", pid))
}
