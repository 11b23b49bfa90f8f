// Package demo loads demonstration data: the eight partnerships named in the practice
// model's colophon, their organisations, staff of every role and pseudonymous cursists.
// Loading is idempotent: what exists already is left as it is.
package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"oogst/db"
	"oogst/people"
)

// Password is the password of every demo login. It is printed at start; never use the
// demo data in production.
const Password = "oogst-demo-2026"

// Summary says what Load did and how to log in.
type Summary struct {
	Created  int
	Logins   []Login
	JoinCode string
}

// Login is one printed demo account.
type Login struct {
	Email, Role, Partnership string
}

// Print writes the demo logins and join code for a newcomer. The password is left out
// when showPassword is false (a public https address: logs there are not a terminal).
func (s Summary) Print(w io.Writer, showPassword bool) {
	fmt.Fprintln(w, "")
	if showPassword {
		fmt.Fprintln(w, "Oogst demo data is ready. Log in at /login with any of these (password: "+Password+"):")
	} else {
		fmt.Fprintln(w, "Oogst demo data is ready. Log in at /login with any of these (the demo password is in the README):")
	}
	for _, l := range s.Logins {
		fmt.Fprintf(w, "  %-32s %-12s %s\n", l.Email, l.Role, l.Partnership)
	}
	if s.JoinCode != "" {
		fmt.Fprintf(w, "Cursists: open / on a tablet and type the join code %s (demo round, Gent).\n", s.JoinCode)
	}
	fmt.Fprintln(w, "")
}

type partnershipSeed struct {
	slug, name, region, languages string
	orgs                          []orgSeed
}

type orgSeed struct {
	name string
	kind people.OrgKind
}

// partnerships are the eight local partnerships of the ESF call "Nieuwe krachten voor
// de kinderopvang" (seed colophon), each with its promotor and typical partners.
var partnerships = []partnershipSeed{
	{"bikowest", "BIKO West", "Regio Brugge, Kortrijk, Ieper", "nl,fr,en,ar,tr,uk", []orgSeed{
		{"Huis van het Leren West-Vlaanderen", people.OrgSupportPartner}, {"CVO Miras", people.OrgTrainingProvider}, {"Kinderopvang Brugge", people.OrgChildcareOrganiser}}},
	{"antwerpen", "Kansen voor talent in de kinderopvang", "Antwerpen", "nl,fr,en,ar,tr,es,fa", []orgSeed{
		{"Stad Antwerpen", people.OrgLocalAuthority}, {"CVO Antwerpen", people.OrgTrainingProvider}, {"Kinderopvang Stad Antwerpen", people.OrgChildcareOrganiser}}},
	{"brussel", "Nieuwe krachten voor de kinderopvang – Brussel", "Brussel", "nl,fr,en,ar,es,ro,pl", []orgSeed{
		{"Ukelele vzw", people.OrgSupportPartner}, {"CVO Brussel", people.OrgTrainingProvider}, {"Actiris", people.OrgEmploymentService}, {"Kinderdagverblijven Brussel", people.OrgChildcareOrganiser}}},
	{"turnhout", "Nieuwe krachten voor de kinderopvang – Turnhout", "Regio Turnhout", "nl,fr,en,ar,ru,uk", []orgSeed{
		{"Vormingscentrum HIVSET", people.OrgTrainingProvider}, {"Kinderopvang Kempen", people.OrgChildcareOrganiser}}},
	{"gent", "Nieuwe krachten voor de Gentse Kinderopvang", "Gent", "nl,fr,en,ar,tr,es,uk,ru,ro,pl,fa", []orgSeed{
		{"AC Portus (Stad Gent)", people.OrgLocalAuthority}, {"CVO Gent", people.OrgTrainingProvider}, {"Kinderopvang Stad Gent", people.OrgChildcareOrganiser}, {"Taalcoaching Gent", people.OrgSupportPartner}}},
	{"limburg", "NIKO(L)", "Provincie Limburg", "nl,fr,en,ar,tr", []orgSeed{
		{"Limburgs Steunpunt Kinderopvang", people.OrgChildcareOrganiser}, {"Vormingscentrum HIVSET Limburg", people.OrgTrainingProvider}}},
	{"mechelen", "Onontgonnen talent kleurt de kinderopvang", "Regio Mechelen – Vilvoorde", "nl,fr,en,ar,es,fa", []orgSeed{
		{"Felies vzw", people.OrgSupportPartner}, {"CVO Mechelen", people.OrgTrainingProvider}, {"Kinderopvang Mechelen", people.OrgChildcareOrganiser}}},
	{"roeselare", "RSL4KIDS", "Roeselare", "nl,fr,en,ar,ro,pl", []orgSeed{
		{"Syntra West", people.OrgTrainingProvider}, {"Kinderopvang Roeselare", people.OrgChildcareOrganiser}}},
}

