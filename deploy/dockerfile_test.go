package deploy

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/command"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"sigs.k8s.io/yaml"
)

// stage is one FROM section of a Dockerfile.
type stage struct {
	name, base string
	user       string // the last USER
	entrypoint []string
	execForm   bool
	runs       []string
	copyFrom   []string
}

// parseDockerfile reads a Dockerfile with BuildKit's parser (what docker
// build uses) and splits it into stages, expanding ${ARG}s declared
// before the first FROM in the base images.
func parseDockerfile(t *testing.T, path string) []stage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, w := range res.Warnings {
		t.Errorf("%s: %s (%v)", path, w.Short, w.Location)
	}
	meta := map[string]string{}
	var stages []stage
	for _, n := range res.AST.Children {
		inst := strings.ToLower(n.Value)
		if _, ok := command.Commands[inst]; !ok {
			t.Errorf("%s:%d: unknown instruction %q", path, n.StartLine, n.Value)
			continue
		}
		args := words(n)
		if len(stages) == 0 && inst != command.From {
			if inst == command.Arg {
				for _, a := range args {
					k, v, _ := strings.Cut(a, "=")
					meta[k] = v
				}
			}
			continue
		}
		if inst == command.From {
			s := stage{base: os.Expand(args[0], func(k string) string { return meta[k] })}
			if len(args) == 3 && strings.EqualFold(args[1], "as") {
				s.name = args[2]
			}
			stages = append(stages, s)
			continue
		}
		s := &stages[len(stages)-1]
		switch inst {
		case command.User:
			s.user = args[0]
		case command.Entrypoint:
			s.entrypoint, s.execForm = args, n.Attributes["json"]
		case command.Run:
			s.runs = append(s.runs, strings.Join(args, " "))
		case command.Copy:
			for _, fl := range n.Flags {
				if from, ok := strings.CutPrefix(fl, "--from="); ok {
					s.copyFrom = append(s.copyFrom, from)
				}
			}
		}
	}
	return stages
}

func words(n *parser.Node) []string {
	var w []string
	for a := n.Next; a != nil; a = a.Next {
		w = append(w, a.Value)
	}
	return w
}

// A base image is pinned when it names a digest, or a tag carrying a
// version number (golang:1.26.8-bookworm, debian:12.11-slim), never latest.
var versionTag = regexp.MustCompile(`^[^@]+:[^:/]*\d[^:/]*$`)

func pinned(image string) bool {
	if strings.Contains(image, "@sha256:") {
		return true
	}
	return versionTag.MatchString(image) && !strings.HasSuffix(image, ":latest")
}

// The images an operator builds from each Dockerfile (its targets), the
// binary each runs, and the user the chart runs it as.
var images = []struct {
	file     string
	targets  map[string]string // target stage -> entrypoint
	ffmpeg   []string          // targets that must carry Debian's ffmpeg
	cmd      string            // the Go package built
	chartUID string            // the chart value holding the pod's UID
}{
	{file: "docker/server.Dockerfile", targets: map[string]string{"server": "/streamgate", "server-ffprobe": "/usr/local/bin/streamgate"},
		ffmpeg: []string{"server-ffprobe"}, cmd: "./cmd/streamgate", chartUID: "podSecurityContext"},
	{file: "docker/transcoder.Dockerfile", targets: map[string]string{"transcoder": "/usr/local/bin/transcoder"},
		ffmpeg: []string{"transcoder"}, cmd: "./cmd/transcoder", chartUID: "workers.podSecurityContext"},
}

