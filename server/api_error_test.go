package server_test

// apiError is the JSON body of a refused API request: a message and, for invalid
// input, one message per field.
type apiError struct {
	Error  string            `json:"error"`
	Errors map[string]string `json:"errors"`
}
