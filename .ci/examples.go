// Command examples checks that every godoc Example in the given directory trees runs: go
// test compiles an Example without an "// Output:" comment (the last comment of its body,
// standing alone) but never runs it. An example meant only to be read says so on a line
// of its doc comment starting with "Not run:" and the reason.
//
// Usage (from .ci/run): go run .ci/examples.go DIR...
// It prints one line per example that would not run and exits 1, or prints nothing.
package main

import (
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	bad := 0
	for _, root := range os.Args[1:] {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			n, err := checkDir(path)
			bad += n
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if bad > 0 {
		os.Exit(1)
	}
}

// checkDir reports the examples of the test files in dir that go test would not run.
func checkDir(dir string) (int, error) {
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return 0, err
	}
	pkgs := map[string][]*ast.File{} // by package name: p and p_test
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return 0, err
		}
		pkgs[f.Name.Name] = append(pkgs[f.Name.Name], f)
	}
	bad := 0
	for _, files := range pkgs {
		for _, ex := range doc.Examples(files...) {
			if ex.Output != "" || ex.EmptyOutput || notRun(ex.Doc) {
				continue
			}
			pos := fset.Position(ex.Code.Pos())
			fmt.Printf("%s:%d: Example%s has no // Output: comment, so go test never runs it (a comment above \"// Output:\" with no blank line between hides it; or say \"Not run: why\" in its doc comment)\n",
				pos.Filename, pos.Line, ex.Name)
			bad++
		}
	}
	return bad, nil
}

func notRun(docText string) bool {
	for _, line := range strings.Split(docText, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Not run:") {
			return true
		}
	}
	return false
}
