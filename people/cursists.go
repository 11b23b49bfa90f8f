package people

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm/clause"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
)

// CodeLength is the length of generated cursist codes.
const CodeLength = 4

// codePattern accepts generated codes and codes a partnership already uses on paper.
var codePattern = regexp.MustCompile(`^[A-Z0-9]{3,12}$`)

// CursistList is what a staff member sees of a partnership's cursists.
type CursistList struct {
	Partnership Partnership
	Cursists    []Cursist
	// Group is set when the caller is a mentor who sees only their own group.
	Group   string
	CanEdit bool
	Total   int
}

// Cursists lists the partnership's cursists: all of them for its coordinator (who may
// edit) and partners (read-only), the own group (read-only) for a mentor; outsiders,
// platform admins included, get NotFound.
func Cursists(ctx context.Context, d *db.DB, sc Scope, pid int64) (CursistList, error) {
	p, err := PartnershipByID(ctx, d, sc, pid)
	if err != nil {
		return CursistList{}, err
	}
	out := CursistList{Partnership: p}
	q := d.Q(ctx).Where("partnership_id = ?", pid)
	switch r, _ := sc.Role(pid); r {
	case RoleCoordinator:
		out.CanEdit = true
	case RolePartner:
	case RoleMentor:
		out.Group = sc.MentorGroups[pid]
		if out.Group == "" {
			// A mentor without a group sees nobody rather than everybody.
			q = q.Where("1 = 0")
		}
		q = q.Where("group_name = ?", out.Group)
	default:
		return CursistList{}, apperr.Forbidden()
	}
	if err := q.Order("group_name, code").Find(&out.Cursists).Error; err != nil {
		return CursistList{}, fmt.Errorf("people: list cursists of %d: %w", pid, err)
	}
	out.Total = len(out.Cursists)
	return out, nil
}

// CursistByID loads one cursist for the partnership's coordinator.
func CursistByID(ctx context.Context, d *db.DB, sc Scope, pid, cid int64) (Cursist, error) {
	if err := RequireCoordinator(sc, pid); err != nil {
		return Cursist{}, err
	}
	var c Cursist
	err := d.Q(ctx).Where("id = ? AND partnership_id = ?", cid, pid).First(&c).Error
	if err != nil {
		return Cursist{}, fmt.Errorf("people: load cursist %d: %w", cid, err)
	}
	return c, nil
}

// CursistInput is the cursist form (and one CSV row).
type CursistInput struct {
	Code           string
	FirstName      string
	NativeName     string // the first name in her own script, optional
	Group          string
	Language       string
	Consent        bool
	ConsentVersion string
	Active         bool
	FormID         string // one-time id of the add form; empty: none
	IP             string // the caller's address, for the audit log
}

// normalize trims and upper-cases; validate reports field errors (without the
// uniqueness check, which needs the database).
func (in *CursistInput) normalize() {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.FirstName = strings.TrimSpace(plainText(in.FirstName))
	in.NativeName = strings.TrimSpace(plainText(in.NativeName))
	in.Group = strings.TrimSpace(plainText(in.Group))
	in.Language = strings.ToLower(strings.TrimSpace(in.Language))
	in.ConsentVersion = strings.TrimSpace(in.ConsentVersion)
	if in.Language == "" {
		in.Language = locale.Default
	}
}

// plainText makes a name one line of storable text: tabs and line breaks (from a
// spreadsheet cell) become spaces, other control characters (a NUL byte, which
// PostgreSQL refuses with an error) and invalid UTF-8 become U+FFFD, visibly.
func plainText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return '\uFFFD'
		}
		return r
	}, s)
}

func (in CursistInput) validate(v apperr.Invalid) {
	if in.Code != "" && !codePattern.MatchString(in.Code) {
		v.Add("code", "people.error.code_format")
	}
	if utf8.RuneCountInString(in.FirstName) > MaxNameLen {
		v.Add("first_name", "people.error.too_long", "Max", MaxNameLen)
	}
	if utf8.RuneCountInString(in.NativeName) > MaxNameLen {
		v.Add("display_name_native", "people.error.too_long", "Max", MaxNameLen)
	}
	if utf8.RuneCountInString(in.Group) > MaxGroupLen {
		v.Add("group", "people.error.too_long", "Max", MaxGroupLen)
	}
	if !locale.Supported(in.Language) {
		v.Add("language", "people.error.language")
	}
	if utf8.RuneCountInString(in.ConsentVersion) > 20 {
		v.Add("consent_version", "people.error.too_long", "Max", 20)
	}
}

func codeTaken(ctx context.Context, tx *db.DB, pid int64, code string, except int64) (bool, error) {
	var n int64
	err := tx.Q(ctx).Model(&Cursist{}).Where("partnership_id = ? AND code = ? AND id <> ?", pid, code, except).Count(&n).Error
	return n > 0, err
}

// freeCode generates a code not yet used in the partnership (nor in taken).
func freeCode(ctx context.Context, tx *db.DB, pid int64, taken map[string]bool) (string, error) {
	for i := 0; i < 50; i++ {
		c := RandomCode(CodeLength)
		if taken[c] {
			continue
		}
		used, err := codeTaken(ctx, tx, pid, c, 0)
		if err != nil {
			return "", err
		}
		if !used {
			return c, nil
		}
	}
	return "", errors.New("people: no free cursist code after 50 tries")
}

