package people

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"oogst/apperr"
	"oogst/db"
)

// Field length limits shared by forms and the CSV import.
const (
	MaxNameLen  = 60
	MaxGroupLen = 40
	MaxOrgLen   = 120
)

// PartnershipByID loads a partnership the caller belongs to.
func PartnershipByID(ctx context.Context, d *db.DB, sc Scope, id int64) (Partnership, error) {
	if !sc.Member(id) {
		return Partnership{}, apperr.NotFound()
	}
	var p Partnership
	err := d.Q(ctx).First(&p, id).Error
	if err != nil {
		return Partnership{}, fmt.Errorf("people: load partnership %d: %w", id, err)
	}
	return p, nil
}

// OrgRow is an organisation of a partnership.
type OrgRow struct {
	ID   int64
	Name string
	Kind OrgKind
}

// StaffRow is one member of a partnership.
type StaffRow struct {
	UserID           int64
	Name             string
	Email            string
	Active           bool
	Role             Role
	OrganisationID   *int64
	OrganisationName string
	GroupName        string
}

// OrgID is the member's organisation, 0 for none (handy in templates).
func (r StaffRow) OrgID() int64 {
	if r.OrganisationID == nil {
		return 0
	}
	return *r.OrganisationID
}

// Overview is what a coordinator manages in one partnership.
type Overview struct {
	Partnership   Partnership
	Organisations []OrgRow
	Staff         []StaffRow
	CursistCount  int
	Groups        []string
}

// PartnershipOverview loads a partnership's organisations and staff for its coordinator.
func PartnershipOverview(ctx context.Context, d *db.DB, sc Scope, pid int64) (Overview, error) {
	if err := RequireCoordinator(sc, pid); err != nil {
		return Overview{}, err
	}
	p, err := PartnershipByID(ctx, d, sc, pid)
	if err != nil {
		return Overview{}, err
	}
	ov := Overview{Partnership: p}
	if ov.Organisations, err = organisationsOf(ctx, d, pid); err != nil {
		return Overview{}, err
	}
	err = d.Q(ctx).Table("memberships m").
		Select("u.id AS user_id, u.name, u.email, u.active, m.role, m.organisation_id, COALESCE(o.name, '') AS organisation_name, m.group_name").
		Joins("JOIN users u ON u.id = m.user_id").
		Joins("LEFT JOIN organisations o ON o.id = m.organisation_id").
		Where("m.partnership_id = ?", pid).Order("m.role, u.name").Scan(&ov.Staff).Error
	if err != nil {
		return Overview{}, fmt.Errorf("people: staff of partnership %d: %w", pid, err)
	}
	var n int64
	if err := d.Q(ctx).Model(&Cursist{}).Where("partnership_id = ?", pid).Count(&n).Error; err != nil {
		return Overview{}, fmt.Errorf("people: count cursists: %w", err)
	}
	ov.CursistCount = int(n)
	if ov.Groups, err = groupsOf(ctx, d, pid); err != nil {
		return Overview{}, err
	}
	return ov, nil
}

func organisationsOf(ctx context.Context, d *db.DB, pid int64) ([]OrgRow, error) {
	var out []OrgRow
	err := d.Q(ctx).Table("organisations o").Select("o.id, o.name, o.kind").
		Joins("JOIN partnership_organisations po ON po.organisation_id = o.id").
		Where("po.partnership_id = ?", pid).Order("o.name").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("people: organisations of partnership %d: %w", pid, err)
	}
	return out, nil
}

func groupsOf(ctx context.Context, d *db.DB, pid int64) ([]string, error) {
	var gs []string
	err := d.Q(ctx).Model(&Cursist{}).Distinct("group_name").Where("partnership_id = ? AND group_name <> ''", pid).
		Order("group_name").Pluck("group_name", &gs).Error
	if err != nil {
		return nil, fmt.Errorf("people: groups of partnership %d: %w", pid, err)
	}
	return gs, nil
}

// OrgInput is the add-organisation form.
type OrgInput struct {
	Name string
	Kind string
}

// AddOrganisation links an organisation to the partnership. An organisation with the
// same name and kind (e.g. VDAB, which works in many partnerships) is linked rather
// than duplicated; the coordinator never sees a list of other partnerships' partners.
func AddOrganisation(ctx context.Context, d *db.DB, sc Scope, pid int64, in OrgInput) (Organisation, error) {
	if err := RequireCoordinator(sc, pid); err != nil {
		return Organisation{}, err
	}
	in.Name = strings.TrimSpace(in.Name)
	v := apperr.Invalid{}
	switch {
	case in.Name == "":
		v.Add("name", "error.required")
	case utf8.RuneCountInString(in.Name) > MaxOrgLen:
		v.Add("name", "people.error.too_long", "Max", MaxOrgLen)
	}
	if !validKind(OrgKind(in.Kind)) {
		v.Add("kind", "people.error.choose")
	}
	if err := v.Err(); err != nil {
		return Organisation{}, err
	}
	var org Organisation
	err := d.Tx(ctx, func(tx *db.DB) error {
		err := tx.Q(ctx).Where("LOWER(name) = LOWER(?) AND kind = ?", in.Name, in.Kind).First(&org).Error
		if db.IsNotFound(err) {
			org = Organisation{Name: in.Name, Kind: OrgKind(in.Kind)}
			err = tx.Q(ctx).Create(&org).Error
		}
		if err != nil {
			return err
		}
		var n int64
		if err := tx.Q(ctx).Model(&PartnershipOrganisation{}).Where("partnership_id = ? AND organisation_id = ?", pid, org.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return apperr.Invalid{"name": apperr.Msg("people.error.org_linked")}.Err()
		}
		return tx.Q(ctx).Create(&PartnershipOrganisation{PartnershipID: pid, OrganisationID: org.ID}).Error
	})
	if err != nil {
		return Organisation{}, apperr.Wrapf(err, "people: add organisation to %d", pid)
	}
	return org, nil
}

// UnlinkOrganisation removes an organisation from the partnership (the organisation
// itself stays: other partnerships may use it). Staff linked to it keep their role.
func UnlinkOrganisation(ctx context.Context, d *db.DB, sc Scope, pid, oid int64) error {
	if err := RequireCoordinator(sc, pid); err != nil {
		return err
	}
	return d.Tx(ctx, func(tx *db.DB) error {
		res := tx.Q(ctx).Where("partnership_id = ? AND organisation_id = ?", pid, oid).Delete(&PartnershipOrganisation{})
		if res.Error != nil {
			return fmt.Errorf("people: unlink organisation %d: %w", oid, res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.NotFound()
		}
		return tx.Q(ctx).Model(&Membership{}).Where("partnership_id = ? AND organisation_id = ?", pid, oid).Update("organisation_id", nil).Error
	})
}

func validKind(k OrgKind) bool {
	for _, x := range OrgKinds {
		if k == x {
			return true
		}
	}
	return false
}
