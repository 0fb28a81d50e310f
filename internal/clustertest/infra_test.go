package clustertest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// proc is a process of the test's own, restartable after a SIGKILL.
type proc struct {
	name string
	bin  string
	args []string
	env  []string
	out  *syncBuffer
	cred *syscall.Credential // run as this user (PostgreSQL refuses root)

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

func newProc(t *testing.T, name, bin string, args, env []string) *proc {
	return newProcAs(t, nil, name, bin, args, env)
}

func newProcAs(t *testing.T, cred *syscall.Credential, name, bin string, args, env []string) *proc {
	p := &proc{name: name, bin: bin, args: args, env: env, out: &syncBuffer{}, cred: cred}
	p.start(t)
	t.Cleanup(func() { p.kill() })
	return p
}

func (p *proc) start(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	cmd := exec.Command(p.bin, p.args...)
	cmd.Env = p.env
	cmd.Stdout, cmd.Stderr = p.out, p.out
	// Its own process group, so that a kill takes its children (ffmpeg);
	// killed with the test binary should it die without cleaning up.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL, Credential: p.cred}
	fmt.Fprintf(p.out, "--- start %s\n", p.name)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", p.name, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	p.cmd, p.done = cmd, done
}

// kill sends SIGKILL to the process and its group and waits for it.
func (p *proc) kill() {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	<-done
	fmt.Fprintf(p.out, "--- SIGKILL %s\n", p.name)
}

// stop sends SIGTERM and waits up to a minute for the process to exit.
func (p *proc) stop() error { return p.stopWith(syscall.SIGTERM) }

// stopWith sends sig and waits up to a minute for the process to exit.
func (p *proc) stopWith(sig syscall.Signal) error {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.mu.Unlock()
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
		return nil
	case <-time.After(time.Minute):
		return fmt.Errorf("%s did not stop within a minute of SIGTERM", p.name)
	}
}

func (p *proc) outString() string {
	if p == nil {
		return ""
	}
	return p.out.String()
}

func (p *proc) pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Pid
}

// syncBuffer is a bytes.Buffer a process writes while the test reads.
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

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// postgres is a PostgreSQL server of the test's own (initdb in a temp
// directory, a free port), run as a child of the test so that it can be
// restarted without touching the shared one, and dies with the test.
type postgres struct {
	bin, dir, port string
	cred           *syscall.Credential
	proc           *proc
}

func startPostgres(t *testing.T) *postgres {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Fatal("no /usr/lib/postgresql/*/bin/initdb: install PostgreSQL (make test runs scripts/stack.sh test)")
	}
	pg := &postgres{bin: filepath.Dir(bins[len(bins)-1]), port: strconv.Itoa(freePort(t))}
	dir, err := os.MkdirTemp("", "sg-cluster-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pg.dir = dir
	// PostgreSQL refuses to run as root: run it as the postgres user.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root and no postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		pg.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	pg.run(t, "initdb", "-D", dir+"/data", "-U", "streamgate", "--auth=trust", "-E", "UTF8", "--no-sync")
	pg.proc = newProcAs(t, pg.cred, "postgres", filepath.Join(pg.bin, "postgres"), []string{
		"-D", dir + "/data", "-p", pg.port, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200", "-c", "shared_buffers=32MB",
	}, []string{"LANG=C"})
	pg.waitUp(t)
	pg.run(t, "createdb", "-h", "127.0.0.1", "-p", pg.port, "-U", "streamgate", "streamgate")
	return pg
}

func (pg *postgres) url() string {
	return "postgres://streamgate@127.0.0.1:" + pg.port + "/streamgate?sslmode=disable"
}

func (pg *postgres) run(t *testing.T, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(pg.bin, name), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred}
	cmd.Env = []string{"LANG=C"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, out, tail(pg.proc.outString(), 20))
	}
}

