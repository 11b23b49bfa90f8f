package survey

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// encodeAnswers writes the answers as the canonical JSON object that is stored and
// returned: keys sorted, the same bytes encoding/json would give for the same values
// (so answers stored before and after look alike), built in one buffer.
func encodeAnswers(as []answered) string {
	sorted := as
	if !slices.IsSortedFunc(as, byQuestionID) {
		sorted = slices.Clone(as)
		slices.SortFunc(sorted, byQuestionID)
	}
	n := 2
	for _, a := range sorted {
		n += len(a.q.ID) + len(a.text) + len(a.voice) + 24
		for _, s := range a.list {
			n += len(s) + 3
		}
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, a := range sorted {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, a.q.ID)
		b = append(b, ':')
		switch a.shape {
		case ShapeString:
			b = appendJSONString(b, a.text)
		case ShapeVoice:
			b = append(b, `{"text":`...)
			b = appendJSONString(b, a.text)
			b = append(b, `,"voice":`...)
			b = appendJSONString(b, a.voice)
			b = append(b, '}')
		case ShapeList:
			b = append(b, '[')
			for j, s := range a.list {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, s)
			}
			b = append(b, ']')
		case ShapeNumber:
			b = strconv.AppendInt(b, int64(a.num), 10)
		}
	}
	b = append(b, '}')
	return string(b)
}

func byQuestionID(a, b answered) int { return strings.Compare(a.q.ID, b.q.ID) }

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json does by default: HTML-safe (<, >
// and & escaped), U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// reflection maps a new response onto the parts of an outcome by the questions' roles,
// from the typed answers (nothing is decoded again).
func (p *pending) reflection() Reflection {
	r, ver := p.round, p.ver
	out := Reflection{
		ResponseID: p.row.ID, PartnershipID: r.PartnershipID, RoundID: r.ID, RoundTitle: r.Title, FormID: ver.FormID,
		FormVersion: ver.Version, GroupName: r.GroupName, Language: p.row.Language, SubmittedAt: p.row.SubmittedAt, Blocks: []string{},
	}
	if p.cursist != nil {
		id := p.cursist.ID
		out.CursistID = &id
	}
	for i := range p.answers {
		a := &p.answers[i]
		if a.voice != "" {
			if v, ok := p.voices[a.voice]; ok && !slices.Contains(out.VoiceAttachmentIDs, v.ID) {
				// In question order, so the outcome lists them as asked.
				out.VoiceAttachmentIDs = append(out.VoiceAttachmentIDs, v.ID)
			}
		}
		text := ""
		if a.shape == ShapeString || a.shape == ShapeVoice {
			text = a.text
		}
		switch a.q.Role {
		case RoleChange:
			out.Change = text
		case RoleSignificance:
			out.Significance = text
		case RoleSign:
			out.Sign = text
		case RoleContribution:
			out.Contribution = text
		case RoleBlocks:
			if a.shape == ShapeList {
				out.Blocks = a.list
			} else if text != "" {
				out.Blocks = []string{text}
			}
		}
	}
	return out
}

// answeredView is a new response as the response sink sees it: every answer that is
// text (or an option id), by question id.
func (p *pending) answeredView() Answered {
	out := Answered{ResponseID: p.row.ID, PartnershipID: p.round.PartnershipID, RoundID: p.round.ID, FormID: p.ver.FormID,
		FormVersion: p.ver.Version, Language: p.row.Language, Answers: make(map[string]string, len(p.answers)), SubmittedAt: p.row.SubmittedAt}
	for _, a := range p.answers {
		if a.shape == ShapeString || (a.shape == ShapeVoice && a.text != "") {
			out.Answers[a.q.ID] = a.text
		}
	}
	return out
}

// IsReflection reports whether a form feeds outcome harvesting: its questions carry
// reflection roles (the built-in form and copies of it do).
func IsReflection(def Definition) bool {
	_, ok := def.QuestionWithRole(RoleChange)
	return ok
}
