package harvest

import (
	"strconv"
	"strings"
	"time"
)

// Cursor is an outcome's place in the inbox order (submitted_at, then id), for links
// to the page just older or newer than it: rows inserted or removed meanwhile do not
// shift what those pages show, unlike an offset.
type Cursor struct {
	At time.Time
	ID int64
}

// String is the cursor in a link: Unix nanoseconds and the id ("1767225600000000000.42").
func (c Cursor) String() string {
	return strconv.FormatInt(c.At.UnixNano(), 10) + "." + strconv.FormatInt(c.ID, 10)
}

// ParseCursor reads String's form; ok is false for anything else.
func ParseCursor(s string) (c *Cursor, ok bool) {
	ns, id, found := strings.Cut(s, ".")
	if !found {
		return nil, false
	}
	n, err1 := strconv.ParseInt(ns, 10, 64)
	i, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || i <= 0 {
		return nil, false
	}
	return &Cursor{At: time.Unix(0, n).UTC(), ID: i}, true
}