var firstNames = []string{"Amina", "Fatima", "Maria", "Yasmina", "Olena", "Nadia", "Sara", "Leila", "Ioana", "Agnieszka",
	"Hatice", "Marisol", "Khadija", "Iryna", "Zahra", "Esther", "Samira", "Layla", "Daniela", "Ayşe", "Natalia", "Mariam"}

// Load creates whatever demo data is missing and returns the logins.
func Load(ctx context.Context, d *db.DB) (Summary, error) {
	var sum Summary
	hash, err := people.HashPassword(Password)
	if err != nil {
		return sum, err
	}
	admin, created, err := ensureUser(ctx, d, "admin@oogst.demo", "Beheerder Demo", "nl", hash, true)
	if err != nil {
		return sum, err
	}
	sum.Created += created
	sum.Logins = append(sum.Logins, Login{Email: admin.Email, Role: "admin"})
	vdab, created, err := ensureOrg(ctx, d, "VDAB", people.OrgEmploymentService)
	if err != nil {
		return sum, err
	}
	sum.Created += created
	for i, ps := range partnerships {
		p := people.Partnership{Name: ps.name, Region: ps.region, Languages: ps.languages}
		res := d.Q(ctx).Where(people.Partnership{Name: ps.name}).FirstOrCreate(&p)
		if res.Error != nil {
			return sum, fmt.Errorf("demo: partnership %s: %w", ps.name, res.Error)
		}
		sum.Created += int(res.RowsAffected)
		orgIDs := []int64{}
		for _, o := range ps.orgs {
			org, created, err := ensureOrg(ctx, d, o.name, o.kind)
			if err != nil {
				return sum, err
			}
			sum.Created += created
			orgIDs = append(orgIDs, org.ID)
		}
		if ps.slug != "brussel" { // Brussels works with Actiris instead
			orgIDs = append(orgIDs, vdab.ID)
		}
		for _, oid := range orgIDs {
			link := people.PartnershipOrganisation{PartnershipID: p.ID, OrganisationID: oid}
			res := d.Q(ctx).Where(link).FirstOrCreate(&link)
			if res.Error != nil {
				return sum, fmt.Errorf("demo: link organisation: %w", res.Error)
			}
		}
		lang := "nl"
		if ps.slug == "brussel" {
			lang = "fr"
		}
		for ri, role := range people.Roles {
			email := fmt.Sprintf("%s@%s.demo", role, ps.slug)
			name := fmt.Sprintf("%s %s", titleCase(string(role)), titleCase(ps.slug))
			u, created, err := ensureUser(ctx, d, email, name, lang, hash, false)
			if err != nil {
				return sum, err
			}
			sum.Created += created
			m := people.Membership{UserID: u.ID, PartnershipID: p.ID, Role: role, OrganisationID: &orgIDs[ri%len(orgIDs)]}
			if role == people.RoleMentor {
				m.GroupName = "Groep A"
			}
			res := d.Q(ctx).Where(people.Membership{UserID: u.ID, PartnershipID: p.ID}).Attrs(m).FirstOrCreate(&m)
			if res.Error != nil {
				return sum, fmt.Errorf("demo: membership %s: %w", email, res.Error)
			}
			if ps.slug == "gent" || ps.slug == "antwerpen" || role == people.RoleCoordinator {
				sum.Logins = append(sum.Logins, Login{Email: email, Role: string(role), Partnership: ps.name})
			}
		}
		n, err := ensureCursists(ctx, d, p, i)
		if err != nil {
			return sum, err
		}
		sum.Created += n
	}
	// A coordinator who works in two partnerships, for the cross-partnership views.
	u, created, err := ensureUser(ctx, d, "regio@oost.demo", "Regiocoördinator Oost", "nl", hash, false)
	if err != nil {
		return sum, err
	}
	sum.Created += created
	for _, name := range []string{"Nieuwe krachten voor de Gentse Kinderopvang", "Kansen voor talent in de kinderopvang"} {
		var p people.Partnership
		if err := d.Q(ctx).Where("name = ?", name).First(&p).Error; err != nil {
			return sum, fmt.Errorf("demo: find %s: %w", name, err)
		}
		m := people.Membership{UserID: u.ID, PartnershipID: p.ID, Role: people.RoleCoordinator}
		if err := d.Q(ctx).Where(people.Membership{UserID: u.ID, PartnershipID: p.ID}).Attrs(m).FirstOrCreate(&m).Error; err != nil {
			return sum, fmt.Errorf("demo: membership regio: %w", err)
		}
	}
	sum.Logins = append(sum.Logins, Login{Email: u.Email, Role: "coordinator", Partnership: "Gent + Antwerpen"})
	for _, step := range steps {
		n, code, err := step(ctx, d)
		if err != nil {
			return sum, err
		}
		sum.Created += n
		if code != "" {
			sum.JoinCode = code
		}
	}
	return sum, nil
}

