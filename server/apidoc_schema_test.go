package server

import (
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
	"time"

	"oogst/harvest"
)

type docInner struct {
	Name string `json:"name"`
}

func (docInner) apiName() string { return "Inner" }

type docEmbedded struct {
	Shared string `json:"shared"`
}

type docSample struct {
	docEmbedded
	ID       int64             `json:"id"`
	Count    int               `json:"count,omitempty"`
	When     time.Time         `json:"when"`
	Maybe    *time.Time        `json:"maybe"`
	Gone     *int64            `json:"gone,omitempty"`
	Hidden   string            `json:"-"`
	Status   harvest.Status    `json:"status"`
	Sign     string            `json:"sign" enum:",positive,negative" doc:"the sign"`
	Tags     []string          `json:"tags" enum:"a,b"`
	Labels   map[string]string `json:"labels"`
	Inner    docInner          `json:"inner"`
	InnerPtr *docInner         `json:"inner_ptr"`
	Raw      json.RawMessage   `json:"raw" shape:"object"`
	Cursist  *string           `json:"cursist" required:"false"`
	Payload  json.RawMessage   `json:"payload" ref:"Inner"`
}

// TestSchemaFollowsEncodingJSON checks the generator's rules on one struct.
func TestSchemaFollowsEncodingJSON(t *testing.T) {
	g := newSchemaGen()
	s := g.of(reflect.TypeFor[docSample]())
	props := s["properties"].(map[string]any)
	want := map[string]string{
		"shared":    `{"type":"string"}`,
		"id":        `{"format":"int64","type":"integer"}`,
		"count":     `{"type":"integer"}`,
		"when":      `{"format":"date-time","type":"string"}`,
		"maybe":     `{"format":"date-time","type":["string","null"]}`,
		"gone":      `{"format":"int64","type":"integer"}`,
		"status":    `{"enum":["new","coded","substantiated","used","excluded"],"type":"string"}`,
		"sign":      `{"description":"the sign","enum":["","positive","negative"],"type":"string"}`,
		"tags":      `{"items":{"enum":["a","b"],"type":"string"},"type":"array"}`,
		"labels":    `{"additionalProperties":{"type":"string"},"type":"object"}`,
		"inner":     `{"$ref":"#/components/schemas/Inner"}`,
		"inner_ptr": `{"anyOf":[{"$ref":"#/components/schemas/Inner"},{"type":"null"}]}`,
		"raw":       `{"additionalProperties":true,"type":"object"}`,
		"cursist":   `{"type":["string","null"]}`,
		"payload":   `{"$ref":"#/components/schemas/Inner"}`,
	}
	for name, w := range want {
		got, _ := json.Marshal(props[name])
		if string(got) != w {
			t.Errorf("%s: %s, want %s", name, got, w)
		}
	}
	if len(props) != len(want) {
		t.Errorf("properties %v, want exactly %d (json:\"-\" left out, embedded fields flattened)", reflect.ValueOf(props).MapKeys(), len(want))
	}
	req, _ := json.Marshal(s["required"])
	if w := `["shared","id","when","maybe","status","sign","tags","labels","inner","inner_ptr","raw","payload"]`; string(req) != w {
		t.Errorf("required %s, want %s", req, w)
	}
	inner, _ := json.Marshal(g.components["Inner"])
	if w := `{"properties":{"name":{"type":"string"}},"required":["name"],"type":"object"}`; string(inner) != w {
		t.Errorf("component Inner %s, want %s", inner, w)
	}
}

// TestEveryOperationIsComplete checks the operation table itself: each operation has
// a summary and a success answer, and every {name} in its path is a path parameter.
func TestEveryOperationIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, op := range apiOperations() {
		key := op.Method + " " + op.Path
		if seen[key] {
			t.Errorf("%s is documented twice", key)
		}
		seen[key] = true
		if op.Summary == "" {
			t.Errorf("%s has no summary", key)
		}
		ok := false
		for _, r := range op.Responses {
			ok = ok || r.Status < 300
		}
		if !ok {
			t.Errorf("%s documents no success", key)
		}
		for _, m := range pathParamRE.FindAllStringSubmatch(op.Path, -1) {
			found := false
			for _, p := range op.Params {
				found = found || (p.In == "path" && p.Name == m[1])
			}
			if !found {
				t.Errorf("%s lacks path parameter %s", key, m[1])
			}
		}
	}
}

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

type docOtherInner struct{}

func (docOtherInner) apiName() string { return "Inner" }

type docSelfMarshal struct{}

func (docSelfMarshal) MarshalJSON() ([]byte, error) { return []byte(`"x"`), nil }

// TestSchemaRefusesWhatItCannotDescribe: two types under one component name, or a type
// that writes its own JSON, stop the generator instead of giving a wrong document.
func TestSchemaRefusesWhatItCannotDescribe(t *testing.T) {
	for name, types := range map[string][]reflect.Type{
		"name clash": {reflect.TypeFor[docInner](), reflect.TypeFor[docOtherInner]()},
		"marshaler":  {reflect.TypeFor[docSelfMarshal]()},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			g := newSchemaGen()
			for _, ty := range types {
				g.of(ty)
			}
		}()
	}
}
