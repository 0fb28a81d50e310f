package cli_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/cli"
	"github.com/streamgate/streamgate/internal/teststack"
)

var bin string

// TestMain builds the real binary once; every test runs it as a user would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "streamgate-cli")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "streamgate")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/streamgate").CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// user is one person at a terminal: a config dir and a key file.
type user struct {
	t       *testing.T
	server  string
	config  string
	keyFile string
}

func newUser(t *testing.T, s *teststack.Stack, key []byte) *user {
	u := &user{t: t, server: s.URL, config: t.TempDir()}
	u.keyFile = filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(u.keyFile, []byte(hex.EncodeToString(key)), 0o600); err != nil {
		t.Fatal(err)
	}
	return u
}

// run executes the binary and returns stdout, stderr and the exit code.
func (u *user) run(args ...string) (string, string, int) {
	u.t.Helper()
	cmd := u.cmd(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		u.t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func (u *user) cmd(args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "STREAMGATE_SERVER="+u.server, "STREAMGATE_CONFIG_DIR="+u.config)
	return cmd
}

// must runs a command that must succeed.
func (u *user) must(args ...string) string {
	u.t.Helper()
	out, errOut, code := u.run(args...)
	if code != 0 {
		u.t.Fatalf("streamgate %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func (u *user) json(v any, args ...string) {
	u.t.Helper()
	out := u.must(append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		u.t.Fatalf("streamgate %s: not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestCreatorAndViewer(t *testing.T) {
	t.Parallel()
	s := teststack.Start(t, teststack.Options{})
	creator := newUser(t, s, crypto.FromECDSA(s.Creator))
	out := creator.must("login", "--key-file", creator.keyFile, "--chain-id", "31337")
	addr := crypto.PubkeyToAddress(s.Creator.PublicKey).Hex()
	if !strings.Contains(out, addr) {
		t.Fatalf("login output %q lacks %s", out, addr)
	}
	if who := creator.must("whoami"); !strings.Contains(who, addr) {
		t.Fatalf("whoami: %q", who)
	}

	videoID, uploadID := interruptedThenResumed(t, creator)
	if videoID == "" || uploadID == "" {
		t.Fatal("no video or upload id")
	}
	if out := creator.must("watch", videoID); !strings.Contains(out, "ready") {
		t.Fatalf("watch: %q", out)
	}
	var list struct {
		Videos []struct{ ID, Status string }
	}
	creator.json(&list, "videos", "list", "--owner", "me")
	if len(list.Videos) != 1 || list.Videos[0].ID != videoID || list.Videos[0].Status != "STATUS_READY" {
		t.Fatalf("videos list: %+v", list)
	}
	creator.must("gate", "set", videoID, "--erc721", s.NFT.Hex(), "--chain-id", "31337")
	if out := creator.must("gate", "check", videoID); !strings.HasPrefix(out, "allowed") {
		t.Fatalf("owner gate check: %q", out)
	}

	holder := newUser(t, s, crypto.FromECDSA(s.Holder))
	holder.must("login", "--key-file", holder.keyFile)
	if url := holder.must("play", videoID); !strings.Contains(url, "/play/") || !strings.HasSuffix(strings.TrimSpace(url), "/master.m3u8") {
		t.Fatalf("play printed %q", url)
	}

	stranger := newUser(t, s, crypto.FromECDSA(s.Stranger))
	stranger.must("login", "--key-file", stranger.keyFile)
	if _, errOut, code := stranger.run("play", videoID); code != cli.ExitPermissionDenied {
		t.Fatalf("stranger play: exit %d (%s), want %d", code, errOut, cli.ExitPermissionDenied)
	}
	explain, _, code := creator.run("gate", "check", videoID, "--address", crypto.PubkeyToAddress(s.Stranger.PublicKey).Hex())
	if code != cli.ExitPermissionDenied || !strings.HasPrefix(explain, "denied") {
		t.Fatalf("explain for a stranger: exit %d, %q", code, explain)
	}
}

// interruptedThenResumed kills an upload once it has an id, then runs the
// same command again, which must resume that upload and finish it.
func interruptedThenResumed(t *testing.T, u *user) (string, string) {
	t.Helper()
	file := teststack.NoiseMP4(t)
	first := u.cmd("upload", file, "--title", "noise", "--parallel", "1")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(u.config, "uploads.json")
	var pending map[string]pendingUpload
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(state)
		if err == nil && json.Unmarshal(b, &pending) == nil && len(pending) == 1 && firstOf(pending).UploadID != "" {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	_ = first.Process.Kill()
	_ = first.Wait()
	if len(pending) != 1 || firstOf(pending).UploadID == "" {
		t.Fatal("the upload never recorded its id")
	}
	want := firstOf(pending)
	out, errOut, code := u.run("upload", file, "--title", "noise")
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "resuming upload "+want.UploadID) || !strings.Contains(out, "uploaded "+want.UploadID) {
		t.Fatalf("did not resume %s:\nstdout %s\nstderr %s", want.UploadID, out, errOut)
	}
	return want.VideoID, want.UploadID
}

func firstOf(m map[string]pendingUpload) pendingUpload {
	for _, v := range m {
		return v
	}
	return pendingUpload{}
}

type pendingUpload struct {
	VideoID  string `json:"video_id"`
	UploadID string `json:"upload_id"`
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	s := teststack.Start(t, teststack.Options{NoWorker: true})
	anon := newUser(t, s, crypto.FromECDSA(s.Stranger))
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"frobnicate"}, cli.ExitUsage},
		{[]string{"whoami"}, cli.ExitUnauthenticated},
		{[]string{"videos", "get", "not-a-uuid"}, cli.ExitInvalid},
		{[]string{"videos", "get", "00000000-0000-4000-8000-000000000000"}, cli.ExitNotFound},
		{[]string{"login", "--key-file", filepath.Join(t.TempDir(), "missing")}, cli.ExitUsage},
		{[]string{"videos", "create", "--title", "x"}, cli.ExitUnauthenticated},
	}
	for _, c := range cases {
		_, errOut, code := anon.run(c.args...)
		if code != c.code {
			t.Errorf("streamgate %s: exit %d (%s), want %d", strings.Join(c.args, " "), code, strings.TrimSpace(errOut), c.code)
		}
	}
	// --json errors are JSON too, for scripts.
	out, _, code := anon.run("videos", "get", "--json", "not-a-uuid")
	var e struct {
		Code string
		Exit int
	}
	if code != cli.ExitInvalid || json.Unmarshal([]byte(out), &e) != nil || e.Code != "invalid_argument" {
		t.Fatalf("json error: exit %d %q", code, out)
	}
	_ = context.Background
}