// CreateCursist adds a cursist; an empty code gets a generated one.
func CreateCursist(ctx context.Context, d *db.DB, sc Scope, pid int64, in CursistInput, now time.Time) (Cursist, error) {
	if err := RequireCoordinator(sc, pid); err != nil {
		return Cursist{}, err
	}
	in.normalize()
	v := apperr.Invalid{}
	if in.Code == "" && in.FirstName == "" && in.Group == "" {
		v.Add("first_name", "staffwork.error.cursist_empty")
	}
	in.validate(v)
	if err := v.Err(); err != nil {
		return Cursist{}, err
	}
	var formID *string
	if id := strings.TrimSpace(in.FormID); id != "" && len(id) <= 64 {
		formID = &id
	}
	var c Cursist
	err := d.Tx(ctx, func(tx *db.DB) error {
		if formID != nil {
			// The same form sent again: answer with what the first submission made.
			err := tx.Q(ctx).Where("partnership_id = ? AND form_id = ?", pid, *formID).First(&c).Error
			if err == nil {
				return nil
			}
			if !db.IsNotFound(err) {
				return err
			}
		}
		code := in.Code
		if code == "" {
			var err error
			if code, err = freeCode(ctx, tx, pid, nil); err != nil {
				return err
			}
		} else if used, err := codeTaken(ctx, tx, pid, code, 0); err != nil {
			return err
		} else if used {
			return apperr.Invalid{"code": apperr.Msg("people.error.code_taken")}.Err()
		}
		c = Cursist{PartnershipID: pid, Code: code, FirstName: in.FirstName, DisplayNameNative: in.NativeName, GroupName: in.Group, PreferredLanguage: in.Language, Active: true, FormID: formID}
		setConsent(&c, in, now)
		// Two submissions of one form at once: the second inserts nothing and reads
		// the first one's cursist (no second audit entry either).
		res := tx.Q(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "partnership_id"}, {Name: "form_id"}}, DoNothing: true}).Create(&c)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			c = Cursist{}
			return tx.Q(ctx).Where("partnership_id = ? AND form_id = ?", pid, *formID).First(&c).Error
		}
		return auditCursist(ctx, tx, sc, pid, AuditCursistAdded, c.Code, in.IP, now)
	})
	if err != nil {
		return Cursist{}, apperr.Wrapf(err, "people: create cursist in %d", pid)
	}
	return c, nil
}

func setConsent(c *Cursist, in CursistInput, now time.Time) {
	switch {
	case !in.Consent:
		c.ConsentAt, c.ConsentVersion = nil, ""
	case c.ConsentAt == nil || c.ConsentVersion != in.ConsentVersion:
		t := now.UTC()
		c.ConsentAt, c.ConsentVersion = &t, in.ConsentVersion
	}
}

// UpdateCursist changes a cursist's details (the code too, if it stays unique).
func UpdateCursist(ctx context.Context, d *db.DB, sc Scope, pid, cid int64, in CursistInput, now time.Time) (Cursist, error) {
	c, err := CursistByID(ctx, d, sc, pid, cid)
	if err != nil {
		return Cursist{}, err
	}
	in.normalize()
	v := apperr.Invalid{}
	if in.Code == "" {
		v.Add("code", "error.required")
	}
	in.validate(v)
	if err := v.Err(); err != nil {
		return Cursist{}, err
	}
	err = d.Tx(ctx, func(tx *db.DB) error {
		if used, err := codeTaken(ctx, tx, pid, in.Code, cid); err != nil {
			return err
		} else if used {
			return apperr.Invalid{"code": apperr.Msg("people.error.code_taken")}.Err()
		}
		c.Code, c.FirstName, c.GroupName, c.PreferredLanguage, c.Active = in.Code, in.FirstName, in.Group, in.Language, in.Active
		c.DisplayNameNative = in.NativeName
		setConsent(&c, in, now)
		if err := tx.Q(ctx).Select("code", "first_name", "display_name_native", "group_name", "preferred_language", "active", "consent_at", "consent_version").Save(&c).Error; err != nil {
			return err
		}
		return auditCursist(ctx, tx, sc, pid, AuditCursistChanged, c.Code, in.IP, now)
	})
	if err != nil {
		return Cursist{}, apperr.Wrapf(err, "people: update cursist %d", cid)
	}
	return c, nil
}

// auditCursist records a change to a cursist in the same transaction; the detail is the
// pseudonymous code, never the first name.
func auditCursist(ctx context.Context, tx *db.DB, sc Scope, pid int64, action, code, ip string, now time.Time) error {
	uid := sc.UserID
	return Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &uid, Action: action, Detail: code, IP: ip, At: now})
}

// DeactivateCursist marks a cursist inactive (they stay in past results); ip is the
// caller's address, for the audit log.
func DeactivateCursist(ctx context.Context, d *db.DB, sc Scope, pid, cid int64, ip string) error {
	c, err := CursistByID(ctx, d, sc, pid, cid)
	if err != nil {
		return err
	}
	err = d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Model(&Cursist{}).Where("id = ? AND partnership_id = ?", cid, pid).Update("active", false).Error; err != nil {
			return err
		}
		return auditCursist(ctx, tx, sc, pid, AuditCursistChanged, c.Code, ip, time.Now())
	})
	if err != nil {
		return fmt.Errorf("people: deactivate cursist %d: %w", cid, err)
	}
	return nil
}
