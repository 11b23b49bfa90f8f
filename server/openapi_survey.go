package server

// openapiSurvey returns the survey domain's API paths (keys relative to /api/v1) and schemas.
// These are the tablet's routes: no account, the join code is the capability
// (security: none). Failed code lookups are rate limited per IP (429 + Retry-After).
func openapiSurvey() (paths, schemas map[string]any) {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	jsonBody := func(schema any) map[string]any {
		return map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	}
	resp := func(desc string, schema any) map[string]any {
		r := map[string]any{"description": desc}
		if schema != nil {
			r["content"] = map[string]any{"application/json": map[string]any{"schema": schema}}
		}
		return r
	}
	errResp := func(desc string) map[string]any { return resp(desc, ref("Error")) }
	code := map[string]any{"name": "code", "in": "path", "required": true, "schema": map[string]any{"type": "string"},
		"description": "join code, 6 characters from ACDEFHJKMNPQRTUVWXY3479 (case-insensitive)"}
	public := []any{}
	str := map[string]any{"type": "string"}
	nstr := map[string]any{"type": []string{"string", "null"}}
	nint := map[string]any{"type": []string{"integer", "null"}}
	boolean := map[string]any{"type": "boolean"}
	common := map[string]any{
		"404": errResp("no round with this code"),
		"429": errResp("too many wrong codes from this address (or, for audio uploads, its hourly upload quota is used up); see Retry-After"),
	}
	with := func(m map[string]any) map[string]any {
		for k, v := range common {
			m[k] = v
		}
		return m
	}
	paths = map[string]any{
		"/rounds/{code}": map[string]any{"get": map[string]any{
			"summary":     "A round and its questions in one language (for the tablet)",
			"description": "Texts come in the asked language; a text missing in that language is the Dutch one and the question (or option, or form) has fallback=true. dir is the text direction of the language (rtl for ar and fa).",
			"security":    public,
			"parameters": []any{code, map[string]any{"name": "lang", "in": "query", "schema": str,
				"description": "language tag (nl fr en ar tr es uk ru ro pl fa); unknown or missing gives Dutch"}},
			"responses": with(map[string]any{"200": resp("the round", ref("PublicRound"))}),
		}},
		"/rounds/{code}/responses": map[string]any{"post": map[string]any{
			"summary": "Submit one cursist's answers (idempotent by client uuid)",
			"description": "The first time an id is seen the response is stored (201). The same id again returns the stored response unchanged with 200 and stores nothing, also across Oogst processes sharing a database and also after the round closed. " +
				"Answer values: long_text/short_text a string (max 5000 / 500 characters); long_text with allow_voice also {\"text\": \"...\", \"voice\": \"<attachment uuid>\"}; single_choice and sign an option id (sign: positive, negative, both); multiple_choice an array of option ids; scale an integer from min to max; voice an attachment uuid uploaded to this round. null, \"\" and [] mean not answered. " +
				"Errors are translated into the submission's language. A round that closed still takes a submission carrying the start token the round gave while it was open (started), up to 14 days after it closed; it is stored with late=true. 409 when the round is closed (without such a token) or not open yet (errors.round), or the id was used in another round (errors.id). 422 with a message per field (id, language, cursist, body) or question id: unknown question, required missing, too long, wrong type, option not in the question, out of range, unknown voice attachment, unknown cursist or cursist not in the round's group, anonymous not allowed.",
			"security":    public,
			"parameters":  []any{code},
			"requestBody": map[string]any{"required": true, "content": jsonBody(ref("Submission"))["content"]},
			"responses": with(map[string]any{
				"201": resp("stored", ref("StoredResponse")),
				"200": resp("this id was stored before: the same body as the first time", ref("StoredResponse")),
				"409": errResp("round closed / not yet open, or the id belongs to another round"),
				"422": errResp("invalid: errors holds a translated message per question id or field"),
			}),
		}},
		"/rounds/{code}/cursists": map[string]any{"get": map[string]any{
			"summary":     "The codes and first names of the round's group, so a cursist can pick herself",
			"description": "Empty when the round is not open, or when its identify mode is code or anonymous. Only the code, the first name and that name in her own script are listed.",
			"security":    public,
			"parameters":  []any{code},
			"responses": with(map[string]any{"200": resp("cursists", map[string]any{"type": "object", "properties": map[string]any{
				"items": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{"code": str, "first_name": str, "display_name_native": str}}},
				"total": map[string]any{"type": "integer"},
			}})}),
		}},
		"/rounds/{code}/audio": map[string]any{"post": map[string]any{
			"summary":     "Upload a voice answer (idempotent by client uuid)",
			"description": "Multipart form with field id (client uuid) and file. The content must be webm, ogg, mp4/m4a or wav (checked by its bytes, not its name). The file is written completely (temp file, fsync, rename) before it is recorded. Use the returned id as the answer value (voice question) or as \"voice\" in a long_text answer.",
			"security":    public,
			"parameters":  []any{code},
			"requestBody": map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{"schema": map[string]any{
				"type": "object", "required": []string{"id", "file"},
				"properties": map[string]any{"id": map[string]any{"type": "string", "format": "uuid"}, "file": map[string]any{"type": "string", "format": "binary"}},
			}}}},
			"responses": with(map[string]any{
				"201": resp("stored", ref("Attachment")),
				"200": resp("this id was stored before", ref("Attachment")),
				"409": errResp("round closed, or the id belongs to another round"),
				"413": errResp("over the upload size limit, or the round has no room left for recordings (OOGST_UPLOAD_QUOTA_ROUND_MB; errors.file): a message to show in the tablet's language"),
				"422": errResp("not audio (errors.file), no file, or a bad id"),
			}),
		}},
		"/rounds/{code}/undeliverable": map[string]any{"post": map[string]any{
			"summary":     "Hand a refused reflection to the round's coordinator",
			"description": "For a submission the server refused for good (answered 4xx): the tablet posts its raw submission and the reason it got. The round's coordinator sees it on the round page and accepts it (stored as a late response) or discards it. Idempotent by id; a reflection that was stored after all is ignored. At most 30 reports per address per 10 minutes and 64 KB per payload.",
			"security":    public,
			"parameters":  []any{code},
			"requestBody": map[string]any{"required": true, "content": jsonBody(map[string]any{"type": "object", "required": []string{"id", "reason", "payload"}, "properties": map[string]any{
				"id": map[string]any{"type": "string", "format": "uuid", "description": "the submission's id"}, "reason": str, "payload": ref("Submission"),
			}})["content"]},
			"responses": with(map[string]any{
				"202": resp("kept for the coordinator", nil),
				"413": errResp("payload over 64 KB"),
				"422": errResp("the id is not a uuid or not the payload's id"),
			}),
		}},
		"/rounds/{code}/audio/prompts/{question}/{lang}": map[string]any{"get": map[string]any{
			"summary":    "A recorded prompt in a language (an audio_url or prompts entry of the round): {question} is a question id, question.option for an option, _consent.<version> or _<message id> for the tablet's own words",
			"security":   public,
			"parameters": []any{code, map[string]any{"name": "question", "in": "path", "required": true, "schema": str}, map[string]any{"name": "lang", "in": "path", "required": true, "schema": str}},
			"responses": with(map[string]any{"200": map[string]any{"description": "audio", "content": map[string]any{
				"audio/webm": map[string]any{}, "audio/ogg": map[string]any{}, "audio/mp4": map[string]any{}, "audio/wav": map[string]any{}}}}),
		}},
	}
	option := map[string]any{"type": "object", "required": []string{"id", "text"}, "properties": map[string]any{
		"id": str, "text": str, "icon": map[string]any{"type": "string", "description": "picture name (the building blocks: partnership, outreach, guidance, training, workplace, aftercare; sign: positive, negative, both)"},
		"fallback": boolean, "audio_url": map[string]any{"type": "string", "description": "recorded prompt for this option in this language, if any"}}}
	question := map[string]any{"type": "object", "required": []string{"id", "type", "required", "text", "help", "options", "min", "max"}, "properties": map[string]any{
		"id":          str,
		"type":        map[string]any{"type": "string", "enum": []string{"long_text", "short_text", "single_choice", "multiple_choice", "sign", "scale", "voice"}},
		"required":    boolean,
		"role":        map[string]any{"type": "string", "enum": []string{"change", "significance", "sign", "blocks", "contribution"}, "description": "reflection forms: which part of an outcome the answer becomes"},
		"text":        str,
		"help":        str,
		"fallback":    map[string]any{"type": "boolean", "description": "a text of this question is shown in Dutch because the language lacks it"},
		"options":     map[string]any{"type": "array", "items": option},
		"min":         nint,
		"max":         nint,
		"allow_voice": map[string]any{"type": "boolean", "description": "a voice recording may be given instead of (or beside) text"},
		"max_length":  map[string]any{"type": "integer"},
		"audio_url":   map[string]any{"type": "string", "description": "recorded prompt for this question in this language, if any"},
	}}
	schemas = map[string]any{
		"PublicRound": map[string]any{"type": "object", "required": []string{"code", "open", "anonymous_allowed", "languages", "form"}, "properties": map[string]any{
			"code": str, "title": str, "open": boolean, "anonymous_allowed": boolean, "group": str,
			"consent": map[string]any{"type": "object", "description": "the consent text to show first, in the asked language (Dutch when it lacks one)", "properties": map[string]any{
				"version": str, "text": str, "fallback": boolean}},
			"opens_at": map[string]any{"type": "string", "format": "date-time"}, "closes_at": map[string]any{"type": []string{"string", "null"}, "format": "date-time"},
			"languages": map[string]any{"type": "array", "items": str}, "language": str, "dir": map[string]any{"type": "string", "enum": []string{"ltr", "rtl"}},
			"closed":       map[string]any{"type": "boolean", "description": "the round took answers and no longer does"},
			"idle_seconds": map[string]any{"type": "integer", "description": "seconds without a touch before the tablet asks whether the person is still there"},
			"started":      map[string]any{"type": "string", "description": "signed start token (only while open): keep it with the person's answers and send it as started"},
			"identify":     map[string]any{"type": "string", "enum": []string{"list", "code", "anonymous"}, "description": "how a cursist says who she is: pick her name, type her personal code, or nobody is identified"},
			"prompts":      map[string]any{"type": "object", "additionalProperties": str, "description": "recorded prompts of consent texts and the tablet's own words in this language, by key (_consent.<version>, _<message id>)"},
			"form": map[string]any{"type": "object", "required": []string{"id", "version", "questions"}, "properties": map[string]any{
				"id": map[string]any{"type": "integer"}, "version": map[string]any{"type": "integer"}, "title": str, "fallback": boolean,
				"questions": map[string]any{"type": "array", "items": question},
			}},
		}},
		"Submission": map[string]any{"type": "object", "required": []string{"id", "language", "answers"}, "properties": map[string]any{
			"id":       map[string]any{"type": "string", "format": "uuid", "description": "generated by the tablet; the idempotency key"},
			"language": str, "cursist": map[string]any{"type": []string{"string", "null"}, "description": "the cursist's code, or null for an anonymous answer (always null in a round whose identify is anonymous)"},
			"answers":         map[string]any{"type": "object", "additionalProperties": true, "description": "question id → value"},
			"consent_version": str,
			"started":         map[string]any{"type": "string", "description": "the start token of the round JSON when this person began"},
		}},
		"StoredResponse": map[string]any{"type": "object", "properties": map[string]any{
			"id": str, "round": str, "form_id": map[string]any{"type": "integer"}, "form_version": map[string]any{"type": "integer"},
			"language": str, "cursist": nstr, "answers": map[string]any{"type": "object", "additionalProperties": true, "description": "question id → value, as stored"}, "consent_version": str,
			"submitted_at": map[string]any{"type": "string", "format": "date-time"},
			"late":         map[string]any{"type": "boolean", "description": "received after the round closed"},
		}},
		"Attachment": map[string]any{"type": "object", "properties": map[string]any{"id": str, "size": map[string]any{"type": "integer"}, "mime": str}},
	}
	return paths, schemas
}