// Step loads one domain's demo data after the people exist; it returns how many rows
// it created and, if it made one, the demo join code.
type Step func(ctx context.Context, d *db.DB) (created int, joinCode string, err error)

// steps are the domain demo loaders, in order (survey before harvest).
var steps = []Step{loadSurvey, loadFollowUp, harvestDemo, loadCursistStatuses, loadTranslations, loadMarkers, loadMarkerSurveys}

func ensureUser(ctx context.Context, d *db.DB, email, name, lang, hash string, admin bool) (people.User, int, error) {
	u := people.User{Name: name, Email: email, PreferredLanguage: lang, PasswordHash: hash, IsAdmin: admin, Active: true}
	res := d.Q(ctx).Where(people.User{Email: email}).Attrs(u).FirstOrCreate(&u)
	if res.Error != nil {
		return u, 0, fmt.Errorf("demo: user %s: %w", email, res.Error)
	}
	return u, int(res.RowsAffected), nil
}

func ensureOrg(ctx context.Context, d *db.DB, name string, kind people.OrgKind) (people.Organisation, int, error) {
	o := people.Organisation{Name: name, Kind: kind}
	res := d.Q(ctx).Where(people.Organisation{Name: name}).Attrs(o).FirstOrCreate(&o)
	if res.Error != nil {
		return o, 0, fmt.Errorf("demo: organisation %s: %w", name, res.Error)
	}
	return o, int(res.RowsAffected), nil
}

// ensureCursists gives a partnership 20–40 cursists in two groups. Codes come from a
// generator seeded per partnership, so a second run makes the same codes and finds them.
func ensureCursists(ctx context.Context, d *db.DB, p people.Partnership, seed int) (int, error) {
	r := rand.New(rand.NewPCG(uint64(seed)+2026, 42))
	n := 20 + r.IntN(21)
	langs := strings.Split(p.Languages, ",")
	created := 0
	for i := 0; i < n; i++ {
		code := make([]byte, 4)
		for j := range code {
			code[j] = people.CodeAlphabet[r.IntN(len(people.CodeAlphabet))]
		}
		c := people.Cursist{PartnershipID: p.ID, Code: string(code), PreferredLanguage: langs[r.IntN(len(langs))], Active: true}
		c.GroupName = "Groep A"
		if i%2 == 1 {
			c.GroupName = "Groep B"
		}
		if r.IntN(3) > 0 { // most, not all, give a first name
			c.FirstName = firstNames[r.IntN(len(firstNames))]
		}
		res := d.Q(ctx).Where(people.Cursist{PartnershipID: p.ID, Code: c.Code}).Attrs(c).FirstOrCreate(&c)
		if res.Error != nil {
			return created, fmt.Errorf("demo: cursist %s: %w", c.Code, res.Error)
		}
		created += int(res.RowsAffected)
	}
	return created, nil
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// asCoordinator finds a demo partnership and acts as its coordinator, as the domain
// loaders do to create through the same scoped calls the web pages use.
func asCoordinator(ctx context.Context, d *db.DB, ps partnershipSeed) (people.Partnership, people.Scope, error) {
	var p people.Partnership
	if err := d.Q(ctx).Where("name = ?", ps.name).First(&p).Error; err != nil {
		return p, people.Scope{}, fmt.Errorf("partnership %s: %w", ps.name, err)
	}
	var coord people.User
	if err := d.Q(ctx).Where("email = ?", fmt.Sprintf("coordinator@%s.demo", ps.slug)).First(&coord).Error; err != nil {
		return p, people.Scope{}, fmt.Errorf("coordinator of %s: %w", ps.slug, err)
	}
	return p, people.Scope{UserID: coord.ID, Roles: map[int64]people.Role{p.ID: people.RoleCoordinator}}, nil
}
