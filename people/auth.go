package people

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/argon2id"

	"oogst/apperr"
	"oogst/db"
)

// argonParams follow OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): strong enough
// for passwords, and light enough that a few logins at once do not bloat a small server.
var argonParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// dummyHash is compared against when an e-mail is unknown, so that timing does not tell
// which e-mails exist. Made on first use, not at start: hashing costs memory and time.
var dummyHash = sync.OnceValue(func() string {
	h, _ := argon2id.CreateHash("not-a-real-password", argonParams)
	return h
})

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// HashPassword returns the argon2id hash of a password.
func HashPassword(pw string) (string, error) {
	if len([]rune(pw)) < MinPasswordLength {
		return "", apperr.Invalid{"password": apperr.Msg("error.password_too_short", "Min", MinPasswordLength)}.Err()
	}
	var h string
	var err error
	if gerr := withHashSlot(context.Background(), func() { h, err = argon2id.CreateHash(pw, argonParams) }); gerr != nil {
		return "", gerr
	}
	if err != nil {
		return "", fmt.Errorf("people: hash password: %w", err)
	}
	return h, nil
}

// NormalizeEmail lower-cases and trims an e-mail address.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// Authenticate checks e-mail and password of an active user. Unknown e-mail and wrong
// password give the same error.
func Authenticate(ctx context.Context, d *db.DB, email, password string) (User, error) {
	var u User
	err := d.Q(ctx).Where("email = ? AND active = ?", NormalizeEmail(email), true).First(&u).Error
	if db.IsNotFound(err) {
		dummy := dummyHash()
		if gerr := withHashSlot(ctx, func() { _, _ = argon2id.ComparePasswordAndHash(password, dummy) }); gerr != nil {
			return User{}, gerr
		}
		return User{}, apperr.New(apperr.KindUnauthorized, "login.error_credentials")
	}
	if err != nil {
		return User{}, fmt.Errorf("people: authenticate: %w", err)
	}
	ok := false
	if u.PasswordHash != "" {
		var cerr error
		if gerr := withHashSlot(ctx, func() { ok, cerr = argon2id.ComparePasswordAndHash(password, u.PasswordHash) }); gerr != nil {
			return User{}, gerr
		}
		if cerr != nil {
			return User{}, fmt.Errorf("people: compare password of user %d: %w", u.ID, cerr)
		}
	}
	if !ok {
		return User{}, apperr.New(apperr.KindUnauthorized, "login.error_credentials")
	}
	now := time.Now().UTC()
	if err := d.Q(ctx).Model(&User{}).Where("id = ?", u.ID).Update("last_login_at", now).Error; err != nil {
		return User{}, fmt.Errorf("people: record login of user %d: %w", u.ID, err)
	}
	u.LastLoginAt = &now
	return u, nil
}

// UserByID loads an active user.
func UserByID(ctx context.Context, d *db.DB, id int64) (User, error) {
	var u User
	err := d.Q(ctx).Where("id = ? AND active = ?", id, true).First(&u).Error
	if err != nil {
		return User{}, fmt.Errorf("people: load user %d: %w", id, err)
	}
	return u, nil
}

// tokenPrefix marks Oogst tokens so that secret scanners can recognise leaked ones.
const tokenPrefix = "oogst_"

// NewSecret returns a random URL-safe secret with Oogst's prefix, and its stored hash.
func NewSecret() (raw, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("people: random secret: %w", err)
	}
	raw = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return raw, HashSecret(raw), nil
}

// HashSecret is how tokens and one-time links are stored: a SHA-256 of a 256-bit random
// secret needs no salt or slow hash.
func HashSecret(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a personal API token for a user and returns the raw token once.
func CreateToken(ctx context.Context, d *db.DB, userID int64, name string) (string, APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", APIToken{}, apperr.Invalid{"name": apperr.Msg("error.required")}.Err()
	}
	if len([]rune(name)) > MaxNameLen {
		return "", APIToken{}, apperr.Invalid{"name": apperr.Msg("people.error.too_long", "Max", MaxNameLen)}.Err()
	}
	raw, hash, err := NewSecret()
	if err != nil {
		return "", APIToken{}, err
	}
	t := APIToken{UserID: userID, Name: name, TokenHash: hash}
	if err := d.Q(ctx).Create(&t).Error; err != nil {
		return "", APIToken{}, fmt.Errorf("people: create token for user %d: %w", userID, err)
	}
	uid := userID
	if err := Audit(ctx, d, AuditEntry{UserID: &uid, Action: AuditTokenCreated, Detail: name}); err != nil {
		return "", APIToken{}, err
	}
	return raw, t, nil
}

// UserByToken returns the active owner of an unrevoked token and records its use.
func UserByToken(ctx context.Context, d *db.DB, raw string) (User, APIToken, error) {
	var t APIToken
	err := d.Q(ctx).Where("token_hash = ? AND revoked_at IS NULL", HashSecret(raw)).First(&t).Error
	if db.IsNotFound(err) {
		return User{}, APIToken{}, apperr.New(apperr.KindUnauthorized, "error.bad_token")
	}
	if err != nil {
		return User{}, APIToken{}, fmt.Errorf("people: look up token: %w", err)
	}
	u, err := UserByID(ctx, d, t.UserID)
	if apperr.Is(err, apperr.KindNotFound) {
		return User{}, APIToken{}, apperr.New(apperr.KindUnauthorized, "error.bad_token")
	}
	if err != nil {
		return User{}, APIToken{}, err
	}
	now := time.Now().UTC()
	if t.LastUsedAt == nil {
		// The first use is the security event worth keeping; later uses show in
		// last_used_at.
		uid := u.ID
		if err := Audit(ctx, d, AuditEntry{UserID: &uid, Action: AuditTokenUsed, Detail: t.Name}); err != nil {
			return User{}, APIToken{}, err
		}
	}
	// Touch at most once a minute: a busy integration should not write on every call.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if err := d.Q(ctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now).Error; err != nil {
			return User{}, APIToken{}, fmt.Errorf("people: touch token %d: %w", t.ID, err)
		}
		t.LastUsedAt = &now
	}
	return u, t, nil
}

// UserName returns the name of account id (also a deactivated one: it still names who
// last changed something); "" when there is no such account.
func UserName(ctx context.Context, d *db.DB, id int64) (string, error) {
	var names []string
	if err := d.Q(ctx).Model(&User{}).Where("id = ?", id).Pluck("name", &names).Error; err != nil {
		return "", fmt.Errorf("people: name of user %d: %w", id, err)
	}
	if len(names) == 0 {
		return "", nil
	}
	return names[0], nil
}
