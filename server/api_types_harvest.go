package server

import (
	"time"

	"oogst/harvest"
)

// The harvest part of the API's answers (see api_types_people.go).

// apiOutcome is an outcome with its codes and building blocks.
type apiOutcome struct {
	ID                   int64            `json:"id"`
	PartnershipID        int64            `json:"partnership_id"`
	ResponseID           *int64           `json:"response_id,omitempty" doc:"the tablet response it was harvested from"`
	RoundID              *int64           `json:"round_id,omitempty"`
	RoundTitle           string           `json:"round_title"`
	CursistID            *int64           `json:"cursist_id,omitempty"`
	Group                string           `json:"group"`
	Language             string           `json:"language" doc:"language of the original text"`
	Change               string           `json:"change" doc:"the change: who, what, where, when (original language)"`
	Significance         string           `json:"significance" doc:"why it matters (original language)"`
	Sign                 string           `json:"sign" enum:",positive,negative,both"`
	Contribution         string           `json:"contribution" doc:"how the project contributed (original language)"`
	SummaryNL            string           `json:"summary_nl" doc:"Dutch summary written by a reviewer"`
	ChangeType           string           `json:"change_type" enum:",behaviour,relationship,action,practice,policy"`
	Intended             string           `json:"intended" enum:",intended,unintended"`
	ReviewerSignificance string           `json:"reviewer_significance" enum:",high,medium,low"`
	Status               harvest.Status   `json:"status"`
	ExcludeReason        string           `json:"exclude_reason,omitempty"`
	Source               string           `json:"source" enum:"reflection,interview,meeting,document,observation,demo"`
	SourceDetail         string           `json:"source_detail,omitempty"`
	SubmittedAt          time.Time        `json:"submitted_at"`
	CreatedAt            time.Time        `json:"created_at"`
	UpdatedAt            time.Time        `json:"updated_at"`
	Version              int64            `json:"version" doc:"raised by one on every change; the ETag is \"v\" and this number, quoted"`
	Blocks               []string         `json:"blocks" enum:"partnership,outreach,guidance,training,workplace,aftercare"`
	Codes                []apiOutcomeCode `json:"codes"`
	Translations         []apiTranslation `json:"translations" doc:"the story in the partnership's working languages"`
	Barriers             []string         `json:"barriers" doc:"keys of the barriers (drempels) the change was made against: the ten presets or the partnership's own"`
	Actor                string           `json:"actor" enum:",cursist,workplace,training_provider,job_coach,family,other" doc:"who changed (the social actor); workplace: a workplace mentor or childcare organisation; empty: not said"`
	ContributionStrength string           `json:"contribution_strength" enum:",none,partial,substantial" doc:"how much the project contributed, in the steering group's judgement; empty: not said"`
	SignificanceNote     string           `json:"significance_note" doc:"the steering group's own note on why the change matters"`
}

func (apiOutcome) apiName() string { return "Outcome" }

// apiTranslation is a story translated into a working language of its partnership.
type apiTranslation struct {
	Lang         string     `json:"lang" enum:"nl,fr" doc:"a working language of the partnership"`
	Origin       string     `json:"origin" enum:"machine,human" doc:"machine: a draft from the translation service; human: written by staff"`
	CheckedAt    *time.Time `json:"checked_at" doc:"when a person checked it; null: an unchecked machine draft"`
	Change       string     `json:"change" doc:"the change, translated"`
	Significance string     `json:"significance" doc:"why it matters, translated"`
	Contribution string     `json:"contribution" doc:"how the project contributed, translated"`
	Summary      string     `json:"summary" doc:"the reviewers' summary in this language (the Dutch one is summary_nl)"`
}

func (apiTranslation) apiName() string { return "OutcomeTranslation" }

func toAPITranslation(t harvest.Translation) apiTranslation {
	return apiTranslation{Lang: t.Lang, Origin: t.Origin, CheckedAt: t.CheckedAt, Change: t.ChangeText, Significance: t.SignificanceText,
		Contribution: t.ContributionText, Summary: t.Summary}
}

func toAPIOutcome(o harvest.Outcome) apiOutcome {
	return apiOutcome{
		ID: o.ID, PartnershipID: o.PartnershipID, ResponseID: o.ResponseID, RoundID: o.RoundID, RoundTitle: o.RoundTitle,
		CursistID: o.CursistID, Group: o.GroupName, Language: o.Language, Change: o.ChangeText, Significance: o.SignificanceText,
		Sign: o.Sign, Contribution: o.ContributionText, SummaryNL: o.SummaryNL, ChangeType: o.ChangeType, Intended: o.Intended,
		ReviewerSignificance: o.ReviewerSignificance, Status: o.Status, ExcludeReason: o.ExcludeReason, Source: o.Source,
		SourceDetail: o.SourceDetail, SubmittedAt: o.SubmittedAt, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, Version: o.Version,
		Blocks: o.Blocks, Codes: mapList(o.Codes, toAPIOutcomeCode), Translations: mapAll(o.Translations, toAPITranslation),
		Barriers: o.BarrierKeys(), Actor: o.Actor, ContributionStrength: o.ContributionStrength, SignificanceNote: o.SignificanceNote,
	}
}

