package archtest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// write is one place in non-test code that writes a table.
type write struct {
	pkg   string // writing package, relative to the module ("people", "cmd/oogst")
	table string // table written
	model string // package defining the GORM model written, when the table came from one
	pos   string // file:line
	how   string
}

// sqlWrite finds the table of a writing SQL statement. Keywords are matched in upper
// case, as the code base writes SQL, so that prose such as "update outcome" in an error
// message is not taken for a statement.
var sqlWrite = regexp.MustCompile(`\b(INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z_][a-z0-9_]*)`)

// gormWrites are the GORM methods that write rows.
var gormWrites = map[string]bool{
	"Create": true, "CreateInBatches": true, "Save": true, "Delete": true, "FirstOrCreate": true,
	"Update": true, "Updates": true, "UpdateColumn": true, "UpdateColumns": true,
}

type goFile struct {
	pkg  string
	path string
	file *ast.File
}

// scanWrites parses every non-test Go file of the module and returns its table writes.
func scanWrites(t *testing.T, root string) []write {
	t.Helper()
	modPath := modulePath(t, root)
	fset := token.NewFileSet()
	var files []goFile
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			base := e.Name()
			// Test support packages (servertest, dbtest, testkit) build fixtures, as tests do.
			if rel != "." && (strings.HasPrefix(base, ".") || base == "testdata" || base == "node_modules" ||
				base == "vendor" || base == "archtest" || base == "testkit" || strings.HasSuffix(base, "test")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, goFile{pkg: filepath.ToSlash(filepath.Dir(rel)), path: rel, file: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tableOf := tableNames(files)
	var out []write
	for _, gf := range files {
		s := &fileScan{gf: gf, fset: fset, mod: modPath, tableOf: tableOf, imports: map[string]string{}}
		for _, imp := range gf.file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			name := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			s.imports[name] = path
		}
		out = append(out, s.scan()...)
	}
	return out
}

// tableNames maps "pkg.Type" to the table its TableName method returns.
func tableNames(files []goFile) map[string]string {
	out := map[string]string{}
	for _, gf := range files {
		for _, d := range gf.file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != "TableName" || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Body == nil || len(fd.Body.List) != 1 {
				continue
			}
			recv := fd.Recv.List[0].Type
			if st, ok := recv.(*ast.StarExpr); ok {
				recv = st.X
			}
			id, ok := recv.(*ast.Ident)
			ret, ok2 := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || !ok2 || len(ret.Results) != 1 {
				continue
			}
			if lit, ok := ret.Results[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				name, _ := strconv.Unquote(lit.Value)
				out[gf.pkg+"."+id.Name] = name
			}
		}
	}
	return out
}

type fileScan struct {
	gf      goFile
	fset    *token.FileSet
	mod     string
	tableOf map[string]string
	imports map[string]string // local name → import path
	vars    map[string]ast.Expr
	out     []write
}

func (s *fileScan) scan() []write {
	for _, d := range s.gf.file.Decls {
		s.vars = map[string]ast.Expr{}
		if fd, ok := d.(*ast.FuncDecl); ok {
			for _, fl := range []*ast.FieldList{fd.Recv, fd.Type.Params} {
				if fl == nil {
					continue
				}
				for _, f := range fl.List {
					for _, n := range f.Names {
						s.vars[n.Name] = f.Type
					}
				}
			}
		}
		ast.Inspect(d, s.declare)
		ast.Inspect(d, s.visit)
	}
	return s.out
}

// declare remembers the type of local variables that are declared with one or set
// from a composite literal, so that tx.Create(&o) knows what o is.
func (s *fileScan) declare(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.ValueSpec:
		for i, name := range n.Names {
			switch {
			case n.Type != nil:
				s.vars[name.Name] = n.Type
			case i < len(n.Values):
				if te := literalType(n.Values[i]); te != nil {
					s.vars[name.Name] = te
				}
			}
		}
	case *ast.AssignStmt:
		if len(n.Lhs) != len(n.Rhs) {
			return true
		}
		for i, l := range n.Lhs {
			if id, ok := l.(*ast.Ident); ok {
				if te := literalType(n.Rhs[i]); te != nil {
					s.vars[id.Name] = te
				}
			}
		}
	case *ast.FuncLit:
		for _, f := range n.Type.Params.List {
			for _, name := range f.Names {
				s.vars[name.Name] = f.Type
			}
		}
	}
	return true
}

