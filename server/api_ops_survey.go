package server

import "net/http"

// surveyOps documents the tablet's part of /api/v1: no account, the join code is the
// capability (security: none). Failed code lookups are rate limited per IP (429 +
// Retry-After).
func surveyOps() []apiOp {
	code := apiParam{Name: "code", In: "path", Required: true, Schema: docString,
		Desc: "join code, 6 characters from ACDEFHJKMNPQRTUVWXY3479 (case-insensitive)"}
	common := []apiResp{
		errResp(http.StatusNotFound, "no round with this code"),
		errResp(http.StatusTooManyRequests, "too many wrong codes from this address (or, for audio uploads, its hourly upload quota is used up); see Retry-After"),
	}
	with := func(rs ...apiResp) []apiResp { return append(rs, common...) }
	return []apiOp{{
		Method: http.MethodGet, Path: "/rounds/{code}", Public: true,
		Summary:     "A round and its questions in one language (for the tablet)",
		Description: "Texts come in the asked language; a text missing in that language is the Dutch one and the question (or option, or form) has fallback=true. dir is the text direction of the language (rtl for ar and fa).",
		Params:      []apiParam{code, docQuery("lang", "language tag (nl fr en ar tr es uk ru ro pl fa); unknown or missing gives Dutch", docString)},
		Responses:   with(apiResp{Status: http.StatusOK, Desc: "the round", Body: apiPublicRound{}}),
	}, {
		Method: http.MethodPost, Path: "/rounds/{code}/responses", Public: true,
		Summary: "Submit one cursist's answers (idempotent by client uuid)",
		Description: "The first time an id is seen the response is stored (201). The same id again returns the stored response unchanged with 200 and stores nothing, also across Oogst processes sharing a database and also after the round closed. " +
			"Answer values: long_text/short_text a string (max 5000 / 500 characters); long_text with allow_voice also {\"text\": \"...\", \"voice\": \"<attachment uuid>\"}; single_choice and sign an option id (sign: positive, negative, both); multiple_choice an array of option ids; scale an integer from min to max; voice an attachment uuid uploaded to this round. null, \"\" and [] mean not answered. " +
			"Errors are translated into the submission's language. A round that closed still takes a submission carrying the start token the round gave while it was open (started), up to 14 days after it closed; it is stored with late=true. 409 when the round is closed (without such a token) or not open yet (errors.round), or the id was used in another round (errors.id). 422 with a message per field (id, language, cursist, body) or question id: unknown question, required missing, too long, wrong type, option not in the question, out of range, unknown voice attachment, unknown cursist or cursist not in the round's group, anonymous not allowed.",
		Params:  []apiParam{code},
		Request: apiSubmission{},
		Responses: with(
			apiResp{Status: http.StatusCreated, Desc: "stored", Body: apiStoredResponse{}},
			apiResp{Status: http.StatusOK, Desc: "this id was stored before: the same body as the first time", Body: apiStoredResponse{}},
			errResp(http.StatusConflict, "round closed / not yet open, or the id belongs to another round"),
			errResp(http.StatusUnprocessableEntity, "invalid: errors holds a translated message per question id or field"),
		),
	}, {
		Method: http.MethodGet, Path: "/rounds/{code}/cursists", Public: true,
		Summary:     "The codes and first names of the round's group, so a cursist can pick herself",
		Description: "Empty when the round is not open, or when its identify mode is code or anonymous. Only the code, the first name and that name in her own script are listed.",
		Params:      []apiParam{code},
		Responses:   with(apiResp{Status: http.StatusOK, Desc: "cursists", Body: apiList[apiRoundCursist]{}}),
	}, {
		Method: http.MethodPost, Path: "/rounds/{code}/audio", Public: true,
		Summary:      "Upload a voice answer (idempotent by client uuid)",
		Description:  "Multipart form with field id (client uuid) and file. The content must be webm, ogg, mp4/m4a or wav (checked by its bytes, not its name). The file is written completely (temp file, fsync, rename) before it is recorded. Use the returned id as the answer value (voice question) or as \"voice\" in a long_text answer.",
		Params:       []apiParam{code},
		Request:      apiAudioUpload{},
		RequestMedia: "multipart/form-data",
		Responses: with(
			apiResp{Status: http.StatusCreated, Desc: "stored", Body: apiAttachment{}},
			apiResp{Status: http.StatusOK, Desc: "this id was stored before", Body: apiAttachment{}},
			errResp(http.StatusConflict, "round closed, or the id belongs to another round"),
			errResp(http.StatusRequestEntityTooLarge, "over the upload size limit, or the round has no room left for recordings (OOGST_UPLOAD_QUOTA_ROUND_MB; errors.file): a message to show in the tablet's language"),
			errResp(http.StatusUnprocessableEntity, "not audio (errors.file), no file, or a bad id"),
		),
	}, {
		Method: http.MethodPost, Path: "/rounds/{code}/undeliverable", Public: true,
		Summary:     "Hand a refused reflection to the round's coordinator",
		Description: "For a submission the server refused for good (answered 4xx): the tablet posts its raw submission and the reason it got. The round's coordinator sees it on the round page and accepts it (stored as a late response) or discards it. Idempotent by id; a reflection that was stored after all is ignored. At most 30 reports per address per 10 minutes and 64 KB per payload.",
		Params:      []apiParam{code},
		Request:     apiUndeliverable{},
		Responses: with(
			apiResp{Status: http.StatusAccepted, Desc: "kept for the coordinator", Body: apiUndeliverableKept{}},
			errResp(http.StatusRequestEntityTooLarge, "payload over 64 KB"),
			errResp(http.StatusUnprocessableEntity, "the id is not a uuid or not the payload's id"),
		),
	}, {
		Method: http.MethodGet, Path: "/rounds/{code}/audio/prompts/{question}/{lang}", Public: true,
		Summary:   "A recorded prompt in a language (an audio_url or prompts entry of the round): {question} is a question id, question.option for an option, _consent.<version> or _<message id> for the tablet's own words",
		Params:    []apiParam{code, {Name: "question", In: "path", Required: true, Schema: docString}, {Name: "lang", In: "path", Required: true, Schema: docString}},
		Responses: with(apiResp{Status: http.StatusOK, Desc: "audio", Body: apiFile{}, Media: []string{"audio/webm", "audio/ogg", "audio/mp4", "audio/wav"}}),
	}}
}

// apiAudioUpload documents the multipart form of an audio upload (the handler reads
// the parts with FormValue and FormFile).
type apiAudioUpload struct {
	ID   string  `json:"id" format:"uuid"`
	File apiFile `json:"file" format:"binary"`
}
