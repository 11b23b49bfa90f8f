package survey

// How a cursist says who she is on the tablet; a coordinator chooses it per round.
const (
	// IdentifyList lists the group's first names (in her own script when known); a tap
	// asks "are you …?" before it counts.
	IdentifyList = "list"
	// IdentifyCode lists nobody: she types her personal code. For groups where seeing
	// each other's names is not wanted.
	IdentifyCode = "code"
	// IdentifyAnonymous identifies nobody: the tablet skips the question.
	IdentifyAnonymous = "anonymous"
)

// IdentifyModes in the order the round form offers them.
var IdentifyModes = []string{IdentifyList, IdentifyCode, IdentifyAnonymous}

// ValidIdentifyMode reports whether m is one of IdentifyModes.
func ValidIdentifyMode(m string) bool {
	return m == IdentifyList || m == IdentifyCode || m == IdentifyAnonymous
}

// ListsCursists reports whether the tablet may list the round's cursists' names.
func (r Round) ListsCursists() bool {
	return !r.ForStaff && (r.IdentifyMode == IdentifyList || r.IdentifyMode == "")
}