// literalType is the type of &T{…}, T{…} or new(T); nil for anything else.
func literalType(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return literalType(e.X)
		}
	case *ast.CompositeLit:
		return e.Type
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "new" && len(e.Args) == 1 {
			return e.Args[0]
		}
	case *ast.ParenExpr:
		return literalType(e.X)
	}
	return nil
}

func (s *fileScan) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.BasicLit:
		if n.Kind != token.STRING {
			return true
		}
		text, err := strconv.Unquote(n.Value)
		if err != nil {
			return true
		}
		for _, m := range sqlWrite.FindAllStringSubmatch(text, -1) {
			s.add(n.Pos(), m[2], "", "SQL "+strings.Join(strings.Fields(m[1]), " "))
		}
	case *ast.CallExpr:
		sel, ok := n.Fun.(*ast.SelectorExpr)
		if !ok || !gormWrites[sel.Sel.Name] {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && s.imports[id.Name] != "" && s.vars[id.Name] == nil {
			return true // a package's function, not a method of a query
		}
		table, model := s.chainTarget(sel.X)
		if table == "" && model == nil && len(n.Args) > 0 {
			model = s.exprType(n.Args[0])
		}
		switch {
		case table != "":
			s.add(n.Pos(), table, "", "GORM Table(…)."+sel.Sel.Name)
		case model != nil:
			pkg, typ, ok := s.named(model)
			if !ok {
				return true
			}
			tbl, ok := s.tableOf[pkg+"."+typ]
			if !ok {
				tbl = defaultTable(typ)
			}
			s.add(n.Pos(), tbl, pkg, "GORM "+sel.Sel.Name+" on "+pkg+"."+typ)
		}
	}
	return true
}

// chainTarget walks a query chain back from a write and returns the table named by
// Table("…") or the model given to Model(…), if any.
func (s *fileScan) chainTarget(e ast.Expr) (string, ast.Expr) {
	for {
		switch x := e.(type) {
		case *ast.CallExpr:
			sel, ok := x.Fun.(*ast.SelectorExpr)
			if !ok {
				return "", nil
			}
			if len(x.Args) > 0 {
				switch sel.Sel.Name {
				case "Table":
					if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						name, _ := strconv.Unquote(lit.Value)
						if f := strings.Fields(name); len(f) > 0 {
							return strings.Trim(f[0], `"`), nil
						}
					}
				case "Model":
					return "", s.exprType(x.Args[0])
				}
			}
			e = sel.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return "", nil
		}
	}
}

// exprType is the type expression of a model argument (&x, x, &T{…}, new(T)), or nil.
func (s *fileScan) exprType(e ast.Expr) ast.Expr {
	if te := literalType(e); te != nil {
		return te
	}
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return s.vars[id.Name]
	}
	return nil
}

// named resolves a type expression to a module package and type name.
func (s *fileScan) named(te ast.Expr) (pkg, typ string, ok bool) {
	switch x := te.(type) {
	case *ast.StarExpr:
		return s.named(x.X)
	case *ast.ArrayType:
		return s.named(x.Elt)
	case *ast.Ident:
		if ast.IsExported(x.Name) || !isBuiltin(x.Name) {
			return s.gf.pkg, x.Name, true
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if path := s.imports[id.Name]; strings.HasPrefix(path, s.mod+"/") {
				return strings.TrimPrefix(path, s.mod+"/"), x.Sel.Name, true
			}
		}
	}
	return "", "", false
}

func isBuiltin(name string) bool {
	switch name {
	case "string", "bool", "int", "int32", "int64", "uint", "uint64", "float64", "byte", "rune", "any", "error":
		return true
	}
	return false
}

// defaultTable is GORM's table name for a model without TableName: snake case, plural.
func defaultTable(typ string) string {
	var b strings.Builder
	rs := []rune(typ)
	for i, r := range rs {
		// A word starts at an upper-case letter after a lower-case one, or at the last
		// capital of an initialism before a lower-case letter (APIToken: api_token).
		if i > 0 && unicode.IsUpper(r) && (!unicode.IsUpper(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	n := b.String()
	switch {
	case strings.HasSuffix(n, "y"):
		return n[:len(n)-1] + "ies"
	case strings.HasSuffix(n, "s"):
		return n + "es"
	}
	return n + "s"
}

func (s *fileScan) add(pos token.Pos, table, model, how string) {
	p := s.fset.Position(pos)
	s.out = append(s.out, write{pkg: s.gf.pkg, table: table, model: model, pos: fmt.Sprintf("%s:%d", s.gf.path, p.Line), how: how})
}

func modulePath(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return f[1]
		}
	}
	t.Fatal("no module line in go.mod")
	return ""
}
