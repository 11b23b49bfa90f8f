package server

// The answers of /api/v1 are the structs in api_types_<domain>.go: handlers encode
// them and the OpenAPI document is generated from them (apidoc_schema.go), so the two
// cannot differ. These helpers are shared by all of them.

// apiList is the shape of every API list: {"items": [...], "total": N}. It is named
// after its item ("CursistList").
type apiList[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func (apiList[T]) apiName() string {
	var item T
	if n, ok := any(item).(apiNamed); ok {
		return n.apiName() + "List"
	}
	return ""
}

// listOf wraps items (never null) as an API list.
func listOf[T any](items []T) apiList[T] {
	if items == nil {
		items = []T{}
	}
	return apiList[T]{Items: items, Total: len(items)}
}

// mapAll converts a slice; nil becomes empty ([] in JSON).
func mapAll[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, x := range in {
		out[i] = f(x)
	}
	return out
}

// mapList converts a slice, keeping nil as nil (null in JSON) and empty as empty.
func mapList[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, x := range in {
		out[i] = f(x)
	}
	return out
}
