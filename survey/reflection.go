package survey

import "time"

// Question roles of a reflection form: which part of an outcome each answer becomes.
const (
	RoleChange       = "change"
	RoleSignificance = "significance"
	RoleSign         = "sign"
	RoleBlocks       = "blocks"
	RoleContribution = "contribution"
)

// Reflection is a response to a reflection form, mapped onto the parts of an outcome.
// Texts are the cursist's own words in Language; a voice-only answer leaves the text
// empty and lists the attachment in VoiceAttachmentIDs.
type Reflection struct {
	ResponseID, PartnershipID, RoundID int64
	RoundTitle                         string
	FormID                             int64
	FormVersion                        int
	CursistID                          *int64
	GroupName, Language                string
	Change, Significance, Sign         string
	Blocks                             []string
	Contribution                       string
	VoiceAttachmentIDs                 []int64
	SubmittedAt                        time.Time
}
