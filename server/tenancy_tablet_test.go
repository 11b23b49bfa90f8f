package server_test

func init() {
	exemptTenancy("GET /join", "redirects a join code to its round page; shows no partnership data")
	exemptTenancy("GET /r/:code", "the join code is the capability; the page shows only the round's language list")
	exemptTenancy("GET /sw.js", "the static offline worker")
}
