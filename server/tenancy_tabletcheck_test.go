package server_test

func init() {
	registerTenancy("GET /survey/rounds/:id/tablet-check", roundCase("/tablet-check", nil, "coordinator@a", "partner@a", "mentor@a"))
}
