package survey_test

import (
	"reflect"
	"testing"

	"oogst/apperr"
	"oogst/locale"
	"oogst/survey"
)

func intp(n int) *int { return &n }

func TestSaveQuestionNewTakesTheNextFreeIDAndRefusesATakenOne(t *testing.T) {
	def := survey.Definition{Questions: []survey.Question{{ID: "q2", Type: survey.ShortText}}}
	id, err := def.SaveQuestion(survey.QuestionEdit{New: true, Type: survey.ShortText, Text: map[string]string{"nl": "  Wat lukte? "}})
	if err != nil || id != "q3" || len(def.Questions) != 2 || def.Questions[1].Text["nl"] != "Wat lukte?" {
		t.Fatalf("new question: %q %v %+v", id, err, def.Questions)
	}
	id, err = def.SaveQuestion(survey.QuestionEdit{New: true, ID: " q2 ", Type: survey.LongText})
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid || e.Fields["new"].ID != "survey.err.duplicate_id" || id != "q2" || len(def.Questions) != 2 || def.Questions[0].Type != survey.ShortText {
		t.Fatalf("taken id: %q %v %+v", id, err, def.Questions)
	}
}

func TestSaveQuestionKeepsUnsentLanguagesAndDropsWhatTheTypeCannotHave(t *testing.T) {
	def := survey.Definition{Questions: []survey.Question{{ID: "q1", Type: survey.LongText,
		Text: locale.Text{"nl": "Wat lukte?", "fr": "Qu'est-ce qui a marché ?", "en": "What worked?"}, Help: locale.Text{"nl": "Kort"}}}}
	id, err := def.SaveQuestion(survey.QuestionEdit{ID: "q1", Type: survey.ShortText, AllowVoice: true, Min: intp(1), Max: intp(5), Required: true,
		Text:    map[string]string{"nl": " Wat ging goed? ", "fr": "  "},
		Options: []survey.OptionEdit{{ID: "a", Text: map[string]string{"nl": "A"}}}})
	q := def.Questions[0]
	if err != nil || id != "q1" || len(def.Questions) != 1 {
		t.Fatalf("edit: %q %v %+v", id, err, def.Questions)
	}
	if want := (locale.Text{"nl": "Wat ging goed?", "en": "What worked?"}); !reflect.DeepEqual(q.Text, want) || q.Help["nl"] != "Kort" {
		t.Errorf("texts: %v help %v, want %v (fr removed, en kept)", q.Text, q.Help, want)
	}
	if q.AllowVoice || q.Min != nil || q.Max != nil || q.Options != nil || !q.Required || q.Type != survey.ShortText {
		t.Errorf("a short-text question keeps no voice, bounds or options: %+v", q)
	}

	_, err = def.SaveQuestion(survey.QuestionEdit{New: true, ID: "mood", Type: survey.Scale, AllowVoice: true, Min: intp(1), Max: intp(5)})
	mood, _ := def.Question("mood")
	if err != nil || mood.AllowVoice || *mood.Min != 1 || *mood.Max != 5 {
		t.Errorf("scale: %v %+v", err, mood)
	}
	_, err = def.SaveQuestion(survey.QuestionEdit{New: true, ID: "story", Type: survey.LongText, AllowVoice: true})
	if story, _ := def.Question("story"); err != nil || !story.AllowVoice {
		t.Errorf("long text keeps voice: %v %+v", err, story)
	}
}

func TestSaveQuestionOptions(t *testing.T) {
	def := survey.Definition{}
	_, err := def.SaveQuestion(survey.QuestionEdit{ID: "pick", Type: survey.SingleChoice, Options: []survey.OptionEdit{
		{ID: " yes ", Icon: " star ", Text: map[string]string{"nl": " Ja ", "fr": ""}}, {ID: "  ", Text: map[string]string{"nl": "leeg"}}, {ID: "no"}}})
	want := []survey.Option{{ID: "yes", Icon: "star", Text: locale.Text{"nl": "Ja"}}, {ID: "no", Text: locale.Text{}}}
	if q, _ := def.Question("pick"); err != nil || !reflect.DeepEqual(q.Options, want) {
		t.Errorf("choice options: %v %+v, want %+v", err, q, want)
	}
	_, err = def.SaveQuestion(survey.QuestionEdit{ID: "sign", Type: survey.Sign})
	q, _ := def.Question("sign")
	if err != nil || len(q.Options) != len(survey.SignValues) {
		t.Fatalf("sign: %v %+v", err, q)
	}
	for i, v := range survey.SignValues {
		if q.Options[i].ID != v || q.Options[i].Icon != v {
			t.Errorf("sign option %d: %+v, want %s", i, q.Options[i], v)
		}
	}
}

func TestSetSettingsPutsDutchFirstOnce(t *testing.T) {
	def := survey.Definition{Languages: []string{"nl", "en"}, Title: locale.Text{"nl": "Reflectie", "en": "Reflection"}}
	def.SetSettings([]string{"fr", "nl", "fr", "tr"}, map[string]string{"fr": " Réflexion ", "en": ""})
	if !reflect.DeepEqual(def.Languages, []string{"nl", "fr", "tr"}) {
		t.Errorf("languages: %v", def.Languages)
	}
	if want := (locale.Text{"nl": "Reflectie", "fr": "Réflexion"}); !reflect.DeepEqual(def.Title, want) {
		t.Errorf("title: %v, want %v", def.Title, want)
	}
	var empty survey.Definition
	empty.SetSettings(nil, map[string]string{"nl": "Nieuw"})
	if !reflect.DeepEqual(empty.Languages, []string{"nl"}) || empty.Title["nl"] != "Nieuw" {
		t.Errorf("empty definition: %+v", empty)
	}
}
