package server

// apiList is the shape of every API list: {"items": [...], "total": N}.
type apiList[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}
