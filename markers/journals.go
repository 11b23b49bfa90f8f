package markers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// JournalRow is one marker in a journal, with what was recorded (nil: nothing yet).
type JournalRow struct {
	Marker Marker
	Entry  *Entry
}

// JournalView is everything the journal page and API show.
type JournalView struct {
	Partner  BoundaryPartner
	Period   Period
	Journal  Journal // zero ID: not saved yet
	Rows     []JournalRow
	Names    map[int64]string // user id → name, for "recorded by"
	CanWrite bool
}

// EntryInput is one marker's observation as typed.
type EntryInput struct {
	Rating                         string
	Description, Evidence, Factors string
}

func (e EntryInput) blank() bool {
	return strings.TrimSpace(e.Rating+e.Description+e.Evidence+e.Factors) == ""
}

// JournalInput is the whole journal form.
type JournalInput struct {
	Unanticipated, Lessons, ProgrammeChanges string
	Entries                                  map[int64]EntryInput // marker id →
	// Version is the journal's version the form was loaded at (0: there was no journal
	// yet); nil skips the check. A save over another version is refused (apperr.Stale).
	Version *int64
}

// EntryField names a marker's field in forms and validation errors ("rating_12").
func EntryField(field string, markerID int64) string {
	return field + "_" + strconv.FormatInt(markerID, 10)
}

// LoadJournal returns the journal of a boundary partner for a period: every active
// marker, plus retired markers that were observed in it or retired after it began.
func LoadJournal(ctx context.Context, d *db.DB, sc people.Scope, bpID, periodID int64) (JournalView, error) {
	var v JournalView
	bp, p, err := partnerPeriodTx(ctx, d, sc, bpID, periodID)
	if err != nil {
		return v, err
	}
	v.Partner, v.Period, v.CanWrite = bp, p, canRecord(sc, bp.PartnershipID)
	err = d.Q(ctx).Where("boundary_partner_id = ? AND period_id = ?", bpID, periodID).First(&v.Journal).Error
	if err != nil && !db.IsNotFound(err) {
		return v, fmt.Errorf("markers: load journal: %w", err)
	}
	entries := map[int64]*Entry{}
	if v.Journal.ID != 0 {
		var es []Entry
		if err := d.Q(ctx).Where("journal_id = ?", v.Journal.ID).Find(&es).Error; err != nil {
			return v, fmt.Errorf("markers: load entries: %w", err)
		}
		for i := range es {
			entries[es[i].MarkerID] = &es[i]
		}
	}
	ms, err := markersOf(ctx, d, []int64{bpID}, true)
	if err != nil {
		return v, err
	}
	userIDs := []int64{}
	for _, m := range ms {
		e := entries[m.ID]
		if m.Retired() && e == nil && m.RetiredAt.Before(p.StartsOn) {
			continue
		}
		v.Rows = append(v.Rows, JournalRow{Marker: m, Entry: e})
		if e != nil && e.RecordedBy != nil {
			userIDs = append(userIDs, *e.RecordedBy)
		}
	}
	if v.Journal.UpdatedBy != nil {
		userIDs = append(userIDs, *v.Journal.UpdatedBy)
	}
	v.Names, err = userNames(ctx, d, userIDs)
	return v, err
}

func userNames(ctx context.Context, tx *db.DB, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var us []people.User
	if err := tx.Q(ctx).Select("id, name").Where("id IN ?", ids).Find(&us).Error; err != nil {
		return nil, fmt.Errorf("markers: user names: %w", err)
	}
	for _, u := range us {
		out[u.ID] = u.Name
	}
	return out, nil
}

