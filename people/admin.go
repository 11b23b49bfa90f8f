package people

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
)

// Platform administration: partnerships, accounts and memberships. A platform admin
// manages these, but sees no cursists or stories of a partnership unless also a member
// of it: nothing here reads cursists.

func requireAdmin(sc Scope) error {
	if !sc.IsAdmin {
		return apperr.Forbidden()
	}
	return nil
}

// PartnershipSummary is a row of the admin's partnership list.
type PartnershipSummary struct {
	Partnership
	Members int
}

// AdminPartnerships lists every partnership with its number of members.
func AdminPartnerships(ctx context.Context, d *db.DB, sc Scope) ([]PartnershipSummary, error) {
	if err := requireAdmin(sc); err != nil {
		return nil, err
	}
	var out []PartnershipSummary
	err := d.Q(ctx).Table("partnerships p").
		Select("p.*, (SELECT COUNT(*) FROM memberships m WHERE m.partnership_id = p.id) AS members").
		Order("p.name").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("people: admin partnerships: %w", err)
	}
	return out, nil
}

// PartnershipInput is the admin's partnership form.
type PartnershipInput struct {
	Name       string
	Region     string
	Languages  []string
	ActiveFrom string // YYYY-MM-DD or empty
	ActiveTo   string
}

// AdminPartnership loads a partnership with its members (no cursists).
func AdminPartnership(ctx context.Context, d *db.DB, sc Scope, id int64) (Partnership, []StaffRow, error) {
	if err := requireAdmin(sc); err != nil {
		return Partnership{}, nil, err
	}
	var p Partnership
	err := d.Q(ctx).First(&p, id).Error
	if err != nil {
		return p, nil, fmt.Errorf("people: load partnership %d: %w", id, err)
	}
	var staff []StaffRow
	err = d.Q(ctx).Table("memberships m").
		Select("u.id AS user_id, u.name, u.email, u.active, m.role, m.organisation_id, COALESCE(o.name, '') AS organisation_name, m.group_name").
		Joins("JOIN users u ON u.id = m.user_id").
		Joins("LEFT JOIN organisations o ON o.id = m.organisation_id").
		Where("m.partnership_id = ?", id).Order("m.role, u.name").Scan(&staff).Error
	if err != nil {
		return p, nil, fmt.Errorf("people: members of %d: %w", id, err)
	}
	return p, staff, nil
}

// SavePartnership creates (id 0) or updates a partnership.
func SavePartnership(ctx context.Context, d *db.DB, sc Scope, id int64, in PartnershipInput, ip string) (Partnership, error) {
	if err := requireAdmin(sc); err != nil {
		return Partnership{}, err
	}
	var p Partnership
	if id != 0 {
		err := d.Q(ctx).First(&p, id).Error
		if err != nil {
			return p, fmt.Errorf("people: load partnership %d: %w", id, err)
		}
	}
	v := apperr.Invalid{}
	p.Name, p.Region = strings.TrimSpace(in.Name), strings.TrimSpace(in.Region)
	switch {
	case p.Name == "":
		v.Add("name", "error.required")
	case utf8.RuneCountInString(p.Name) > MaxOrgLen:
		v.Add("name", "people.error.too_long", "Max", MaxOrgLen)
	}
	if utf8.RuneCountInString(p.Region) > MaxOrgLen {
		v.Add("region", "people.error.too_long", "Max", MaxOrgLen)
	}
	var langs []string
	for _, l := range locale.Tags() { // keep the canonical order
		for _, x := range in.Languages {
			if x == l {
				langs = append(langs, l)
			}
		}
	}
	if len(langs) == 0 {
		v.Add("languages", "people.error.languages")
	}
	p.Languages = strings.Join(langs, ",")
	var err error
	if p.ActiveFrom, err = parseDate(in.ActiveFrom); err != nil {
		v.Add("active_from", "people.error.date")
	}
	if p.ActiveTo, err = parseDate(in.ActiveTo); err != nil {
		v.Add("active_to", "people.error.date")
	}
	if p.ActiveFrom != nil && p.ActiveTo != nil && p.ActiveTo.Before(*p.ActiveFrom) {
		v.Add("active_to", "people.error.date_order")
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	var n int64
	if err := d.Q(ctx).Model(&Partnership{}).Where("LOWER(name) = LOWER(?) AND id <> ?", p.Name, id).Count(&n).Error; err != nil {
		return p, fmt.Errorf("people: check partnership name: %w", err)
	}
	if n > 0 {
		return p, apperr.Invalid{"name": apperr.Msg("people.error.name_taken")}.Err()
	}
	err = d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Save(&p).Error; err != nil {
			return err
		}
		uid, pid := sc.UserID, p.ID
		return Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &uid, Action: AuditPartnershipSaved, Detail: p.Name, IP: ip})
	})
	if err != nil {
		return p, fmt.Errorf("people: save partnership: %w", err)
	}
	return p, nil
}