// apiOutcomeCode is a coding category: one of the ten presets or a partnership's own.
type apiOutcomeCode struct {
	ID            int64      `json:"id"`
	PartnershipID *int64     `json:"partnership_id,omitempty" doc:"absent for the ten preset soft-effect codes"`
	Key           string     `json:"key"`
	NameNL        string     `json:"name_nl"`
	NameFR        string     `json:"name_fr"`
	NameEN        string     `json:"name_en"`
	RetiredAt     *time.Time `json:"retired_at,omitempty"`
}

func (apiOutcomeCode) apiName() string { return "OutcomeCode" }

func toAPIOutcomeCode(c harvest.Code) apiOutcomeCode {
	return apiOutcomeCode{ID: c.ID, PartnershipID: c.PartnershipID, Key: c.Key, NameNL: c.NameNL, NameFR: c.NameFR, NameEN: c.NameEN, RetiredAt: c.RetiredAt}
}

// apiOutcomeList is one page of outcomes and the total that matched.
type apiOutcomeList struct {
	Items   []apiOutcome `json:"items"`
	Total   int64        `json:"total"`
	Page    int          `json:"page"`
	PerPage int          `json:"per_page"`
}

func (apiOutcomeList) apiName() string { return "OutcomeList" }

func toAPIOutcomeList(p harvest.Page) apiOutcomeList {
	return apiOutcomeList{Items: mapList(p.Items, toAPIOutcome), Total: p.Total, Page: p.Page, PerPage: p.PerPage}
}

// apiOutcomeChange is the body of PATCH /outcomes/{id}: only the fields sent change.
type apiOutcomeChange struct {
	SummaryNL            *string         `json:"summary_nl,omitempty"`
	CodeIDs              *[]int64        `json:"code_ids,omitempty" doc:"the new set of codes"`
	AddCodeIDs           []int64         `json:"add_code_ids,omitempty" doc:"codes to add to the current ones"`
	Status               *harvest.Status `json:"status,omitempty"`
	ExcludeReason        *string         `json:"exclude_reason,omitempty"`
	ChangeType           *string         `json:"change_type,omitempty" enum:",behaviour,relationship,action,practice,policy"`
	Intended             *string         `json:"intended,omitempty" enum:",intended,unintended"`
	ReviewerSignificance *string         `json:"reviewer_significance,omitempty" enum:",high,medium,low"`
	ConfirmOverride      *string         `json:"confirm_override_reason,omitempty" doc:"why the outcome is confirmed (status substantiated) although nobody independent agreed; without an agreeing substantiation or this reason the change is refused (422)"`
	BarrierIDs           *[]int64        `json:"barrier_ids,omitempty" doc:"the new set of barriers"`
	AddBarrierIDs        []int64         `json:"add_barrier_ids,omitempty" doc:"barriers to add to the current ones"`
	RemoveBarrierIDs     []int64         `json:"remove_barrier_ids,omitempty" doc:"barriers to take off"`
	Actor                *string         `json:"actor,omitempty" enum:",cursist,workplace,training_provider,job_coach,family,other"`
	ContributionStrength *string         `json:"contribution_strength,omitempty" enum:",none,partial,substantial"`
	SignificanceNote     *string         `json:"significance_note,omitempty"`
}

func (apiOutcomeChange) apiName() string { return "OutcomeChange" }

func (ch apiOutcomeChange) change() harvest.Change {
	var status *string
	if ch.Status != nil {
		s := string(*ch.Status)
		status = &s
	}
	return harvest.Change{SummaryNL: ch.SummaryNL, CodeIDs: ch.CodeIDs, AddCodeIDs: ch.AddCodeIDs, Status: status, Reason: ch.ExcludeReason,
		ChangeType: ch.ChangeType, Intended: ch.Intended, ReviewerSignificance: ch.ReviewerSignificance, ConfirmOverride: ch.ConfirmOverride,
		BarrierIDs: ch.BarrierIDs, AddBarrierIDs: ch.AddBarrierIDs, RemoveBarrierIDs: ch.RemoveBarrierIDs,
		Actor: ch.Actor, ContributionStrength: ch.ContributionStrength, SignificanceNote: ch.SignificanceNote}
}