// SaveJournal stores a journal (coordinators and partners). A marker with no rating and
// no text is left unrecorded (an earlier entry is removed); text without a rating is
// refused. Only entries that changed get the caller as "recorded by".
func SaveJournal(ctx context.Context, d *db.DB, sc people.Scope, bpID, periodID int64, in JournalInput) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		bp, _, err := partnerPeriodTx(ctx, tx, sc, bpID, periodID)
		if err != nil {
			return err
		}
		if !canRecord(sc, bp.PartnershipID) {
			return apperr.Forbidden()
		}
		ms, err := markersOf(ctx, tx, []int64{bpID}, true)
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, m := range ms {
			known[m.ID] = true
		}
		v := apperr.Invalid{}
		for id, e := range in.Entries {
			if !known[id] {
				return apperr.NotFound()
			}
			e.Rating = strings.TrimSpace(e.Rating)
			switch {
			case e.blank():
			case e.Rating == "":
				v.Add(EntryField("rating", id), "markers.error.rating_required")
			case !Rating(e.Rating).Valid():
				v.Add(EntryField("rating", id), "markers.error.rating")
			}
			for f, s := range map[string]string{"description": e.Description, "evidence": e.Evidence, "factors": e.Factors} {
				if len([]rune(s)) > maxText {
					v.Add(EntryField(f, id), "markers.error.too_long", "Max", maxText)
				}
			}
		}
		for f, s := range map[string]string{"unanticipated": in.Unanticipated, "lessons": in.Lessons, "programme_changes": in.ProgrammeChanges} {
			if len([]rune(s)) > maxText {
				v.Add(f, "markers.error.too_long", "Max", maxText)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := tx.Now()
		var j Journal
		err = tx.Q(ctx).Where("boundary_partner_id = ? AND period_id = ?", bpID, periodID).First(&j).Error
		if db.IsNotFound(err) {
			// Two people saving a new journal at once: the second insert does nothing;
			// with a version to check, the second is then told someone else was first.
			j = Journal{PartnershipID: bp.PartnershipID, BoundaryPartnerID: bpID, PeriodID: periodID}
			res := tx.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&j)
			if res.Error != nil {
				return fmt.Errorf("markers: create journal: %w", res.Error)
			}
			if res.RowsAffected == 0 && in.Version != nil {
				return apperr.Stale()
			}
			err = tx.Q(ctx).Where("boundary_partner_id = ? AND period_id = ?", bpID, periodID).First(&j).Error
		} else if err == nil && in.Version != nil && *in.Version != j.Version {
			return apperr.Stale()
		}
		if err != nil {
			return fmt.Errorf("markers: load journal: %w", err)
		}
		// With a version to check, the journal row first, guarded by the version read:
		// of two concurrent saves the second waits for the first's row lock and then
		// matches no row.
		q := tx.Q(ctx).Model(&Journal{}).Where("id = ?", j.ID)
		if in.Version != nil {
			q = q.Where("version = ?", j.Version)
		}
		res := q.Updates(map[string]any{
			"unanticipated": strings.TrimSpace(in.Unanticipated), "lessons": strings.TrimSpace(in.Lessons),
			"programme_changes": strings.TrimSpace(in.ProgrammeChanges), "updated_by": userRef(sc), "updated_at": now,
			"version": gorm.Expr("version + 1"),
		})
		if res.Error != nil {
			return fmt.Errorf("markers: save journal: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.Stale()
		}
		for id, e := range in.Entries {
			var old Entry
			err := tx.Q(ctx).Where("journal_id = ? AND marker_id = ?", j.ID, id).First(&old).Error
			exists := err == nil
			if err != nil && !db.IsNotFound(err) {
				return fmt.Errorf("markers: load entry: %w", err)
			}
			if e.blank() {
				if exists {
					if err := tx.Q(ctx).Delete(&old).Error; err != nil {
						return fmt.Errorf("markers: clear entry: %w", err)
					}
				}
				continue
			}
			next := Entry{ID: old.ID, JournalID: j.ID, MarkerID: id, Rating: Rating(strings.TrimSpace(e.Rating)),
				Description: strings.TrimSpace(e.Description), Evidence: strings.TrimSpace(e.Evidence), Factors: strings.TrimSpace(e.Factors),
				RecordedBy: old.RecordedBy, RecordedAt: old.RecordedAt}
			if exists && next.Rating == old.Rating && next.Description == old.Description && next.Evidence == old.Evidence && next.Factors == old.Factors {
				continue
			}
			next.RecordedBy, next.RecordedAt = userRef(sc), now
			q := tx.Q(ctx)
			if !exists {
				q = q.Clauses(clause.OnConflict{
					Columns:   []clause.Column{{Name: "journal_id"}, {Name: "marker_id"}},
					DoUpdates: clause.AssignmentColumns([]string{"rating", "description", "evidence", "factors", "recorded_by", "recorded_at"}),
				})
			}
			if err := q.Save(&next).Error; err != nil {
				return fmt.Errorf("markers: save entry for marker %d: %w", id, err)
			}
		}
		return nil
	})
}

