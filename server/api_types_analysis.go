package server

import "oogst/harvest"

// apiCross is the aggregates' cross-tables (the analysis view's): each cell counts the
// outcomes (excluded ones not counted) with both values.
type apiCross struct {
	ActorSign   []apiActorSignCount   `json:"actor_sign" doc:"social actor × sign"`
	BlockSign   []apiBlockSignCount   `json:"block_sign" doc:"building block × sign"`
	CodeBarrier []apiCodeBarrierCount `json:"code_barrier" doc:"code × barrier"`
	CodeBlock   []apiCodeBlockCount   `json:"code_block" doc:"code × building block"`
}

func (apiCross) apiName() string { return "OutcomeCross" }

type (
	apiActorSignCount struct {
		Actor string `json:"actor" enum:",cursist,workplace,training_provider,job_coach,family,other" doc:"empty: not said"`
		Sign  string `json:"sign" enum:",positive,negative,both" doc:"empty: not said"`
		Count int64  `json:"count"`
	}
	apiCodeBarrierCount struct {
		CodeID    int64 `json:"code_id"`
		BarrierID int64 `json:"barrier_id"`
		Count     int64 `json:"count"`
	}
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
		ActorSign:   mapAll(c.ActorSign, func(x harvest.ActorSignCount) apiActorSignCount { return apiActorSignCount(x) }),
		CodeBarrier: mapAll(c.CodeBarrier, func(x harvest.CodeBarrierCount) apiCodeBarrierCount { return apiCodeBarrierCount(x) }),
		BlockSign:   mapAll(c.BlockSign, func(b harvest.BlockSignCount) apiBlockSignCount { return apiBlockSignCount(b) }),
		CodeBlock:   mapAll(c.CodeBlock, func(b harvest.CodeBlockCount) apiCodeBlockCount { return apiCodeBlockCount(b) }),
	}
}
