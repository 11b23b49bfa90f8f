package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestDBTestEachEndsItsBlock guards dbtest.Each's contract: it starts its SQLite and
// PostgreSQL subtests side by side and returns before they run, so a statement after
// it in the same block would run before (or while) the subtests do: a check there would
// check nothing, a cleanup would pull the database from under them.
func TestDBTestEachEndsItsBlock(t *testing.T) {
	root := filepath.Join("..")
	fset := token.NewFileSet()
	var bad []string
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if b := e.Name(); p != root && (strings.HasPrefix(b, ".") || b == "testdata" || b == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			block, ok := n.(*ast.BlockStmt)
			if !ok {
				return true
			}
			for i, st := range block.List {
				if isEachCall(st) && i != len(block.List)-1 {
					bad = append(bad, fset.Position(st.Pos()).String())
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("dbtest.Each is followed by more statements (they run before its subtests):\n%s", strings.Join(bad, "\n"))
	}
}

func isEachCall(st ast.Stmt) bool {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if sel.Sel.Name != "Each" {
		return false
	}
	// dbtest.Each, or a dbtest.Seed's Each (DemoSeed.Each, demo.DemoSeed.Each).
	switch x := sel.X.(type) {
	case *ast.Ident:
		return x.Name == "dbtest" || strings.HasSuffix(x.Name, "Seed")
	case *ast.SelectorExpr:
		return strings.HasSuffix(x.Sel.Name, "Seed")
	}
	return false
}
