package server

import (
	"context"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// pathID reads a numeric path parameter (:id, :pid, …); every handler reads its ids
// with it, so a bad id answers 404 everywhere, like a missing row.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFound()
	}
	return id, nil
}

// byPathID calls op, in the request's context and the caller's scope, with the id in
// path parameter name: most pages and API calls show or change one thing found so.
func byPathID[T any](s *Server, c echo.Context, name string, op func(context.Context, *db.DB, people.Scope, int64) (T, error)) (T, error) {
	id, err := pathID(c, name)
	if err != nil {
		var zero T
		return zero, err
	}
	return op(c.Request().Context(), s.db, scopeOf(c), id)
}

// optionalPathID reads a numeric path parameter that a route may lack (0 then): one
// handler serves the form of a new thing and of an existing one.
func optionalPathID(c echo.Context, name string) (int64, error) {
	if c.Param(name) == "" {
		return 0, nil
	}
	return pathID(c, name)
}

// pathIDs reads two numeric path parameters (a thing and one of its parts); garbage in
// either is not found.
func pathIDs(c echo.Context, name, part string) (int64, int64, error) {
	id, err := pathID(c, name)
	if err != nil {
		return 0, 0, err
	}
	pid, err := pathID(c, part)
	return id, pid, err
}

// queryID reads an optional numeric query parameter (0 when absent); garbage is not found.
func queryID(c echo.Context, name string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFound()
	}
	return id, nil
}

// cursistPath reads the partnership and cursist ids of /people/:pid/cursists/:cid/….
func cursistPath(c echo.Context) (pid, cid int64, err error) {
	if pid, err = pathID(c, "pid"); err != nil {
		return 0, 0, err
	}
	cid, err = pathID(c, "cid")
	return pid, cid, err
}
