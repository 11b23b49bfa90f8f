package mailer

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
)

// fakeSMTP speaks just enough SMTP over real TCP to receive one message.
func fakeSMTP(t *testing.T) (addr string, got chan string) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	got = make(chan string, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { c.Write([]byte(s + "\r\n")) }
		say("220 fake ESMTP")
		var data strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if inData {
				if line == ".\r\n" {
					inData = false
					got <- data.String()
					say("250 queued")
					continue
				}
				data.WriteString(line)
				continue
			}
			switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250-fake")
				say("250 8BITMIME")
			case strings.HasPrefix(cmd, "MAIL FROM"), strings.HasPrefix(cmd, "RCPT TO"):
				data.WriteString(strings.TrimSpace(line) + "\n")
				say("250 ok")
			case cmd == "DATA":
				inData = true
				say("354 go on")
			case cmd == "QUIT":
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	return l.Addr().String(), got
}

func TestSendDeliversUTF8Message(t *testing.T) {
	addr, got := fakeSMTP(t)
	m, err := New("smtp://"+addr, "Oogst <oogst@example.org>")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(context.Background(), "Amina <amina@example.org>", "Je toegang tot Oogst – één keer", "Dag Amina,\nKies je wachtwoord: https://oogst.test/invite/abc"); err != nil {
		t.Fatal(err)
	}
	msg := <-got
	for _, want := range []string{"MAIL FROM:<oogst@example.org>", "RCPT TO:<amina@example.org>", "Subject: =?utf-8?q?", "Content-Type: text/plain; charset=utf-8", "https://oogst.test/invite/abc", "Dag Amina,\r\n"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, c := range []struct{ url, from string }{{"http://x", "a@b.c"}, {"smtp://", "a@b.c"}, {"smtp://host", "not an address"}} {
		if _, err := New(c.url, c.from); err == nil {
			t.Errorf("New(%q, %q) accepted", c.url, c.from)
		}
	}
}
