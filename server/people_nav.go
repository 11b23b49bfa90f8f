package server

import "oogst/people"

func anyUser(u *people.User, _ people.Scope) bool { return u != nil }
