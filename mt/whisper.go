package mt

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"
)

// Whisper is an OpenAI-compatible speech-to-text endpoint (POST
// /v1/audio/transcriptions, multipart file and model → {"text"}), as whisper.cpp's
// server and other self-hosted Whisper servers speak it.
type Whisper struct {
	URL     string // base address, e.g. http://whisper.internal:8080
	Model   string // default "whisper-1"
	Key     string // Bearer token, when the server asks for one
	Timeout time.Duration
	HTTP    *http.Client
}

// Name is shown to admins and on the privacy page.
func (w *Whisper) Name() string { return "Whisper" }

// Transcribe sends the audio and returns the text; lang is a hint (ISO 639-1).
func (w *Whisper) Transcribe(ctx context.Context, audio io.Reader, fileName, lang string) (string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	model := w.Model
	if model == "" {
		model = "whisper-1"
	}
	_ = mw.WriteField("model", model)
	if lang != "" {
		_ = mw.WriteField("language", lang)
	}
	_ = mw.WriteField("response_format", "json")
	fw, err := mw.CreateFormFile("file", fileName)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(fw, audio); err != nil {
		return "", &Error{Service: w.Name(), Msg: "could not read the voice answer"}
	}
	if err := mw.Close(); err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(w.URL, "/")+"/v1/audio/transcriptions", &body)
	if err != nil {
		return "", &Error{Service: w.Name(), Msg: err.Error()}
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if w.Key != "" {
		req.Header.Set("Authorization", "Bearer "+w.Key)
	}
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Minute // a long voice answer on a CPU-only server
	}
	resp, raw, err := exchange(w.HTTP, timeout, req, w.Name(), 4<<20)
	if err != nil {
		return "", err
	}
	var r struct {
		Text  *string `json:"text"`
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	jerr := json.Unmarshal(raw, &r)
	if resp.StatusCode/100 != 2 {
		return "", failure(w.Name(), resp, r.Error.Message)
	}
	if jerr != nil || r.Text == nil {
		return "", &Error{Service: w.Name(), Status: resp.StatusCode, Msg: "answer without text"}
	}
	return strings.TrimSpace(*r.Text), nil
}