// apiAggregates are a partnership's dashboard numbers (fields in alphabetical order,
// as the answer always had them). An empty series is [], as documented (it was null
// before the answer had a type).
type apiAggregates struct {
	ByBarrier       []apiBarrierCount       `json:"by_barrier" doc:"outcomes per barrier, split by sign"`
	ByBlock         []apiKeyCount           `json:"by_block"`
	ByCode          []apiCodeCount          `json:"by_code"`
	ByCursistStatus []apiCursistStatusCount `json:"by_cursist_status" doc:"outcomes and cursists by the cursists' current status; the outcomes add up to total, the cursists to cursists"`
	ByGroup         []apiKeyCount           `json:"by_group"`
	ByPeriod        []apiKeyCount           `json:"by_period" doc:"by month (2026-03)"`
	ByRound         []apiRoundCount         `json:"by_round"`
	BySign          []apiSignCount          `json:"by_sign"`
	ByStatus        []apiKeyCount           `json:"by_status"`
	Cross           apiCross                `json:"cross"`
	Cursists        int64                   `json:"cursists" doc:"cursists of the partnership (or of the group filtered on)"`
	PartnershipID   int64                   `json:"partnership_id"`
	Total           int64                   `json:"total"`
	Trend           []apiRoundSignCount     `json:"trend"`
}

func (apiAggregates) apiName() string { return "OutcomeAggregates" }

// The rows of the aggregates have the domain's fields; a conversion copies them.
type (
	apiKeyCount struct {
		Key   string `json:"key"`
		Count int64  `json:"count"`
	}
	apiSignCount struct {
		Sign  string `json:"sign" enum:",positive,negative,both" doc:"empty: not said"`
		Count int64  `json:"count"`
	}
	apiCodeCount struct {
		CodeID int64  `json:"code_id"`
		Key    string `json:"key"`
		apiSignSplit
	}
	apiBarrierCount struct {
		BarrierID int64  `json:"barrier_id"`
		Key       string `json:"key"`
		apiSignSplit
	}
	// apiSignSplit is a row's count of outcomes split by sign (its fields stand in the
	// row's own object).
	apiSignSplit struct {
		Positive int64 `json:"positive"`
		Negative int64 `json:"negative"`
		Both     int64 `json:"both"`
		Unsigned int64 `json:"unsigned"`
		Total    int64 `json:"total"`
	}
	apiRoundCount struct {
		RoundID   int64  `json:"round_id"`
		Title     string `json:"title"`
		Outcomes  int64  `json:"outcomes"`
		Responses int64  `json:"responses"`
		Invited   int64  `json:"invited" doc:"active cursists of the round's group (0 when unknown)"`
	}
	apiCursistStatusCount struct {
		Status   string `json:"status" enum:",in_training,paused,stopped,finished" doc:"empty: outcomes of no known cursist (anonymous rounds, other sources)"`
		Detail   string `json:"detail" doc:"the stop reason (stopped) or outflow result (finished); empty otherwise"`
		Cursists int64  `json:"cursists"`
		Outcomes int64  `json:"outcomes"`
	}
	apiRoundSignCount struct {
		RoundID int64  `json:"round_id"`
		Title   string `json:"title"`
		Sign    string `json:"sign" enum:",positive,negative,both"`
		Count   int64  `json:"count"`
	}
)

func toAPIAggregates(pid int64, a harvest.Aggregates) apiAggregates {
	keys := func(k harvest.KeyCount) apiKeyCount { return apiKeyCount(k) }
	return apiAggregates{
		ByBarrier: mapAll(a.ByBarrier, func(b harvest.BarrierCount) apiBarrierCount {
			return apiBarrierCount{BarrierID: b.BarrierID, Key: b.Key, apiSignSplit: apiSignSplit{b.Positive, b.Negative, b.Both, b.Unsigned, b.Total}}
		}),
		ByBlock: mapAll(a.ByBlock, keys),
		ByCode: mapAll(a.ByCode, func(c harvest.CodeCount) apiCodeCount {
			return apiCodeCount{CodeID: c.CodeID, Key: c.Key, apiSignSplit: apiSignSplit{c.Positive, c.Negative, c.Both, c.Unsigned, c.Total}}
		}),
		ByCursistStatus: mapAll(a.ByCursistStatus, func(c harvest.CursistStatusCount) apiCursistStatusCount { return apiCursistStatusCount(c) }),
		Cursists:        a.Cursists,
		ByGroup:         mapAll(a.ByGroup, keys),
		ByPeriod:        mapAll(a.ByPeriod, keys),
		ByRound:         mapAll(a.ByRound, func(r harvest.RoundCount) apiRoundCount { return apiRoundCount(r) }),
		BySign:          mapAll(a.BySign, func(s harvest.SignCount) apiSignCount { return apiSignCount(s) }),
		ByStatus:        mapAll(a.ByStatus, keys),
		Cross:           toAPICross(a.Cross),
		PartnershipID:   pid, Total: a.Total,
		Trend: mapAll(a.Trend, func(t harvest.RoundSignCount) apiRoundSignCount { return apiRoundSignCount(t) }),
	}
}
