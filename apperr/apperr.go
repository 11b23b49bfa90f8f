// Package apperr holds the typed errors that domain packages return. The server maps
// each kind to an HTTP status in one place and translates the message IDs; domain code
// never knows about HTTP.
package apperr

import (
	"errors"
	"fmt"
	"sort"
)

// Kind classifies an error for the caller.
type Kind int

const (
	KindInternal     Kind = iota
	KindNotFound          // does not exist, or not in the caller's scope: never confirm which
	KindForbidden         // exists in scope, but the caller's role may not do this
	KindInvalid           // input rejected; see Fields
	KindConflict          // state does not allow it (closed round, duplicate name, …)
	KindTooMany           // rate limited
	KindUnavailable       // a dependency (database) is down; retry later
	KindUnauthorized      // not logged in or bad credentials
	KindStorageFull       // no room to write (disk or database full); retry later
	KindTooLarge          // the input goes past a size limit or quota
	KindPrecondition      // the caller's If-Match names a version that is no longer current
)

// Message is a translatable message: a go-i18n ID with its template data.
type Message struct {
	ID   string
	Data map[string]any
}

// Error is a domain error with a kind, a user-facing message and optional field errors.
type Error struct {
	Kind    Kind
	Msg     Message
	Fields  map[string]Message // field or question id → message
	Err     error              // cause, for logs only
	RetryIn int                // seconds, for KindTooMany and KindUnavailable
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s (%s)", e.Msg.ID, kindName(e.Kind))
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s += fmt.Sprintf(" fields=%v", keys)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an error of kind with a message ID and key/value template data.
func New(kind Kind, msgID string, kv ...any) *Error {
	return &Error{Kind: kind, Msg: Msg(msgID, kv...)}
}

// Msg builds a Message from an ID and key/value pairs.
func Msg(id string, kv ...any) Message {
	m := Message{ID: id}
	if len(kv) > 1 {
		m.Data = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				m.Data[k] = kv[i+1]
			}
		}
	}
	return m
}

// NotFound says the thing does not exist for this caller.
func NotFound() *Error { return New(KindNotFound, "error.not_found") }

// Forbidden says the caller's role does not allow the action.
func Forbidden() *Error { return New(KindForbidden, "error.forbidden") }

// Invalid collects field errors; nil when there are none.
type Invalid map[string]Message

// Add records a field error.
func (v Invalid) Add(field, msgID string, kv ...any) { v[field] = Msg(msgID, kv...) }

// Err returns the validation error or nil.
func (v Invalid) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Msg: Msg("error.invalid"), Fields: map[string]Message(v)}
}

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Wrapf puts context around an unexpected error (fmt's format with ": %w" added); a
// domain error passes as it is, since its message is already the one to show. nil
// stays nil.
func Wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	if _, ok := As(err); ok {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// Is reports whether err is an *Error of kind.
func Is(err error, kind Kind) bool {
	e, ok := As(err)
	return ok && e.Kind == kind
}

func kindName(k Kind) string {
	switch k {
	case KindNotFound:
		return "not found"
	case KindForbidden:
		return "forbidden"
	case KindInvalid:
		return "invalid"
	case KindConflict:
		return "conflict"
	case KindTooMany:
		return "too many requests"
	case KindUnavailable:
		return "unavailable"
	case KindUnauthorized:
		return "unauthorized"
	case KindStorageFull:
		return "storage full"
	case KindTooLarge:
		return "too large"
	case KindPrecondition:
		return "precondition failed"
	}
	return "internal"
}
