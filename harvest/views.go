package harvest

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// SavedView is a named inbox filter of one partnership: private to its owner or shared
// with the partnership's members. Query is the filter as the inbox's query string (the
// server writes and reads it; here it is only kept).
type SavedView struct {
	ID            int64     `gorm:"primaryKey" json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	OwnerID       int64     `json:"owner_id"`
	Name          string    `json:"name"`
	Query         string    `json:"query"`
	Shared        bool      `json:"shared"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// ListedView is a view in the inbox's list, with its owner's name ("shared by …").
type ListedView struct {
	SavedView
	OwnerName string
}

func (SavedView) TableName() string { return "inbox_views" }

// viewNameMax keeps names fit for a list on a tablet-sized screen.
const viewNameMax = 80

// Mine reports whether userID owns the view.
func (v SavedView) Mine(userID int64) bool { return v.OwnerID == userID }

// CanDelete: the owner may, and a coordinator may remove a shared view of her
// partnership (a colleague's view that misleads everyone, or one left by someone gone).
func (v SavedView) CanDelete(sc people.Scope) bool {
	return v.OwnerID == sc.UserID || (v.Shared && sc.Allows(v.PartnershipID, people.RoleCoordinator))
}

func viewName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > viewNameMax {
		v := apperr.Invalid{}
		v.Add("name", "views.error.name", "Max", viewNameMax)
		return "", v.Err()
	}
	return name, nil
}

// SaveView stores the caller's filter under a name in a partnership she belongs to.
func SaveView(ctx context.Context, d *db.DB, sc people.Scope, pid int64, name, query string, shared bool) (SavedView, error) {
	if !sc.Member(pid) {
		return SavedView{}, apperr.NotFound()
	}
	name, err := viewName(name)
	if err != nil {
		return SavedView{}, err
	}
	now := d.Now().UTC()
	v := SavedView{PartnershipID: pid, OwnerID: sc.UserID, Name: name, Query: query, Shared: shared, CreatedAt: now, UpdatedAt: now}
	if err := d.Q(ctx).Create(&v).Error; err != nil {
		return SavedView{}, fmt.Errorf("harvest: save view in partnership %d: %w", pid, err)
	}
	return v, nil
}

// SavedViews lists the views the caller may open: her own and her partnerships' shared
// ones, in pid only when pid is not 0, by name.
func SavedViews(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]ListedView, error) {
	out := []ListedView{}
	q := sc.Where(d.Q(ctx).Table("inbox_views v"), "v.partnership_id").
		Select("v.*, COALESCE(u.name, '') AS owner_name").Joins("LEFT JOIN users u ON u.id = v.owner_id").
		Where("v.shared OR v.owner_id = ?", sc.UserID)
	if pid != 0 {
		q = q.Where("v.partnership_id = ?", pid)
	}
	if err := q.Order("v.name, v.id").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("harvest: saved views: %w", err)
	}
	return out, nil
}

// GetView returns a view the caller may open; another's private view, or one of a
// partnership she does not belong to, is not found.
func GetView(ctx context.Context, d *db.DB, sc people.Scope, id int64) (SavedView, error) {
	var v SavedView
	err := sc.Where(d.Q(ctx), "partnership_id").Where("id = ? AND (shared OR owner_id = ?)", id, sc.UserID).Take(&v).Error
	if err != nil {
		return v, fmt.Errorf("harvest: view %d: %w", id, err)
	}
	return v, nil
}

// RenameView renames the caller's own view and sets whether it is shared.
func RenameView(ctx context.Context, d *db.DB, sc people.Scope, id int64, name string, shared bool) (SavedView, error) {
	v, err := GetView(ctx, d, sc, id)
	if err != nil {
		return v, err
	}
	if !v.Mine(sc.UserID) {
		return v, apperr.Forbidden()
	}
	if v.Name, err = viewName(name); err != nil {
		return v, err
	}
	v.Shared, v.UpdatedAt = shared, d.Now().UTC()
	err = d.Q(ctx).Model(&SavedView{}).Where("id = ?", id).Updates(map[string]any{"name": v.Name, "shared": v.Shared, "updated_at": v.UpdatedAt}).Error
	if err != nil {
		return v, fmt.Errorf("harvest: rename view %d: %w", id, err)
	}
	return v, nil
}

// DeleteView removes a view its owner (or, if shared, a coordinator) no longer wants.
func DeleteView(ctx context.Context, d *db.DB, sc people.Scope, id int64) error {
	v, err := GetView(ctx, d, sc, id)
	if err != nil {
		return err
	}
	if !v.CanDelete(sc) {
		return apperr.Forbidden()
	}
	if err := d.Q(ctx).Where("id = ?", id).Delete(&SavedView{}).Error; err != nil {
		return fmt.Errorf("harvest: delete view %d: %w", id, err)
	}
	return nil
}