func parseDate(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// UserSummary is a row of the admin's user list.
type UserSummary struct {
	User
	Memberships int
}

// AdminUsers lists every account.
func AdminUsers(ctx context.Context, d *db.DB, sc Scope) ([]UserSummary, error) {
	if err := requireAdmin(sc); err != nil {
		return nil, err
	}
	var out []UserSummary
	err := d.Q(ctx).Table("users u").
		Select("u.*, (SELECT COUNT(*) FROM memberships m WHERE m.user_id = u.id) AS memberships").
		Order("u.name").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("people: admin users: %w", err)
	}
	return out, nil
}

// UserInput is the admin's account form.
type UserInput struct {
	Name     string
	Email    string
	Language string
	IsAdmin  bool
	Active   bool
}

// UserMembership is one partnership role of a user, for the admin's user page.
type UserMembership struct {
	PartnershipID   int64
	PartnershipName string
	Role            Role
	GroupName       string
}

// AdminUser loads an account and its memberships.
func AdminUser(ctx context.Context, d *db.DB, sc Scope, id int64) (User, []UserMembership, error) {
	if err := requireAdmin(sc); err != nil {
		return User{}, nil, err
	}
	var u User
	err := d.Q(ctx).First(&u, id).Error
	if err != nil {
		return u, nil, fmt.Errorf("people: load user %d: %w", id, err)
	}
	var ms []UserMembership
	err = d.Q(ctx).Table("memberships m").Select("m.partnership_id, p.name AS partnership_name, m.role, m.group_name").
		Joins("JOIN partnerships p ON p.id = m.partnership_id").Where("m.user_id = ?", id).Order("p.name").Scan(&ms).Error
	if err != nil {
		return u, nil, fmt.Errorf("people: memberships of %d: %w", id, err)
	}
	return u, ms, nil
}

// SaveUser creates (id 0) or updates an account. Admins cannot take away their own
// admin flag or deactivate themselves, so the platform always keeps an admin.
func SaveUser(ctx context.Context, d *db.DB, sc Scope, id int64, in UserInput, ip string) (User, error) {
	if err := requireAdmin(sc); err != nil {
		return User{}, err
	}
	u := User{Active: true}
	wasActive := false
	if id != 0 {
		err := d.Q(ctx).First(&u, id).Error
		if err != nil {
			return u, fmt.Errorf("people: load user %d: %w", id, err)
		}
		wasActive = u.Active
		u.Active = in.Active
	}
	v := apperr.Invalid{}
	u.Name, u.Email, u.PreferredLanguage = strings.TrimSpace(in.Name), NormalizeEmail(in.Email), in.Language
	checkAccount(u, v)
	if id == sc.UserID && (!in.IsAdmin || !in.Active) {
		v.Add("is_admin", "people.error.self_admin")
	}
	u.IsAdmin = in.IsAdmin
	if err := v.Err(); err != nil {
		return u, err
	}
	var n int64
	if err := d.Q(ctx).Model(&User{}).Where("email = ? AND id <> ?", u.Email, id).Count(&n).Error; err != nil {
		return u, fmt.Errorf("people: check e-mail: %w", err)
	}
	if n > 0 {
		return u, apperr.Invalid{"email": apperr.Msg("people.error.email_taken")}.Err()
	}
	action := AuditUserChanged
	if id == 0 {
		action = AuditUserCreated
	}
	err := d.Tx(ctx, func(tx *db.DB) error {
		if id == 0 {
			if err := tx.Q(ctx).Create(&u).Error; err != nil {
				return err
			}
		} else if err := tx.Q(ctx).Model(&User{}).Where("id = ?", id).Updates(map[string]any{"name": u.Name, "email": u.Email,
			"preferred_language": u.PreferredLanguage, "is_admin": u.IsAdmin, "active": u.Active}).Error; err != nil {
			return err
		}
		if wasActive && !u.Active {
			if err := revokeAccess(ctx, tx, id); err != nil {
				return err
			}
		}
		by := sc.UserID
		detail := fmt.Sprintf("%s admin=%t active=%t", u.Email, u.IsAdmin, u.Active)
		return Audit(ctx, tx, AuditEntry{UserID: &by, Action: action, Detail: detail, IP: ip})
	})
	if err != nil {
		return u, fmt.Errorf("people: save user: %w", err)
	}
	return u, nil
}