func TestDockerfiles(t *testing.T) {
	t.Parallel()
	for _, img := range images {
		stages := parseDockerfile(t, img.file)
		byName := map[string]stage{}
		for i, s := range stages {
			if s.base != "scratch" && byName[s.base].name == "" && !pinned(s.base) {
				t.Errorf("%s stage %d: base image %q is not pinned to a version or digest", img.file, i, s.base)
			}
			for _, from := range s.copyFrom {
				if byName[from].name == "" {
					t.Errorf("%s: COPY --from=%s names no earlier stage", img.file, from)
				}
			}
			byName[s.name] = s
		}
		built := false
		for _, s := range stages {
			for _, r := range s.runs {
				if strings.Contains(r, "go build") && strings.Contains(r, "CGO_ENABLED=0") && strings.HasSuffix(r, img.cmd) {
					built = true
				}
			}
		}
		if _, err := os.Stat(filepath.Join("..", img.cmd)); err != nil || !built {
			t.Errorf("%s: no static (CGO_ENABLED=0) go build of %s (%v)", img.file, img.cmd, err)
		}
		uid := chartUID(t, img.chartUID)
		for target, entry := range img.targets {
			s, ok := byName[target]
			if !ok {
				t.Errorf("%s: no stage %q", img.file, target)
				continue
			}
			checkRuntimeStage(t, img.file, s, entry, uid, slices.Contains(img.ffmpeg, target))
		}
	}
	// docker build without --target gives the last stage: the static server.
	if s := parseDockerfile(t, "docker/server.Dockerfile"); s[len(s)-1].name != "server" || s[len(s)-1].base != "scratch" {
		t.Errorf("server.Dockerfile's default target is %q FROM %s, want the static server FROM scratch", s[len(s)-1].name, s[len(s)-1].base)
	}
}

func checkRuntimeStage(t *testing.T, file string, s stage, entry, chartUID string, ffmpeg bool) {
	t.Helper()
	// Numeric, so the kubelet can enforce runAsNonRoot on the image itself.
	uid, gid, _ := strings.Cut(s.user, ":")
	if n, err := strconv.Atoi(uid); err != nil || n == 0 || gid == "0" {
		t.Errorf("%s %s: USER %q, want a numeric non-root uid:gid", file, s.name, s.user)
	}
	if uid != chartUID {
		t.Errorf("%s %s: USER %s, but the chart runs it as %s", file, s.name, uid, chartUID)
	}
	if !s.execForm || len(s.entrypoint) != 1 || s.entrypoint[0] != entry {
		t.Errorf("%s %s: ENTRYPOINT %v (exec form %v), want [%s]", file, s.name, s.entrypoint, s.execForm, entry)
	}
	installs := strings.Join(s.runs, "\n")
	if ffmpeg != strings.Contains(installs, "ffmpeg") {
		t.Errorf("%s %s: installs ffmpeg %v, want %v", file, s.name, !ffmpeg, ffmpeg)
	}
	if ffmpeg && (!strings.Contains(installs, "--no-install-recommends") || !strings.Contains(installs, "rm -rf /var/lib/apt/lists/*")) {
		t.Errorf("%s %s: apt-get without --no-install-recommends or leaving its lists", file, s.name)
	}
}

// chartUID reads runAsUser from the chart's values at a dotted path.
func chartUID(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	for _, k := range strings.Split(path, ".") {
		v, _ = v[k].(map[string]any)
	}
	uid, ok := v["runAsUser"].(float64)
	if !ok {
		t.Fatalf("values.yaml has no %s.runAsUser", path)
	}
	return strconv.Itoa(int(uid))
}

// TestDockerignore: the build context keeps what go build needs (sources,
// go.mod, embedded migrations) and leaves out .git and local state.
func TestDockerignore(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var patterns []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, l)
		}
	}
	ignored := func(path string) bool {
		for _, p := range patterns {
			base := strings.TrimPrefix(p, "**/")
			for dir := path; dir != "."; dir = filepath.Dir(dir) {
				if m, _ := filepath.Match(p, dir); m {
					return true
				}
				if m, _ := filepath.Match(base, filepath.Base(dir)); m && base != p {
					return true
				}
			}
		}
		return false
	}
	for _, keep := range []string{"go.mod", "go.sum", "cmd/streamgate/main.go", "cmd/transcoder/main.go", "db/migrations/0001_init.sql", "server/server.go", "transcoder/worker.go", "gen/x.pb.go"} {
		if ignored(keep) {
			t.Errorf(".dockerignore leaves out %s, which the build needs", keep)
		}
	}
	for _, drop := range []string{".git/HEAD", ".stack/env", "web/node_modules/x/index.js", "bin/streamgate"} {
		if !ignored(drop) {
			t.Errorf(".dockerignore sends %s to the build", drop)
		}
	}
}
