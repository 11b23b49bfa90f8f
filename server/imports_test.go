package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The server builds no queries: SQL and GORM live in the domain package that owns the
// table, so no non-test file under server/ may import a database package.
func TestServerImportsNoDatabasePackage(t *testing.T) {
	bad := serverDatabaseImports(t, ".")
	for _, b := range bad {
		t.Errorf("%s: the server must not build queries; move them into the domain package that owns the table", b)
	}
}

// serverDatabaseImports lists "file imports path" for every forbidden import below dir.
func serverDatabaseImports(t *testing.T, dir string) []string {
	t.Helper()
	var bad []string
	fset := token.NewFileSet()
	n := 0
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		n++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "gorm.io/") || path == "database/sql" || strings.HasPrefix(path, "database/sql/") {
				bad = append(bad, p+" imports "+path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("only %d Go files found under %s: wrong directory?", n, dir)
	}
	return bad
}

// The server may open a transaction for domain calls (db.Tx), but never takes the query
// builder (db.Q), even without importing GORM.
func TestServerTakesNoQueryBuilder(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range files {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Q" && len(call.Args) == 1 {
					t.Errorf("%s: the server calls %s.Q: build the query in the domain package", fset.Position(call.Pos()), types.ExprString(sel.X))
				}
			}
			return true
		})
	}
}