// checkAccount adds field errors for a bad name, e-mail address or language.
func checkAccount(u User, v apperr.Invalid) {
	switch {
	case u.Name == "":
		v.Add("name", "error.required")
	case utf8.RuneCountInString(u.Name) > MaxNameLen:
		v.Add("name", "people.error.too_long", "Max", MaxNameLen)
	}
	if _, err := mail.ParseAddress(u.Email); err != nil || u.Email == "" || strings.ContainsAny(u.Email, " <>") {
		v.Add("email", "people.error.email")
	}
	if l, ok := locale.Lookup(u.PreferredLanguage); !ok || !l.Staff {
		v.Add("language", "people.error.choose")
	}
}

// AdminSetMembership gives the user with e-mail a role in partnership pid (or changes it).
func AdminSetMembership(ctx context.Context, d *db.DB, sc Scope, pid int64, email, role, group, ip string) error {
	if err := requireAdmin(sc); err != nil {
		return err
	}
	if _, _, err := AdminPartnership(ctx, d, sc, pid); err != nil {
		return err
	}
	v := apperr.Invalid{}
	var u User
	err := d.Q(ctx).Where("email = ?", NormalizeEmail(email)).First(&u).Error
	if db.IsNotFound(err) {
		v.Add("email", "people.error.no_account")
	} else if err != nil {
		return fmt.Errorf("people: find user: %w", err)
	}
	m := Membership{UserID: u.ID, PartnershipID: pid, Role: Role(role), GroupName: strings.TrimSpace(group)}
	if !m.Role.Valid() {
		v.Add("role", "people.error.choose")
	}
	if m.Role != RoleMentor {
		m.GroupName = ""
	}
	if err := v.Err(); err != nil {
		return err
	}
	old, merr := membership(ctx, d, pid, u.ID)
	return d.Tx(ctx, func(tx *db.DB) error {
		action, detail := AuditMemberAdded, fmt.Sprintf("%s: %s", u.Email, m.Role)
		if merr == nil {
			action, detail = AuditRoleChanged, fmt.Sprintf("%s: %s → %s", u.Email, old.Role, m.Role)
			if err := tx.Q(ctx).Model(&Membership{}).Where("user_id = ? AND partnership_id = ?", u.ID, pid).
				Updates(map[string]any{"role": m.Role, "group_name": m.GroupName}).Error; err != nil {
				return err
			}
		} else if err := tx.Q(ctx).Create(&m).Error; err != nil {
			return err
		}
		by := sc.UserID
		return Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &by, Action: action, Detail: detail, IP: ip})
	})
}

// AdminRemoveMembership ends a user's role in a partnership.
func AdminRemoveMembership(ctx context.Context, d *db.DB, sc Scope, pid, uid int64, ip string) error {
	if err := requireAdmin(sc); err != nil {
		return err
	}
	old, err := membership(ctx, d, pid, uid)
	if err != nil {
		return err
	}
	return d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Where("user_id = ? AND partnership_id = ?", uid, pid).Delete(&Membership{}).Error; err != nil {
			return err
		}
		var u User
		tx.Q(ctx).Select("email").First(&u, uid)
		by := sc.UserID
		return Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &by, Action: AuditMemberRemoved,
			Detail: fmt.Sprintf("%s: %s", u.Email, old.Role), IP: ip})
	})
}
