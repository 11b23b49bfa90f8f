package server

import (
	"oogst/apperr"
	"oogst/locale"
)

// A refused staff form is answered with its own page (422, or 409 for a conflict), the
// reasons beside the fields and everything typed kept. formErrors is the one place
// where a domain error becomes those reasons; the JSON API's "errors" object
// (errors.go) uses fieldMessages, so a field reads the same on a page and in the API.

// formMode says how a page shows a refused form's errors.
type formMode int

const (
	// besideFields: a message beside each field only. A conflict that names no field
	// (a closed meeting, a decided proposal) is not the form's; the error page shows it.
	besideFields formMode = iota
	// aboveForm: also "_form", one message above the form (the error's own message),
	// and any conflict is the form's ("the last coordinator cannot leave").
	aboveForm
)

// formErrors translates err into messages per field for the re-rendered form. ok is
// false when err is not about the form's input; the caller returns it as is.
func formErrors(l *locale.Localizer, err error, mode formMode) (map[string]string, bool) {
	e, ok := apperr.As(err)
	if !ok {
		return nil, false
	}
	switch {
	case e.Kind == apperr.KindInvalid:
	case e.Kind == apperr.KindConflict && (len(e.Fields) > 0 || mode == aboveForm):
	default:
		return nil, false
	}
	out := fieldMessages(l, e.Fields)
	if out == nil {
		out = map[string]string{}
	}
	if mode == aboveForm {
		out["_form"] = message(l, e.Msg)
	}
	return out, true
}

// fieldMessages translates field errors (nil when there are none).
func fieldMessages(l *locale.Localizer, fields map[string]apperr.Message) map[string]string {
	if len(fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(fields))
	for k, m := range fields {
		out[k] = message(l, m)
	}
	return out
}

// message translates one domain message with its template data.
func message(l *locale.Localizer, m apperr.Message) string {
	return l.T(m.ID, dataPairs(m.Data)...)
}

// invalidField is a refused input with one field's message.
func invalidField(field, msgID string) error {
	return apperr.Invalid{field: apperr.Msg(msgID)}.Err()
}

// asConflict returns the message of a conflict error that a page shows itself.
func asConflict(err error) (apperr.Message, bool) {
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindConflict {
		return e.Msg, true
	}
	return apperr.Message{}, false
}

// formStatus is the status of a re-rendered form: 409 for a conflict, else 422.
func formStatus(err error) int {
	if apperr.Is(err, apperr.KindConflict) {
		return 409
	}
	return 422
}