// waitUp waits until the server accepts connections.
func (pg *postgres) waitUp(t *testing.T) {
	t.Helper()
	for range 600 {
		cmd := exec.Command(filepath.Join(pg.bin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", pg.port)
		if cmd.Run() == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("postgres did not start:\n%s", tail(pg.proc.outString(), 30))
}

// restart stops PostgreSQL the fast way (SIGINT: every connection is
// cut, transactions roll back) and starts it again.
func (pg *postgres) restart(t *testing.T) {
	t.Helper()
	if err := pg.proc.stopWith(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	pg.proc.start(t)
	pg.waitUp(t)
}

// nginxConf is the proxy in front of the servers: HTTP/1.1 on one port
// (Connect, gRPC-Web, /play/) proxied over HTTP/1.1, and cleartext HTTP/2
// on another (gRPC) proxied as h2c with grpc_pass. The path split is the
// chart's: playback and /play/ to the playback pool, TranscodeService to
// the transcode pool, the rest to the API pool; the all-services server
// is in every pool.
const nginxConf = `{{user}}daemon off;
master_process on;
worker_processes 1;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 2048; }
http {
  access_log {{dir}}/access.log;
  client_body_temp_path {{dir}}/body;
  proxy_temp_path {{dir}}/proxy;
  fastcgi_temp_path {{dir}}/fastcgi;
  uwsgi_temp_path {{dir}}/uwsgi;
  scgi_temp_path {{dir}}/scgi;
  client_max_body_size 0;
  upstream api { server {{api}} max_fails=1 fail_timeout=2s; server {{all}} max_fails=1 fail_timeout=2s; keepalive 32; }
  upstream playback { server {{playback}} max_fails=1 fail_timeout=2s; server {{all}} max_fails=1 fail_timeout=2s; keepalive 32; }
  upstream transcode { server {{transcode}} max_fails=1 fail_timeout=2s; server {{all}} max_fails=1 fail_timeout=2s; keepalive 32; }
  upstream api_h2c { server {{api}} max_fails=1 fail_timeout=2s; server {{all}} max_fails=1 fail_timeout=2s; keepalive 32; }
  upstream playback_h2c { server {{playback}} max_fails=1 fail_timeout=2s; server {{all}} max_fails=1 fail_timeout=2s; keepalive 32; }
  upstream transcode_h2c { server {{transcode}} max_fails=1 fail_timeout=2s; server {{all}} max_fails=1 fail_timeout=2s; keepalive 32; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $http_host;
  proxy_buffering off;
  proxy_request_buffering off;
  proxy_read_timeout 300s;
  proxy_send_timeout 300s;
  proxy_next_upstream error timeout;
  grpc_read_timeout 300s;
  grpc_send_timeout 300s;
  grpc_next_upstream error timeout;
  server {
    listen 127.0.0.1:{{h1}};
    location /play/ { proxy_pass http://playback; }
    location /streamgate.playback.v1.PlaybackService/ { proxy_pass http://playback; }
    location /streamgate.transcode.v1.TranscodeService/ { proxy_pass http://transcode; }
    location / { proxy_pass http://api; }
  }
  server {
    listen 127.0.0.1:{{h2}} http2;
    location /streamgate.playback.v1.PlaybackService/ { grpc_pass grpc://playback_h2c; }
    location /streamgate.transcode.v1.TranscodeService/ { grpc_pass grpc://transcode_h2c; }
    location / { grpc_pass grpc://api_h2c; }
  }
}
`

// startNginx writes the config and runs nginx in the foreground.
func startNginx(t *testing.T, h1, h2 int, backends map[string]string) *proc {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx"
		if _, err := os.Stat(bin); err != nil {
			t.Fatal("nginx not found: install it (make test runs scripts/stack.sh test, which does)")
		}
	}
	dir := t.TempDir()
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // its workers read the temp dirs the test made
	}
	conf := strings.NewReplacer("{{user}}", user, "{{dir}}", dir, "{{h1}}", strconv.Itoa(h1), "{{h2}}", strconv.Itoa(h2),
		"{{api}}", backends["api"], "{{playback}}", backends["playback"],
		"{{transcode}}", backends["transcode"], "{{all}}", backends["all"]).Replace(nginxConf)
	if err := os.WriteFile(dir+"/nginx.conf", []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", "-c", dir+"/nginx.conf", "-p", dir).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	p := newProc(t, "nginx", bin, []string{"-c", dir + "/nginx.conf", "-p", dir}, os.Environ())
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(dir + "/error.log")
			t.Logf("nginx error.log (tail):\n%s", tail(string(b), 30))
		}
	})
	waitTCP(t, fmt.Sprintf("127.0.0.1:%d", h1))
	return p
}

func waitTCP(t *testing.T, addr string) {
	t.Helper()
	for range 300 {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("nothing listens on %s", addr)
}

// ffmpegChild returns the pid of an ffmpeg process whose parent is pid,
// or 0: a worker is mid-encode while it runs one.
func ffmpegChild(pid int) int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		s := string(b)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < open || s[open+1:close] != "ffmpeg" {
			continue
		}
		fields := strings.Fields(s[close+1:])
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			child, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Dir(f), "/proc/"), "/"))
			return child
		}
	}
	return 0
}
