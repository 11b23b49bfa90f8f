package main

import (
	"net"
	"strconv"
)

// baseURLFromAddr checks OOGST_ADDR and derives the default public address from it, so
// that links and QR codes follow the port Oogst really listens on.
func baseURLFromAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", badConfig("OOGST_ADDR: want host:port or :port such as :8080, got %q", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", badConfig("OOGST_ADDR: want a port number from 0 to 65535, got %q", addr)
	}
	return "http://" + hostPort(host, port), nil
}

// listenURL is the address a person on this machine can open for a listener.
func listenURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	return "http://" + hostPort(host, port)
}

// hostPort names an unspecified host (all interfaces) as localhost.
func hostPort(host, port string) string {
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
