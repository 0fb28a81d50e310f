package deploy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// dashboard is the part of Grafana's dashboard model the test reads.
type dashboard struct {
	UID    string  `json:"uid"`
	Panels []panel `json:"panels"`
}

type panel struct {
	ID         int    `json:"id"`
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource *struct {
		UID string `json:"uid"`
	} `json:"datasource"`
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
}

var metricName = regexp.MustCompile(`\b((?:streamgate|go|process)_[a-z_]+)\b`)

// TestGrafanaDashboard: the dashboard parses, and every metric it asks for
// is one the server exports: StreamGate's own are named in server/ or db/
// (the pool's), the Go
// and process ones in the Prometheus client's collectors.
func TestGrafanaDashboard(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("grafana/streamgate.json")
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	server := append(sourceText(t, "../server"), sourceText(t, "../db")...)
	client := sourceText(t, prometheusClientDir(t))
	ids := map[int]bool{}
	asked := 0
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel id %d twice", p.ID)
		}
		ids[p.ID] = true
		if p.Type == "row" {
			continue
		}
		if p.Datasource == nil || p.Datasource.UID != "${datasource}" || len(p.Targets) == 0 {
			t.Errorf("panel %q: no query on the dashboard's datasource", p.Title)
		}
		for _, tg := range p.Targets {
			for _, m := range metricName.FindAllString(tg.Expr, -1) {
				asked++
				name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m, "_bucket"), "_sum"), "_count")
				if strings.HasPrefix(name, "streamgate_") {
					if !bytes.Contains(server, []byte(`"`+name+`"`)) {
						t.Errorf("panel %q asks for %s, which neither server/ nor db/ exports", p.Title, m)
					}
					continue
				}
				// The client builds these from a namespace and a name:
				// go_memstats_heap_inuse_bytes is "heap_inuse_bytes" there.
				suffix := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(name, "go_memstats_"), "go_"), "process_")
				if !bytes.Contains(client, []byte(`"`+suffix+`"`)) && !bytes.Contains(client, []byte(`"`+name+`"`)) {
					t.Errorf("panel %q asks for %s, which the Prometheus client does not export", p.Title, m)
				}
			}
		}
	}
	if asked < 15 {
		t.Errorf("only %d metric references: the dashboard lost its panels?", asked)
	}
}

// prometheusClientDir is the module cache folder of the client_golang the
// root module requires.
func prometheusClientDir(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/prometheus/client_golang")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list client_golang: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "prometheus")
}

// sourceText concatenates the non-test Go files under dir.
func sourceText(t *testing.T, dir string) []byte {
	t.Helper()
	var all bytes.Buffer
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = bufio.NewReader(f).WriteTo(&all)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all.Bytes()
}
