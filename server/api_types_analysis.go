package server

import "oogst/harvest"

// apiCross is the aggregates' cross-tables (the analysis view's): each cell counts the
// outcomes (excluded ones not counted) with both values.
type apiCross struct {
	BlockSign []apiBlockSignCount `json:"block_sign" doc:"building block × sign"`
	CodeBlock []apiCodeBlockCount `json:"code_block" doc:"code × building block"`
}

func (apiCross) apiName() string { return "OutcomeCross" }

type (
	apiCodeBlockCount struct {
		CodeID int64  `json:"code_id"`
		Block  string `json:"block" enum:"partnership,outreach,guidance,training,workplace,aftercare"`
		Count  int64  `json:"count"`
	}
	apiBlockSignCount struct {
		Block string `json:"block" enum:"partnership,outreach,guidance,training,workplace,aftercare"`
		Sign  string `json:"sign" enum:",positive,negative,both" doc:"empty: not said"`
		Count int64  `json:"count"`
	}
)

func toAPICross(c harvest.Cross) apiCross {
	return apiCross{
		BlockSign: mapAll(c.BlockSign, func(b harvest.BlockSignCount) apiBlockSignCount { return apiBlockSignCount(b) }),
		CodeBlock: mapAll(c.CodeBlock, func(b harvest.CodeBlockCount) apiCodeBlockCount { return apiCodeBlockCount(b) }),
	}
}