// JournalSummary is a saved journal with its entries, for the API and exports.
type JournalSummary struct {
	Journal
	Entries []Entry `json:"entries"`
}

// Journals lists saved journals the caller may see; filters are optional (0 = any).
func Journals(ctx context.Context, d *db.DB, sc people.Scope, partnershipID, periodID int64) ([]JournalSummary, error) {
	ids := readableIDs(sc)
	if partnershipID > 0 {
		if !readable(sc, partnershipID) {
			return nil, apperr.NotFound()
		}
		ids = []int64{partnershipID}
	}
	if periodID > 0 {
		p, err := GetPeriod(ctx, d, sc, periodID)
		if err != nil {
			return nil, err
		}
		if partnershipID > 0 && p.PartnershipID != partnershipID {
			return nil, apperr.NotFound()
		}
	}
	out := []JournalSummary{}
	if len(ids) == 0 {
		return out, nil
	}
	q := d.Q(ctx).Where("partnership_id IN ?", ids)
	if periodID > 0 {
		q = q.Where("period_id = ?", periodID)
	}
	var js []Journal
	if err := q.Order("period_id, boundary_partner_id").Find(&js).Error; err != nil {
		return nil, fmt.Errorf("markers: list journals: %w", err)
	}
	if len(js) == 0 {
		return out, nil
	}
	jids := make([]int64, len(js))
	for i, j := range js {
		jids[i] = j.ID
	}
	var es []Entry
	if err := d.Q(ctx).Where("journal_id IN ?", jids).Order("journal_id, marker_id").Find(&es).Error; err != nil {
		return nil, fmt.Errorf("markers: list entries: %w", err)
	}
	byJ := map[int64][]Entry{}
	for _, e := range es {
		byJ[e.JournalID] = append(byJ[e.JournalID], e)
	}
	for _, j := range js {
		ents := byJ[j.ID]
		if ents == nil {
			ents = []Entry{}
		}
		out = append(out, JournalSummary{Journal: j, Entries: ents})
	}
	return out, nil
}

// UserNames returns the names of users who changed things in a partnership the caller
// may see (for "changed by" lines).
func UserNames(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64, ids []int64) (map[int64]string, error) {
	if !readable(sc, partnershipID) {
		return nil, apperr.NotFound()
	}
	return userNames(ctx, d, ids)
}

// partnerPeriodTx loads a boundary partner and a period the caller may see, which must
// belong to the same partnership (a period of another one is not found).
func partnerPeriodTx(ctx context.Context, d *db.DB, sc people.Scope, bpID, periodID int64) (BoundaryPartner, Period, error) {
	bp, err := Partner(ctx, d, sc, bpID)
	if err != nil {
		return bp, Period{}, err
	}
	p, err := GetPeriod(ctx, d, sc, periodID)
	if err != nil {
		return bp, p, err
	}
	if p.PartnershipID != bp.PartnershipID {
		return bp, p, apperr.NotFound()
	}
	return bp, p, nil
}
