package markers

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// MarkerInput is a marker as typed in a form.
type MarkerInput struct {
	Level Level
	Form  Form // optional: FormNone leaves it open
	Text  locale.Text
	// Version is the marker's version the edit form was loaded at (nil: no check); a
	// save over another version is refused with apperr.Stale.
	Version *int64
}

func (in *MarkerInput) validate() error {
	nl, fr, en := in.Text.Staff()
	nl, fr, en = strings.TrimSpace(nl), strings.TrimSpace(fr), strings.TrimSpace(en)
	in.Text = locale.StaffText(nl, fr, en)
	v := apperr.Invalid{}
	if !in.Level.Valid() {
		v.Add("level", "markers.error.level")
	}
	if !in.Form.Valid() {
		v.Add("collaboration_form", "ladder.error.form")
	}
	if nl == "" {
		v.Add("text_nl", "markers.error.text_required")
	}
	for field, s := range map[string]string{"text_nl": nl, "text_fr": fr, "text_en": en} {
		if len([]rune(s)) > maxText {
			v.Add(field, "markers.error.too_long", "Max", maxText)
		}
	}
	return v.Err()
}

// levelOrder sorts markers expect, like, love in SQL.
const levelOrder = "CASE level WHEN 'expect' THEN 1 WHEN 'like' THEN 2 ELSE 3 END"

// Markers lists a boundary partner's markers by level and position; retired ones only
// when asked.
func Markers(ctx context.Context, d *db.DB, sc people.Scope, bpID int64, withRetired bool) ([]Marker, error) {
	if _, err := Partner(ctx, d, sc, bpID); err != nil {
		return nil, err
	}
	return markersOf(ctx, d, []int64{bpID}, withRetired)
}

func markersOf(ctx context.Context, d *db.DB, bpIDs []int64, withRetired bool) ([]Marker, error) {
	return markersIn(d.Q(ctx), bpIDs, withRetired)
}

// markersIn is markersOf on a query builder, for the survey sink, which is handed one.
func markersIn(q *gorm.DB, bpIDs []int64, withRetired bool) ([]Marker, error) {
	var out []Marker
	if len(bpIDs) == 0 {
		return out, nil
	}
	q = q.Where("boundary_partner_id IN ?", bpIDs)
	if !withRetired {
		q = q.Where("retired_at IS NULL")
	}
	if err := q.Order("boundary_partner_id, " + levelOrder + ", position, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("markers: list markers: %w", err)
	}
	return out, nil
}

// AddMarker adds a marker at the end of its level (coordinators).
func AddMarker(ctx context.Context, d *db.DB, sc people.Scope, bpID int64, in MarkerInput) (Marker, error) {
	var m Marker
	err := d.Tx(ctx, func(tx *db.DB) error {
		bp, err := Partner(ctx, tx, sc, bpID)
		if err != nil {
			return err
		}
		if !canManage(sc, bp.PartnershipID) {
			return apperr.Forbidden()
		}
		m, err = addMarkerTx(ctx, tx, sc, bp, in)
		return err
	})
	return m, err
}

func addMarkerTx(ctx context.Context, tx *db.DB, sc people.Scope, bp BoundaryPartner, in MarkerInput) (Marker, error) {
	if err := in.validate(); err != nil {
		return Marker{}, err
	}
	var maxPos int
	if err := tx.Q(ctx).Model(&Marker{}).Where("boundary_partner_id = ? AND level = ?", bp.ID, in.Level).Select("COALESCE(MAX(position), 0)").Scan(&maxPos).Error; err != nil {
		return Marker{}, fmt.Errorf("markers: next position: %w", err)
	}
	m := Marker{PartnershipID: bp.PartnershipID, BoundaryPartnerID: bp.ID, Level: in.Level, Form: in.Form, Position: maxPos + 1}
	m.TextNL, m.TextFR, m.TextEN = in.Text.Staff()
	if err := tx.Q(ctx).Create(&m).Error; err != nil {
		return m, fmt.Errorf("markers: create marker: %w", err)
	}
	return m, addRevision(ctx, tx, sc, m)
}

func addRevision(ctx context.Context, tx *db.DB, sc people.Scope, m Marker) error {
	// ChangedAt is set here: GORM only fills CreatedAt/UpdatedAt, and the column's
	// default never applies to a zero time it is handed.
	r := Revision{MarkerID: m.ID, Level: m.Level, TextNL: m.TextNL, TextFR: m.TextFR, TextEN: m.TextEN, ChangedBy: userRef(sc), ChangedAt: tx.Now().UTC()}
	if err := tx.Q(ctx).Create(&r).Error; err != nil {
		return fmt.Errorf("markers: record revision of marker %d: %w", m.ID, err)
	}
	return nil
}

func userRef(sc people.Scope) *int64 {
	if sc.UserID == 0 {
		return nil
	}
	id := sc.UserID
	return &id
}

// GetMarker returns a marker the caller may see, with its boundary partner.
func GetMarker(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Marker, BoundaryPartner, error) {
	return markerTx(ctx, d, sc, id)
}

func markerTx(ctx context.Context, tx *db.DB, sc people.Scope, id int64) (Marker, BoundaryPartner, error) {
	m, err := loadReadable[Marker](ctx, tx, sc, id, "marker")
	if err != nil {
		return m, BoundaryPartner{}, err
	}
	bp, err := Partner(ctx, tx, sc, m.BoundaryPartnerID)
	return m, bp, err
}

