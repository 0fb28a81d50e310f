package deploy

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// TestRenderedEnvRunsTheBinaries runs the real binaries, built as the
// Dockerfiles build them (CGO_ENABLED=0), with the environment the chart
// renders for the default value set: the migration Job's `streamgate
// migrate`, the "all" role's `streamgate serve` and a worker, with the
// secrets the chart generated (signing keys, key master, worker tokens).
// Only the addresses of PostgreSQL, Redis and S3 are swapped for the local
// test stack's (a database of its own, a Redis prefix, a bucket). The
// server must become ready, publish the generated key in its JWKS, and
// accept the worker's token.
func TestRenderedEnvRunsTheBinaries(t *testing.T) {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Skip("TEST_DATABASE_URL is not set: run through make deploy-check with the local stack up (make stack)")
	}
	t.Parallel()
	bin := t.TempDir()
	build := exec.Command("go", "build", "-trimpath", "-o", bin+"/", "./cmd/streamgate", "./cmd/transcoder")
	build.Dir = ".."
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("static build: %v\n%s", err, out)
	}

	objs, err := render(t, chartDir, []string{"minimal.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	r := index(t, objs)
	secrets := map[string]map[string]string{}
	for name, o := range r["Secret"] {
		secrets[name] = o.(*corev1.Secret).StringData
	}
	suffix := randomHex(t)
	dbURL := createDatabase(t, base, "sg_deploy_"+suffix)
	local := map[string]string{
		"STREAMGATE_DATABASE_URL":  dbURL,
		"STREAMGATE_REDIS_ADDR":    envOr("TEST_REDIS_ADDR", "127.0.0.1:6379"),
		"STREAMGATE_REDIS_PREFIX":  "sgdeploy" + suffix + ":",
		"STREAMGATE_S3_ENDPOINT":   envOr("TEST_S3_ENDPOINT", "127.0.0.1:9100"),
		"STREAMGATE_S3_SECURE":     "false",
		"STREAMGATE_S3_BUCKET":     "streamgate-deploy-check", // made by the server when missing, reused
		"STREAMGATE_S3_ACCESS_KEY": envOr("TEST_S3_ACCESS_KEY", "streamgate"),
		"STREAMGATE_S3_SECRET_KEY": envOr("TEST_S3_SECRET_KEY", "streamgate-secret"),
	}

	job := get[*batchv1.Job](t, r, "Job", "sg-streamgate-migrate")
	migrate := resolveEnv(t, job.Spec.Template.Spec.Containers[0].Env, secrets, local)
	if out, err := runFor(t, 2*time.Minute, filepath.Join(bin, "streamgate"), job.Spec.Template.Spec.Containers[0].Args, migrate); err != nil {
		t.Fatalf("streamgate migrate with the Job's env: %v\n%s", err, out)
	}

	addr := freeAddr(t)
	local["STREAMGATE_ADDR"] = addr
	all := get[*appsv1.Deployment](t, r, "Deployment", "sg-streamgate-all")
	serverEnv := resolveEnv(t, all.Spec.Template.Spec.Containers[0].Env, secrets, local)
	server := start(t, filepath.Join(bin, "streamgate"), all.Spec.Template.Spec.Containers[0].Args, serverEnv)
	base = "http://" + addr
	if err := waitFor(base+"/readyz", time.Minute); err != nil {
		t.Fatalf("the server with the chart's env never became ready: %v\n%s", err, server.output())
	}
	kid, _, _ := strings.Cut(secrets["sg-streamgate"]["auth-signing-keys"], "=")
	if jwks := httpGet(t, base+"/.well-known/jwks.json"); !strings.Contains(jwks, `"kid":"`+kid+`"`) {
		t.Errorf("JWKS does not publish the chart's generated key %q: %s", kid, jwks)
	}

	workers := get[*appsv1.Deployment](t, r, "Deployment", "sg-streamgate-workers")
	local = map[string]string{
		"STREAMGATE_TRANSCODER_SERVER_URL": base,
		"STREAMGATE_TRANSCODER_WORK_DIR":   t.TempDir(),
		"STREAMGATE_TRANSCODER_WORKER_ID":  "deploy-test",
		"STREAMGATE_TRANSCODER_CLAIM_WAIT": "1s", // so claims finish and are counted
	}
	worker := start(t, filepath.Join(bin, "transcoder"), nil, resolveEnv(t, workers.Spec.Template.Spec.Containers[0].Env, secrets, local))
	deadline := time.Now().Add(30 * time.Second)
	for {
		m := claims(httpGet(t, base+"/metrics"))
		if m["unauthenticated"] > 0 {
			t.Fatalf("the server refused the worker's token from the chart's Secret\n%s", worker.output())
		}
		if m["ok"] > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ClaimJob answered ok in 30s (%v): a worker token the server refuses is not counted\nworker:\n%s\nserver:\n%s", m, worker.output(), server.output())
		}
		time.Sleep(500 * time.Millisecond)
	}
	worker.stop(t)
	server.stop(t)
}

