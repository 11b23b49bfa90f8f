package people

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"oogst/apperr"
	"oogst/db"
)

// StaffInput is the add-staff and change-role form.
type StaffInput struct {
	Name           string
	Email          string
	Role           string
	OrganisationID string // "" for none
	GroupName      string
}

// AddStaffResult says whether a new account was made (it has no password yet: an
// admin or the coordinator gives the person an invitation link).
type AddStaffResult struct {
	User       User
	NewAccount bool
}

// AddStaff gives a person a role in the partnership; an unknown e-mail gets a new
// account without password.
func AddStaff(ctx context.Context, d *db.DB, sc Scope, pid int64, in StaffInput, ip string) (AddStaffResult, error) {
	if err := RequireCoordinator(sc, pid); err != nil {
		return AddStaffResult{}, err
	}
	in.Name, in.Email = strings.TrimSpace(in.Name), NormalizeEmail(in.Email)
	v := apperr.Invalid{}
	if _, err := mail.ParseAddress(in.Email); err != nil || in.Email == "" || strings.ContainsAny(in.Email, " <>") {
		v.Add("email", "people.error.email")
	}
	if utf8.RuneCountInString(in.Name) > MaxNameLen {
		v.Add("name", "people.error.too_long", "Max", MaxNameLen)
	}
	m, err := membershipFromInput(ctx, d, pid, in, v)
	if err != nil {
		return AddStaffResult{}, err
	}
	if err := v.Err(); err != nil {
		return AddStaffResult{}, err
	}
	var res AddStaffResult
	err = d.Tx(ctx, func(tx *db.DB) error {
		err := tx.Q(ctx).Where("email = ?", in.Email).First(&res.User).Error
		if db.IsNotFound(err) {
			if in.Name == "" {
				return apperr.Invalid{"name": apperr.Msg("people.error.name_for_new")}.Err()
			}
			res.User = User{Name: in.Name, Email: in.Email, PreferredLanguage: "nl", Active: true}
			res.NewAccount = true
			if err := tx.Q(ctx).Create(&res.User).Error; err != nil {
				return err
			}
			if err := Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &sc.UserID, Action: AuditUserCreated, Detail: in.Email, IP: ip}); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		var n int64
		if err := tx.Q(ctx).Model(&Membership{}).Where("user_id = ? AND partnership_id = ?", res.User.ID, pid).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return apperr.Invalid{"email": apperr.Msg("people.error.already_member")}.Err()
		}
		m.UserID, m.PartnershipID = res.User.ID, pid
		if err := tx.Q(ctx).Create(&m).Error; err != nil {
			return err
		}
		return Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &sc.UserID, Action: AuditMemberAdded,
			Detail: fmt.Sprintf("%s: %s", in.Email, m.Role), IP: ip})
	})
	if err != nil {
		return AddStaffResult{}, apperr.Wrapf(err, "people: add staff to %d", pid)
	}
	return res, nil
}

// membershipFromInput validates role, organisation (must belong to the partnership)
// and group, adding field errors to v.
func membershipFromInput(ctx context.Context, d *db.DB, pid int64, in StaffInput, v apperr.Invalid) (Membership, error) {
	m := Membership{Role: Role(in.Role), GroupName: strings.TrimSpace(in.GroupName)}
	if !m.Role.Valid() {
		v.Add("role", "people.error.choose")
	}
	if utf8.RuneCountInString(m.GroupName) > MaxGroupLen {
		v.Add("group", "people.error.too_long", "Max", MaxGroupLen)
	}
	if m.Role != RoleMentor {
		m.GroupName = "" // only mentors have an own group
	}
	if in.OrganisationID != "" {
		oid, err := strconv.ParseInt(in.OrganisationID, 10, 64)
		var n int64
		if err == nil {
			if err := d.Q(ctx).Model(&PartnershipOrganisation{}).Where("partnership_id = ? AND organisation_id = ?", pid, oid).Count(&n).Error; err != nil {
				return m, fmt.Errorf("people: check organisation: %w", err)
			}
		}
		if n == 0 {
			v.Add("organisation", "people.error.choose")
		} else {
			m.OrganisationID = &oid
		}
	}
	return m, nil
}

// ChangeStaff changes a member's role, organisation and group.
func ChangeStaff(ctx context.Context, d *db.DB, sc Scope, pid, uid int64, in StaffInput, ip string) error {
	if err := RequireCoordinator(sc, pid); err != nil {
		return err
	}
	old, err := membership(ctx, d, pid, uid)
	if err != nil {
		return err
	}
	v := apperr.Invalid{}
	m, err := membershipFromInput(ctx, d, pid, in, v)
	if err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	return d.Tx(ctx, func(tx *db.DB) error {
		if old.Role == RoleCoordinator && m.Role != RoleCoordinator {
			if err := keepOneCoordinator(ctx, tx, pid); err != nil {
				return err
			}
		}
		err := tx.Q(ctx).Model(&Membership{}).Where("user_id = ? AND partnership_id = ?", uid, pid).
			Updates(map[string]any{"role": m.Role, "organisation_id": m.OrganisationID, "group_name": m.GroupName}).Error
		if err != nil {
			return fmt.Errorf("people: change membership: %w", err)
		}
		if old.Role == m.Role {
			return nil
		}
		var u User
		tx.Q(ctx).Select("email").First(&u, uid)
		return Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &sc.UserID, Action: AuditRoleChanged,
			Detail: fmt.Sprintf("%s: %s → %s", u.Email, old.Role, m.Role), IP: ip})
	})
}

// RemoveStaff ends a member's role in the partnership (the account stays).
func RemoveStaff(ctx context.Context, d *db.DB, sc Scope, pid, uid int64, ip string) error {
	if err := RequireCoordinator(sc, pid); err != nil {
		return err
	}
	old, err := membership(ctx, d, pid, uid)
	if err != nil {
		return err
	}
	return d.Tx(ctx, func(tx *db.DB) error {
		if old.Role == RoleCoordinator {
			if err := keepOneCoordinator(ctx, tx, pid); err != nil {
				return err
			}
		}
		if err := tx.Q(ctx).Where("user_id = ? AND partnership_id = ?", uid, pid).Delete(&Membership{}).Error; err != nil {
			return fmt.Errorf("people: remove membership: %w", err)
		}
		var u User
		tx.Q(ctx).Select("email").First(&u, uid)
		return Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &sc.UserID, Action: AuditMemberRemoved,
			Detail: fmt.Sprintf("%s: %s", u.Email, old.Role), IP: ip})
	})
}

// keepOneCoordinator refuses to demote or remove the last coordinator: a partnership
// without one could not manage itself.
func keepOneCoordinator(ctx context.Context, tx *db.DB, pid int64) error {
	var n int64
	if err := tx.Q(ctx).Model(&Membership{}).Where("partnership_id = ? AND role = ?", pid, RoleCoordinator).Count(&n).Error; err != nil {
		return fmt.Errorf("people: count coordinators: %w", err)
	}
	if n <= 1 {
		return apperr.New(apperr.KindConflict, "people.error.last_coordinator")
	}
	return nil
}

func membership(ctx context.Context, d *db.DB, pid, uid int64) (Membership, error) {
	var m Membership
	err := d.Q(ctx).Where("user_id = ? AND partnership_id = ?", uid, pid).First(&m).Error
	if err != nil {
		return m, fmt.Errorf("people: load membership: %w", err)
	}
	return m, nil
}
