package survey

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"oogst/db"
)

// LateGrace is how long after a round closes a reflection begun while it was open is
// still accepted (marked late): a tablet may stay offline over a school holiday.
const LateGrace = 14 * 24 * time.Hour

// clockSkew is how far in the future a token's time may lie (replicas' clocks differ).
const clockSkew = 2 * time.Minute

// ServerSecret is a key the server signs with, created once and shared by every
// process through the database (so tokens survive restarts and work across replicas).
type ServerSecret struct {
	Name      string `gorm:"primaryKey"`
	Secret    string
	CreatedAt time.Time
}

func (ServerSecret) TableName() string { return "server_secrets" }

// Signer makes and checks start tokens: "round id.unix seconds.signature", an HMAC of
// the round and the server's time when a tablet fetched the round for a person. The
// token lets the server tell that a reflection arriving after the round closed was
// begun while it was open, without trusting the tablet's clock.
type Signer struct{ key []byte }

// LoadSigner reads the start-token key from the database, creating it on first use.
func LoadSigner(ctx context.Context, d *db.DB) (*Signer, error) {
	key, err := Secret(ctx, d, "start_token")
	if err != nil {
		return nil, err
	}
	return &Signer{key: key}, nil
}

// Secret is the server's key called name (32 random bytes), created on first use and
// kept in server_secrets, so every process and every restart signs with the same key.
// Two processes starting together both insert; the first insert wins and both read it.
func Secret(ctx context.Context, d *db.DB, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("survey: key %s: %w", name, err)
	}
	fresh := ServerSecret{Name: name, Secret: base64.RawStdEncoding.EncodeToString(b), CreatedAt: d.Now().UTC()}
	if err := d.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&fresh).Error; err != nil {
		return nil, fmt.Errorf("survey: store key %s: %w", name, err)
	}
	var s ServerSecret
	if err := d.Q(ctx).Where("name = ?", name).First(&s).Error; err != nil {
		return nil, fmt.Errorf("survey: read key %s: %w", name, err)
	}
	key, err := base64.RawStdEncoding.DecodeString(s.Secret)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("survey: key %s in server_secrets is damaged", name)
	}
	return key, nil
}

func (s *Signer) mac(roundID, unix int64) string {
	h := hmac.New(sha256.New, s.key)
	fmt.Fprintf(h, "start|%d|%d", roundID, unix)
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

// Token is the start token for round at now.
func (s *Signer) Token(roundID int64, now time.Time) string {
	u := now.UTC().Unix()
	return fmt.Sprintf("%d.%d.%s", roundID, u, s.mac(roundID, u))
}

// Started returns the time a token for roundID was issued; false when the token is
// malformed, forged, for another round or from the future.
func (s *Signer) Started(token string, roundID int64, now time.Time) (time.Time, bool) {
	if s == nil || len(token) > 100 {
		return time.Time{}, false
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	rid, err1 := strconv.ParseInt(parts[0], 10, 64)
	u, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || rid != roundID {
		return time.Time{}, false
	}
	if !hmac.Equal([]byte(parts[2]), []byte(s.mac(rid, u))) {
		return time.Time{}, false
	}
	at := time.Unix(u, 0).UTC()
	if at.After(now.UTC().Add(clockSkew)) {
		return time.Time{}, false
	}
	return at, true
}

// LateOK reports whether a submission to closed round r may still be stored: its start
// token is valid, was issued while the round was open, and the round closed less than
// LateGrace ago.
func (s *Signer) LateOK(r Round, token string, now time.Time) bool {
	closed := r.ClosedSince(now)
	if closed == nil || now.UTC().After(closed.Add(LateGrace)) {
		return false
	}
	at, ok := s.Started(token, r.ID, now)
	if !ok {
		return false
	}
	return !at.Before(r.OpensAt.Truncate(time.Second)) && at.Before(*closed)
}
