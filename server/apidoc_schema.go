package server

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// The OpenAPI schemas are derived by reflection from the same structs the API handlers
// encode, so a field added to an answer is documented by construction. The rules follow
// encoding/json: a field is named by its json tag, `-` is left out, embedded structs
// are flattened, and a field without omitempty is always present, hence required. A
// pointer without omitempty may be null; with omitempty it is simply left out.
//
// Tags add what the Go type cannot say: doc (description), enum (comma-separated; a
// leading comma allows ""), format (uuid, …), example, shape:"object" for a
// json.RawMessage that always holds an object, ref:"<component>" for raw JSON of a
// documented shape, and required:"false" for a request field that may be left out
// although it has no omitempty. A named type that is not a struct gets its enum from
// apiEnums. A struct with an apiName method becomes a named component
// (#/components/schemas/<name>); other structs are written inline. A type that
// marshals itself (json.Marshaler) cannot be described from its fields: the generator
// refuses it rather than document something else.

// apiNamed is implemented by the structs that are components of the document.
type apiNamed interface{ apiName() string }

// apiDescribed is implemented by structs whose schema carries a description.
type apiDescribed interface{ apiDescription() string }

// schemaGen builds schemas and collects the named components they refer to.
type schemaGen struct {
	components map[string]any
	named      map[string]reflect.Type // which type took a component name
	// enums gives named scalar types their allowed values.
	enums map[reflect.Type][]string
}

func newSchemaGen() *schemaGen {
	return &schemaGen{components: map[string]any{}, named: map[string]reflect.Type{}, enums: apiEnums()}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
	fileType = reflect.TypeFor[apiFile]()

	marshalerType = reflect.TypeFor[json.Marshaler]()
)

// of returns the schema of a Go type.
func (g *schemaGen) of(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		return g.of(t.Elem())
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case rawType:
		return map[string]any{"description": "any JSON value"}
	case fileType:
		return map[string]any{"type": "string", "format": "binary"}
	}
	if t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) {
		panic("openapi: " + t.String() + " marshals itself; give the API a plain struct")
	}
	if t.Kind() == reflect.Struct {
		if n, ok := reflect.Zero(t).Interface().(apiNamed); ok && n.apiName() != "" {
			name := n.apiName()
			if prev, taken := g.named[name]; taken && prev != t {
				panic("openapi: " + prev.String() + " and " + t.String() + " are both named " + name)
			}
			if _, seen := g.components[name]; !seen {
				g.named[name] = t
				g.components[name] = nil // placeholder: a type may refer to itself
				g.components[name] = g.object(t)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return g.object(t)
	}
	s := g.scalar(t)
	if vals, ok := g.enums[t]; ok {
		s["enum"] = vals
	}
	return s
}

func (g *schemaGen) scalar(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int64, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())}
	case reflect.Interface:
		return map[string]any{"description": "any JSON value"}
	}
	panic("openapi: no schema for Go type " + t.String())
}

// object is the schema of a struct's JSON object.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	s := map[string]any{"type": "object", "properties": props}
	if d, ok := reflect.Zero(t).Interface().(apiDescribed); ok {
		s["description"] = d.apiDescription()
	}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// fields adds t's JSON fields (and those of its embedded structs) to props.
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				g.fields(ft, props, required)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		s := g.field(f, omit)
		props[name] = s
		if !omit && f.Tag.Get("required") != "false" {
			*required = append(*required, name)
		}
	}
}

// field is one struct field's schema with its tags applied.
func (g *schemaGen) field(f reflect.StructField, omit bool) map[string]any {
	s := g.of(f.Type)
	if f.Type == rawType && f.Tag.Get("shape") == "object" {
		s = map[string]any{"type": "object", "additionalProperties": true}
	}
	if r := f.Tag.Get("ref"); r != "" { // raw JSON that has a documented shape
		s = map[string]any{"$ref": "#/components/schemas/" + r}
	}
	if _, isRef := s["$ref"]; isRef && (f.Tag.Get("doc") != "" || (f.Type.Kind() == reflect.Pointer && !omit)) {
		s = map[string]any{"allOf": []any{s}} // a $ref takes no siblings in older readers
	} else {
		s = clone(s)
	}
	if f.Type.Kind() == reflect.Pointer && !omit {
		nullable(s)
	}
	if d := f.Tag.Get("doc"); d != "" {
		s["description"] = d
	}
	if e, ok := f.Tag.Lookup("enum"); ok {
		target := s
		if items, isList := s["items"].(map[string]any); isList {
			target = clone(items) // a list of enum values: the items are restricted
			s["items"] = target
		}
		target["enum"] = strings.Split(e, ",")
	}
	if v := f.Tag.Get("format"); v != "" {
		s["format"] = v
	}
	if v := f.Tag.Get("example"); v != "" {
		s["example"] = v
	}
	return s
}

// nullable lets s also be null (OpenAPI 3.1: a list of types).
func nullable(s map[string]any) {
	switch t := s["type"].(type) {
	case string:
		s["type"] = []string{t, "null"}
	case nil:
		if all, ok := s["allOf"].([]any); ok {
			delete(s, "allOf")
			s["anyOf"] = append(all, map[string]any{"type": "null"})
		}
	}
}

func clone(s map[string]any) map[string]any {
	out := make(map[string]any, len(s))
	for k, v := range s {
		out[k] = v
	}
	return out
}
