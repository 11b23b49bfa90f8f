package server

import (
	"fmt"
	"strconv"
	"strings"

	"oogst/apperr"
)

// outcomeETag is the strong entity tag of an outcome's editable state: its version.
func outcomeETag(version int64) string { return fmt.Sprintf(`"v%d"`, version) }

// ifMatchVersion reads an If-Match header. No header, or "*": no check (nil, true). A
// single tag of ours gives its version. Anything else cannot match a current version
// (false): the request fails its precondition.
func ifMatchVersion(h string) (*int64, bool) {
	h = strings.TrimSpace(h)
	if h == "" || h == "*" {
		return nil, true
	}
	tag, ok := strings.CutPrefix(h, `"v`)
	if !ok || !strings.HasSuffix(tag, `"`) {
		return nil, false
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(tag, `"`), 10, 64)
	if err != nil || n <= 0 {
		return nil, false
	}
	return &n, true
}

// preconditionFailed answers 412: the If-Match tag is not the current one, nothing changed.
func preconditionFailed(cause error) error {
	return &apperr.Error{Kind: apperr.KindPrecondition, Msg: apperr.Msg("edit.error.precondition"), Err: cause}
}
