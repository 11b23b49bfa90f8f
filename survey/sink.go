package survey

import (
	"context"
	"time"

	"oogst/db"
)

// Answered is a new response as other packages see it: which round and form it
// answers, and the answers of the single-value questions (text and single choice) by
// question id. Other answer types are left out.
type Answered struct {
	ResponseID, PartnershipID, RoundID, FormID int64
	FormVersion                                int
	Language                                   string
	Answers                                    map[string]string
	SubmittedAt                                time.Time
}

// ResponseSink receives every new response to a staff round (Round.ForStaff: the
// generated marker self-assessments) inside the transaction that stores it; it picks
// the rounds it knows and ignores the others. An error rolls the submission back.
type ResponseSink interface {
	ReceiveResponse(ctx context.Context, tx *db.DB, a Answered) error
}

// ReflectionSink receives the new reflections of a batch of submissions inside the
// transaction that stores them (one call per transaction); an error rolls the whole
// batch back (the Submitter then retries each submission on its own, and one that still
// fails is not acknowledged: the tablet keeps it and retries).
type ReflectionSink interface {
	CreateFromReflections(ctx context.Context, tx *db.DB, rs []Reflection) error
}

// Sinks are the hooks a submission feeds; nil ones are skipped.
type Sinks struct {
	Reflections ReflectionSink
	Responses   ResponseSink
}
