package survey

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"oogst/db"
	"oogst/locale"
)

// PublicRound is what a tablet gets for a join code: the round and its form's texts in
// one language. A text missing in that language is the Dutch one, with fallback=true.
type PublicRound struct {
	Code             string     `json:"code"`
	Title            string     `json:"title"`
	Open             bool       `json:"open"`
	OpensAt          time.Time  `json:"opens_at"`
	ClosesAt         *time.Time `json:"closes_at"`
	AnonymousAllowed bool       `json:"anonymous_allowed"`
	Group            string     `json:"group"`
	Languages        []string   `json:"languages"`
	Language         string     `json:"language"`
	Dir              string     `json:"dir"`
	// Consent is shown before the questions; the server fills it in (a partnership's
	// own text, or Oogst's default in the cursist's language).
	Consent *Consent   `json:"consent,omitempty"`
	Form    PublicForm `json:"form"`
	// IdleSeconds: how long the tablet waits without a touch before it asks whether the
	// person is still there. Started: the signed start token (see Signer), set by the
	// server while the round is open; the tablet keeps it with the person's draft.
	IdleSeconds int    `json:"idle_seconds"`
	Started     string `json:"started,omitempty"`
	// Closed: the round took answers and no longer does (not: has not opened yet).
	Closed bool `json:"closed"`
	// Identify is how a cursist says who she is (IdentifyList, IdentifyCode,
	// IdentifyAnonymous).
	Identify string `json:"identify"`
	// Prompts are the recorded prompts of the tablet's own words and of consent texts
	// in this language, by key ("_tablet.next", "_consent.oogst-1"): address to play.
	Prompts map[string]string `json:"prompts"`
}

// PublicForm is a form version in one language.
type PublicForm struct {
	ID        int64            `json:"id"`
	Version   int              `json:"version"`
	Title     string           `json:"title"`
	Fallback  bool             `json:"fallback"`
	Questions []PublicQuestion `json:"questions"`
}

// PublicQuestion is one question in one language.
type PublicQuestion struct {
	ID         string         `json:"id"`
	Type       QType          `json:"type"`
	Required   bool           `json:"required"`
	Role       string         `json:"role,omitempty"`
	Text       string         `json:"text"`
	Help       string         `json:"help"`
	Fallback   bool           `json:"fallback"`
	Options    []PublicOption `json:"options"`
	Min        *int           `json:"min"`
	Max        *int           `json:"max"`
	AllowVoice bool           `json:"allow_voice"`
	MaxLength  int            `json:"max_length,omitempty"`
	AudioURL   string         `json:"audio_url,omitempty"`
}

// PublicOption is one choice in one language; Icon names its picture.
type PublicOption struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Icon     string `json:"icon,omitempty"`
	Fallback bool   `json:"fallback,omitempty"`
	AudioURL string `json:"audio_url,omitempty"`
}

// DefaultIdleSeconds is a round's idle time unless its coordinator sets another.
const DefaultIdleSeconds = 180

// PublicView renders a round for the tablet in lang (Dutch when lang is not shipped).
func PublicView(ctx context.Context, d *db.DB, r Round, v FormVersion, def Definition, lang string, now time.Time) (PublicRound, error) {
	if !locale.Supported(lang) {
		lang = locale.Default
	}
	prompts, err := Prompts(ctx, d, r.FormID)
	if err != nil {
		return PublicRound{}, err
	}
	title, fb := def.Title.Get(lang)
	out := PublicRound{
		Code: r.Code, Title: r.Title, Open: r.IsOpen(now), OpensAt: r.OpensAt.UTC(), ClosesAt: r.ClosesAt,
		AnonymousAllowed: r.AnonymousAllowed, Group: r.GroupName, Languages: def.Languages, Language: lang, Dir: locale.Dir(lang),
		Form:        PublicForm{ID: v.FormID, Version: v.Version, Title: title, Fallback: fb, Questions: []PublicQuestion{}},
		IdleSeconds: r.IdleSeconds, Closed: r.ClosedSince(now) != nil,
		Identify: r.IdentifyMode, Prompts: map[string]string{},
	}
	if out.IdleSeconds <= 0 {
		out.IdleSeconds = DefaultIdleSeconds
	}
	if out.Identify == "" {
		out.Identify = IdentifyList
	}
	promptURL := func(key string, p Prompt) string {
		return fmt.Sprintf("/api/v1/rounds/%s/audio/prompts/%s/%s?v=%d", url.PathEscape(r.Code), url.PathEscape(key), lang, p.ID)
	}
	for key, byLang := range prompts {
		if p, ok := byLang[lang]; ok && strings.HasPrefix(key, "_") {
			out.Prompts[key] = promptURL(key, p)
		}
	}
	for _, q := range def.Questions {
		pq := PublicQuestion{ID: q.ID, Type: q.Type, Required: q.Required, Role: q.Role, Options: []PublicOption{}, Min: q.Min, Max: q.Max,
			AllowVoice: q.AllowVoice || q.Type == Voice}
		pq.Text, pq.Fallback = q.Text.Get(lang)
		if h, hfb := q.Help.Get(lang); h != "" {
			pq.Help = h
			pq.Fallback = pq.Fallback || hfb
		}
		switch q.Type {
		case LongText:
			pq.MaxLength = MaxLongText
		case ShortText:
			pq.MaxLength = MaxShortText
		}
		for _, o := range q.Options {
			po := PublicOption{ID: o.ID, Icon: o.Icon}
			po.Text, po.Fallback = o.Text.Get(lang)
			if p, ok := prompts[OptionPromptKey(q.ID, o.ID)][lang]; ok && !po.Fallback {
				po.AudioURL = promptURL(OptionPromptKey(q.ID, o.ID), p)
			}
			pq.Fallback = pq.Fallback || po.Fallback
			pq.Options = append(pq.Options, po)
		}
		if p, ok := prompts[q.ID][lang]; ok {
			pq.AudioURL = promptURL(q.ID, p)
		}
		out.Form.Questions = append(out.Form.Questions, pq)
	}
	return out, nil
}
