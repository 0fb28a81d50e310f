package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/health"
	"github.com/streamgate/streamgate/server/ident"
	"github.com/streamgate/streamgate/server/playback"
	"github.com/streamgate/streamgate/server/rpcerr"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
	"github.com/streamgate/streamgate/server/video"
)

// connectErrorBuilders are the connect-go names that make a Connect error.
var connectErrorBuilders = []string{"NewError", "NewErrorDetail", "NewWireError", "Error"}

// mayBuildConnectErrors are the only packages under server/ that build
// Connect errors: the table, and the session check that runs around it.
var mayBuildConnectErrors = []string{"rpcerr", "authn"}

// TestOnlyRPCErrBuildsConnectErrors fails when code under server/ (tests
// aside) builds a Connect error outside rpcerr and authn: service code
// returns its sentinels and the one table gives them their codes.
func TestOnlyRPCErrBuildsConnectErrors(t *testing.T) {
	t.Parallel()
	var found []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if slices.Contains(mayBuildConnectErrors, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		found = append(found, connectErrorsBuilt(t, path)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s builds a Connect error: return a sentinel with a row in its package's errors.go instead", f)
	}
}

// connectErrorsBuilt lists where the file at path calls connect's error
// constructors or writes a connect.Error literal.
func connectErrorsBuilt(t *testing.T, path string) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	var name string
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "connectrpc.com/connect" {
			name = "connect"
			if imp.Name != nil {
				name = imp.Name.Name
			}
		}
	}
	if name == "" {
		return nil
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == name && slices.Contains(connectErrorBuilders, sel.Sel.Name) && builds(f, sel) {
			out = append(out, fset.Position(sel.Pos()).String()+" ("+name+"."+sel.Sel.Name+")")
		}
		return true
	})
	return out
}

// builds tells a use of connect.Error that makes one (a composite
// literal, new(connect.Error)) from one that only names the type (a
// variable for errors.As, a parameter).
func builds(f *ast.File, sel *ast.SelectorExpr) bool {
	if sel.Sel.Name != "Error" {
		return true
	}
	made := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			made = made || n.Type == sel
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "new" && len(n.Args) == 1 && n.Args[0] == sel {
				made = true
			}
		}
		return !made
	})
	return made
}

// TestEveryServiceRowIsInTheTable: a package's own rows are not enough,
// the server's one table must carry them (playback's once were missing).
func TestEveryServiceRowIsInTheTable(t *testing.T) {
	t.Parallel()
	for name, rows := range map[string]rpcerr.Table{
		"acl": acl.Errors, "ident": ident.Errors, "auth": auth.Errors, "video": video.Errors,
		"upload": upload.Errors, "gate": gate.Errors, "playback": playback.Errors,
		"transcode": transcode.Errors, "health": health.Errors,
	} {
		for _, r := range rows {
			i := slices.IndexFunc(errorTable, func(s rpcerr.Rule) bool { return s.Err == r.Err })
			if i < 0 {
				t.Errorf("%s: %q is not in the server's error table", name, r.Err)
				continue
			}
			// The first match wins: an earlier row for a wider error
			// would hide this one's code.
			if got := errorTable[i].Code; got != r.Code {
				t.Errorf("%s: %q maps to %v in the table, %v in its package", name, r.Err, got, r.Code)
			}
		}
	}
}

// TestEveryServiceHasErrorsFile: each service keeps its sentinels and
// rows in errors.go, where the next engineer looks for them.
func TestEveryServiceHasErrorsFile(t *testing.T) {
	t.Parallel()
	for _, w := range append(slices.Clone(wires), wire{name: "health"}) {
		path := filepath.Join(w.name, "errors.go")
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("%s: %v", w.name, err)
			continue
		}
		if !declares(f, "Errors") {
			t.Errorf("%s declares no Errors table", path)
		}
	}
}

func declares(f *ast.File, name string) bool {
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok {
			for _, s := range g.Specs {
				if v, ok := s.(*ast.ValueSpec); ok && slices.ContainsFunc(v.Names, func(n *ast.Ident) bool { return n.Name == name }) {
					return true
				}
			}
		}
	}
	return false
}
