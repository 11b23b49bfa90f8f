package people

import (
	"context"
	"fmt"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
)

// Audit actions. Their labels live in the locale files under "audit." + action.
const (
	AuditLogin             = "login"
	AuditLoginFailed       = "login_failed"
	AuditLoginBlocked      = "login_blocked"
	AuditMemberAdded       = "member_added"
	AuditRoleChanged       = "role_changed"
	AuditMemberRemoved     = "member_removed"
	AuditTokenCreated      = "token_created"
	AuditTokenUsed         = "token_used"
	AuditTokenRevoked      = "token_revoked"
	AuditExported          = "export"
	AuditInvitationCreated = "invitation_created"
	AuditInvitationUsed    = "invitation_used"
	AuditCursistsImported  = "cursists_imported"
	AuditUserCreated       = "user_created"
	AuditUserChanged       = "user_changed"
	AuditPartnershipSaved  = "partnership_saved"
	AuditConsentSaved      = "consent.saved"
	AuditCursistExported   = "cursist.exported"
	AuditCursistErased     = "cursist.erased"
	AuditCursistAdded      = "cursist.added"
	AuditCursistChanged    = "cursist.changed"
	// A reflection the server refused, accepted or discarded by a coordinator.
	AuditUndeliverableAccepted  = "undeliverable.accepted"
	AuditUndeliverableDiscarded = "undeliverable.discarded"
)

// AuditActions lists every action, for the viewer's filter.
var AuditActions = []string{AuditLogin, AuditLoginFailed, AuditLoginBlocked, AuditMemberAdded, AuditRoleChanged,
	AuditMemberRemoved, AuditTokenCreated, AuditTokenUsed, AuditTokenRevoked, AuditExported, AuditInvitationCreated,
	AuditInvitationUsed, AuditCursistsImported, AuditUserCreated, AuditUserChanged, AuditPartnershipSaved,
	AuditConsentSaved, AuditCursistExported, AuditCursistErased, AuditUndeliverableAccepted, AuditUndeliverableDiscarded,
	AuditCursistAdded, AuditCursistChanged}

// Audit records one security event. Detail must never hold answer text or passwords:
// it names the thing (an e-mail, a role, a count), not its content.
func Audit(ctx context.Context, d *db.DB, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	e.At = e.At.UTC()
	if len(e.Detail) > 500 {
		e.Detail = strings.ToValidUTF8(e.Detail[:500], "") // never half a character
	}
	if err := d.Q(ctx).Create(&e).Error; err != nil {
		return fmt.Errorf("people: audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditExport is the hook other domains call when someone downloads partnership data
// (a CSV of outcomes, a report). what names the export, e.g. "outcomes.csv".
func AuditExport(ctx context.Context, d *db.DB, sc Scope, partnershipID int64, what, ip string) error {
	pid := partnershipID
	uid := sc.UserID
	return Audit(ctx, d, AuditEntry{PartnershipID: &pid, UserID: &uid, Action: AuditExported, Detail: what, IP: ip})
}

// AuditRow is an audit entry with the names a reader needs.
type AuditRow struct {
	AuditEntry
	UserName        string
	UserEmail       string
	PartnershipName string
}

// AuditFilter narrows the audit log viewer.
type AuditFilter struct {
	PartnershipID int64 // 0: every partnership the caller may see
	Action        string
	Before        int64 // only entries older than this id; 0: from the newest
	Limit         int   // page size; 0 means 100
}

// AuditPage is one page of the audit log, newest first.
type AuditPage struct {
	Rows  []AuditRow
	Older int64 // the Before of the next page; 0 when this is the last one
}

// AuditLog lists audit entries, newest first, a page at a time. Platform admins see
// every entry; coordinators see the entries of the partnerships they coordinate.
// Anyone else gets NotFound for a partnership and Forbidden for the whole log.
// Pages are cut by id rather than time: ids only grow, so a page never repeats or
// skips an entry while new ones are written.
func AuditLog(ctx context.Context, d *db.DB, sc Scope, f AuditFilter) (AuditPage, error) {
	q := d.Q(ctx).Table("audit_log a").
		Select("a.*, COALESCE(u.name, '') AS user_name, COALESCE(u.email, '') AS user_email, COALESCE(p.name, '') AS partnership_name").
		Joins("LEFT JOIN users u ON u.id = a.user_id").
		Joins("LEFT JOIN partnerships p ON p.id = a.partnership_id")
	switch {
	case f.PartnershipID != 0:
		if err := RequireCoordinator(sc, f.PartnershipID); err != nil {
			return AuditPage{}, err
		}
		q = q.Where("a.partnership_id = ?", f.PartnershipID)
	case sc.IsAdmin:
	default:
		return AuditPage{}, apperr.Forbidden()
	}
	if f.Action != "" {
		q = q.Where("a.action = ?", f.Action)
	}
	if f.Before > 0 {
		q = q.Where("a.id < ?", f.Before)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	var pg AuditPage
	// One row more than the page tells whether an older page exists.
	if err := q.Order("a.id DESC").Limit(f.Limit + 1).Scan(&pg.Rows).Error; err != nil {
		return AuditPage{}, fmt.Errorf("people: audit log: %w", err)
	}
	if len(pg.Rows) > f.Limit {
		pg.Rows = pg.Rows[:f.Limit]
		pg.Older = pg.Rows[f.Limit-1].ID
	}
	return pg, nil
}

// RequireCoordinator returns NotFound for a partnership outside the scope and
// Forbidden for a member who is not its coordinator.
func RequireCoordinator(sc Scope, partnershipID int64) error {
	if !sc.Member(partnershipID) {
		return apperr.NotFound()
	}
	if !sc.Allows(partnershipID, RoleCoordinator) {
		return apperr.Forbidden()
	}
	return nil
}