// managedMarker loads a marker for a change only coordinators may make.
func managedMarker(ctx context.Context, tx *db.DB, sc people.Scope, id int64) (Marker, error) {
	m, _, err := markerTx(ctx, tx, sc, id)
	if err != nil {
		return m, err
	}
	if !canManage(sc, m.PartnershipID) {
		return m, apperr.Forbidden()
	}
	return m, nil
}

// changeMarker makes change to marker id in one transaction, once it has checked that
// the caller may manage the marker.
func changeMarker(ctx context.Context, d *db.DB, sc people.Scope, id int64, change func(tx *db.DB, m *Marker) error) (Marker, error) {
	var m Marker
	err := d.Tx(ctx, func(tx *db.DB) error {
		var err error
		if m, err = managedMarker(ctx, tx, sc, id); err != nil {
			return err
		}
		return change(tx, &m)
	})
	return m, err
}

// EditMarker rewords a marker or moves it to another level; each change is kept as a
// revision. Retired markers cannot be edited.
func EditMarker(ctx context.Context, d *db.DB, sc people.Scope, id int64, in MarkerInput) (Marker, error) {
	return changeMarker(ctx, d, sc, id, func(tx *db.DB, m *Marker) error {
		if m.Retired() {
			return apperr.New(apperr.KindConflict, "markers.error.retired")
		}
		if in.Version != nil && *in.Version != m.Version {
			return apperr.Stale()
		}
		if err := in.validate(); err != nil {
			return err
		}
		wordingSame := in.Level == m.Level && in.Text.Equal(m.Text())
		if wordingSame && in.Form == m.Form {
			return nil // nothing changed: no new revision
		}
		if in.Level != m.Level {
			var maxPos int
			if err := tx.Q(ctx).Model(&Marker{}).Where("boundary_partner_id = ? AND level = ?", m.BoundaryPartnerID, in.Level).Select("COALESCE(MAX(position), 0)").Scan(&maxPos).Error; err != nil {
				return fmt.Errorf("markers: next position: %w", err)
			}
			m.Position = maxPos + 1
		}
		m.Level, m.Form = in.Level, in.Form
		m.TextNL, m.TextFR, m.TextEN = in.Text.Staff()
		// With a version to check, guarded by the version read: a concurrent edit
		// that saved first wins.
		q := tx.Q(ctx).Model(&Marker{}).Where("id = ?", m.ID)
		if in.Version != nil {
			q = q.Where("version = ?", m.Version)
		}
		res := q.Updates(map[string]any{
			"level": m.Level, "collaboration_form": m.Form, "position": m.Position, "text_nl": m.TextNL, "text_fr": m.TextFR, "text_en": m.TextEN,
			"updated_at": tx.Now(), "version": gorm.Expr("version + 1")})
		if res.Error != nil {
			return fmt.Errorf("markers: update marker %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.Stale()
		}
		m.Version++
		if wordingSame {
			return nil // revisions keep the wording; the form alone is not one
		}
		return addRevision(ctx, tx, sc, *m)
	})
}

// RetireMarker takes a marker out of use. Its observations stay, and it keeps showing in
// the periods that started before it was retired or in which it was observed.
func RetireMarker(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Marker, error) {
	return changeMarker(ctx, d, sc, id, func(tx *db.DB, m *Marker) error {
		if m.Retired() {
			return nil
		}
		now := tx.Now()
		m.RetiredAt, m.RetiredBy = &now, userRef(sc)
		if err := tx.Q(ctx).Save(m).Error; err != nil {
			return fmt.Errorf("markers: retire marker %d: %w", id, err)
		}
		return nil
	})
}

// MoveMarker swaps a marker with its active neighbour above (up) or below in its level.
func MoveMarker(ctx context.Context, d *db.DB, sc people.Scope, id int64, up bool) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		m, err := managedMarker(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		var other Marker
		q := tx.Q(ctx).Where("boundary_partner_id = ? AND level = ? AND retired_at IS NULL AND id <> ?", m.BoundaryPartnerID, m.Level, m.ID)
		if up {
			q = q.Where("position <= ?", m.Position).Order("position DESC, id DESC")
		} else {
			q = q.Where("position >= ?", m.Position).Order("position, id")
		}
		err = q.First(&other).Error
		if db.IsNotFound(err) {
			return nil // already first or last
		}
		if err != nil {
			return fmt.Errorf("markers: find neighbour of %d: %w", id, err)
		}
		a, b := m.Position, other.Position
		if a == b { // equal positions (old data): make room
			if up {
				a++
			} else {
				b++
			}
		}
		if err := tx.Q(ctx).Model(&Marker{}).Where("id = ?", m.ID).Update("position", b).Error; err != nil {
			return fmt.Errorf("markers: move %d: %w", id, err)
		}
		return tx.Q(ctx).Model(&Marker{}).Where("id = ?", other.ID).Update("position", a).Error
	})
}

// History returns every version of a marker's wording, oldest first.
func History(ctx context.Context, d *db.DB, sc people.Scope, id int64) ([]Revision, error) {
	if _, _, err := markerTx(ctx, d, sc, id); err != nil {
		return nil, err
	}
	var out []Revision
	if err := d.Q(ctx).Where("marker_id = ?", id).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("markers: history of %d: %w", id, err)
	}
	return out, nil
}