// resolveEnv turns a container's env into KEY=VALUE pairs: values as
// rendered, secret references from the rendered Secrets, and the local
// overrides last.
func resolveEnv(t *testing.T, env []corev1.EnvVar, secrets map[string]map[string]string, local map[string]string) []string {
	t.Helper()
	out := []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "TMPDIR=" + t.TempDir()}
	seen := map[string]bool{}
	for _, e := range env {
		v := e.Value
		switch {
		case local[e.Name] != "":
			v = local[e.Name]
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil:
			ref := e.ValueFrom.SecretKeyRef
			val, ok := secrets[ref.Name][ref.Key]
			if !ok {
				if ref.Optional != nil && *ref.Optional {
					continue
				}
				t.Fatalf("%s: Secret %s has no key %s", e.Name, ref.Name, ref.Key)
			}
			v = val
		case e.ValueFrom != nil:
			continue // the pod's name, which only the kubelet knows
		}
		seen[e.Name] = true
		out = append(out, e.Name+"="+v)
	}
	for k, v := range local {
		if !seen[k] {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// createDatabase makes an empty database beside TEST_DATABASE_URL's and
// drops it when the test ends.
func createDatabase(t *testing.T, base, name string) string {
	t.Helper()
	psql := func(sql string) {
		out, err := exec.Command("psql", base, "-v", "ON_ERROR_STOP=1", "-qc", sql).CombinedOutput()
		if err != nil {
			t.Fatalf("psql %s: %v\n%s", sql, err, out)
		}
	}
	psql("CREATE DATABASE " + name)
	t.Cleanup(func() { psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// process is a binary running for the test, its output kept.
type process struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
}

func start(t *testing.T, bin string, args, env []string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), out: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd.Env, p.cmd.Stdout, p.cmd.Stderr = env, p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { _ = p.cmd.Process.Kill() })
	return p
}

func (p *process) output() string { return p.out.String() }

// stop sends SIGTERM, as the kubelet does, and wants a clean exit.
func (p *process) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("%s after SIGTERM: %v\n%s", p.cmd.Path, err, p.output())
		}
	case <-time.After(45 * time.Second):
		t.Errorf("%s did not stop within 45s of SIGTERM", p.cmd.Path)
	}
}

func runFor(t *testing.T, d time.Duration, bin string, args, env []string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	return cmd.CombinedOutput()
}

func waitFor(u string, d time.Duration) error {
	deadline := time.Now().Add(d)
	var last error
	for time.Now().Before(deadline) {
		resp, err := http.Get(u)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("%s: %s", resp.Status, body)
		}
		last = err
		time.Sleep(300 * time.Millisecond)
	}
	return last
}

func httpGet(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v", u, resp.Status, err)
	}
	return string(b)
}

// claims sums streamgate_rpc_requests_total for ClaimJob by code.
func claims(metrics string) map[string]int {
	m := map[string]int{}
	for _, line := range strings.Split(metrics, "\n") {
		if !strings.HasPrefix(line, "streamgate_rpc_requests_total{") || !strings.Contains(line, "TranscodeService/ClaimJob") {
			continue
		}
		_, rest, _ := strings.Cut(line, `code="`)
		code, _, _ := strings.Cut(rest, `"`)
		var n float64
		fmt.Sscan(line[strings.LastIndexByte(line, ' ')+1:], &n)
		m[code] += int(n)
	}
	return m
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func randomHex(t *testing.T) string {
	t.Helper()
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// syncBuffer is a bytes.Buffer the test may read while a process writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
