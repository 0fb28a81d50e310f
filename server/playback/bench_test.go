package playback_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/playback"
)

// The benchmarks compare /play and Authorize with a baseline measured in
// the same run. The server side (StreamGate, nginx, the bare Connect
// handler) runs in child processes pinned to CPU 0 with taskset; run the
// benchmark itself on CPU 1:
//
//	taskset -c 1 go test -run '^$' -bench . ./server/playback/
//
// S3 (versitygw) and PostgreSQL are not pinned: they are part of what
// serving through StreamGate costs.

const benchSegmentSize = 2 << 20

// benchInfo is what the server process tells the benchmark.
type benchInfo struct {
	URL     string // StreamGate
	BareURL string // a bare Connect handler answering Authorize
	Token   string // a playback token
	Access  string // a session access token of the video's viewer
	VideoID string
	WWW     string // the same segment and playlist as files, for nginx
}

// TestBenchServer is the benchmarks' server process; it does nothing in a
// normal test run.
func TestBenchServer(t *testing.T) {
	dir := os.Getenv("PLAYBACK_BENCH_DIR")
	if dir == "" {
		t.Skip("the benchmarks' server process")
	}
	// A gated video and its holder: Authorize runs the gate, whose answer
	// is cached after the first call (the default gate TTLs).
	g := newGated(t, func(c *playback.Config) {
		c.TokenTTL, c.VideoCacheTTL, c.ObjectCacheBytes, c.RenewBefore = time.Hour, 2*time.Second, 256<<20, time.Hour/3
	}, nil)
	h, c, v := g.harness, g.holder, g.video
	seg := make([]byte, benchSegmentSize)
	_, _ = rand.Read(seg)
	ctx := context.Background()
	if _, err := h.s3.PutObject(ctx, h.bucket, v.prefix+rung+"/seg_big.ts", bytes.NewReader(seg), int64(len(seg)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	www := filepath.Join(dir, "www")
	must(t, os.MkdirAll(www, 0o755))
	must(t, os.WriteFile(filepath.Join(www, "seg_big.ts"), seg, 0o644))
	must(t, os.WriteFile(filepath.Join(www, "index.m3u8"), v.files[rung+"/index.m3u8"], 0o644))
	must(t, os.WriteFile(filepath.Join(www, "key"), v.key, 0o644))
	grant, err := authorize(ctx, c.Playback, v.id.String())
	if err != nil {
		t.Fatal(err)
	}
	bare := http.NewServeMux()
	bare.Handle(playbackv1connect.NewPlaybackServiceHandler(bareAuthorize{grant}))
	bareURL, _ := testenv.Serve(t, bare)
	info, _ := json.Marshal(benchInfo{URL: h.url, BareURL: bareURL, Token: grant.GetToken(),
		Access: c.Tokens().Access, VideoID: v.id.String(), WWW: www})
	must(t, os.WriteFile(filepath.Join(dir, "info.json"), info, 0o644))
	if path := os.Getenv("PLAYBACK_BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		must(t, err)
		must(t, pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // serve until the benchmark closes our stdin
}

// bareAuthorize answers Authorize with a fixed grant and does nothing else.
type bareAuthorize struct{ grant *playbackv1.Grant }

func (b bareAuthorize) Authorize(context.Context, *connect.Request[playbackv1.AuthorizeRequest]) (*connect.Response[playbackv1.AuthorizeResponse], error) {
	return connect.NewResponse(&playbackv1.AuthorizeResponse{Grant: b.grant}), nil
}

func (b bareAuthorize) Renew(context.Context, *connect.Request[playbackv1.RenewRequest]) (*connect.Response[playbackv1.RenewResponse], error) {
	return connect.NewResponse(&playbackv1.RenewResponse{Grant: b.grant}), nil
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var bench struct {
	once  sync.Once
	info  benchInfo
	nginx string
	err   error
	stop  []func() // run by TestMain after the benchmarks
	pid   int      // the StreamGate server process
	npid  int      // the nginx master (its worker is its child)
}

// serverCPU is the user and system CPU time the server process has used
// so far (from /proc, in clock ticks of 10 ms), or 0 when unknown.
func serverCPU() time.Duration { return processCPU(bench.pid) }

// nginxCPU is serverCPU for nginx: its master and its worker.
func nginxCPU() time.Duration {
	if bench.npid == 0 {
		return 0
	}
	total := processCPU(bench.npid)
	kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", bench.npid, bench.npid))
	for _, k := range strings.Fields(string(kids)) {
		if pid, err := strconv.Atoi(k); err == nil {
			total += processCPU(pid)
		}
	}
	return total
}

func processCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command name; utime and stime are
	// the 14th and 15th of the whole line.
	rest := string(raw[strings.LastIndexByte(string(raw), ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(ut+st) * 10 * time.Millisecond
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, stop := range bench.stop {
		stop()
	}
	os.Exit(code)
}

// benchServers starts StreamGate and nginx on CPU 0, once per process.
func benchServers(b *testing.B) (benchInfo, string) {
	b.Helper()
	bench.once.Do(func() { bench.info, bench.nginx, bench.err = startBenchServers() })
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.info, bench.nginx
}

func pinned(name string, args ...string) *exec.Cmd {
	if _, err := exec.LookPath("taskset"); err == nil {
		return exec.Command("taskset", append([]string{"-c", "0", name}, args...)...)
	}
	return exec.Command(name, args...)
}

func startBenchServers() (benchInfo, string, error) {
	var info benchInfo
	dir, err := os.MkdirTemp("", "playback-bench-")
	if err != nil {
		return info, "", err
	}
	srv := pinned(os.Args[0], "-test.run", "^TestBenchServer$", "-test.count", "1", "-test.timeout", "0")
	srv.Env = append(os.Environ(), "PLAYBACK_BENCH_DIR="+dir)
	srv.Stderr = os.Stderr
	// The server runs until its stdin closes: with this process.
	stdin, err := srv.StdinPipe()
	if err != nil {
		return info, "", err
	}
	if err := srv.Start(); err != nil {
		return info, "", err
	}
	bench.pid = srv.Process.Pid // taskset execs the server in its own process
	bench.stop = append(bench.stop, func() {
		stdin.Close()
		_ = srv.Wait()
		_ = os.RemoveAll(dir)
	})
	for i := 0; ; i++ {
		data, err := os.ReadFile(filepath.Join(dir, "info.json"))
		if err == nil && json.Unmarshal(data, &info) == nil {
			break
		}
		if i > 600 {
			return info, "", fmt.Errorf("the bench server did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}
	nginx, err := startNginx(dir, info.WWW)
	return info, nginx, err
}

// startNginx serves www on a free port: one worker, sendfile, no logs,
// the same content types and cache headers as /play.
func startNginx(dir, www string) (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	l.Close()
	conf := fmt.Sprintf(`worker_processes 1;
daemon off;
user root;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx.err;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path %[1]s/tmp;
  types { video/mp2t ts; application/vnd.apple.mpegurl m3u8; }
  server {
    listen %[2]s;
    root %[3]s;
    location ~ \.ts$ { add_header Cache-Control "public, max-age=86400, immutable"; }
    location ~ \.m3u8$ { add_header Cache-Control "no-store"; }
  }
}
`, dir, addr, www)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return "", err
	}
	cmd := pinned("nginx", "-c", confPath, "-p", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("nginx (apt-get install nginx-light): %w", err)
	}
	bench.npid = cmd.Process.Pid // taskset execs nginx in its own process
	bench.stop = append(bench.stop, func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT) // the master stops its worker
		_ = cmd.Wait()
	})
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "", fmt.Errorf("nginx did not listen on %s", addr)
}

func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
}

const benchParallelism = 4

// getLoop fetches url in parallel and fails on anything but 200.
func getLoop(b *testing.B, url string, size int64) {
	client := benchClient()
	if size > 0 {
		b.SetBytes(size)
	}
	b.SetParallelism(benchParallelism)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := client.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			n, _ := io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || size > 0 && n != size {
				b.Errorf("%s: status %d, %d bytes", url, res.StatusCode, n)
				return
			}
		}
	})
}

// ratio runs base then ours as sub-benchmarks and logs ours/base in
// operations per second. baseCPU is the baseline server's CPU clock
// (nginxCPU), or nil when it has none of its own to read.
func ratio(b *testing.B, what string, target float64, baseCPU func() time.Duration, base, ours func(b *testing.B)) {
	var nsBase, nsOurs, cpuBase, cpuOurs float64
	// timed runs f and returns wall and server CPU nanoseconds per op:
	// the server process's own CPU time is steadier than wall time on a
	// shared machine (PostgreSQL, Redis and S3 are other processes and
	// not counted).
	timed := func(b *testing.B, f func(*testing.B), clock func() time.Duration) (float64, float64) {
		if clock == nil {
			clock = func() time.Duration { return 0 }
		}
		start, cpu := time.Now(), clock()
		f(b)
		ns := float64(time.Since(start).Nanoseconds()) / float64(b.N)
		if used := clock() - cpu; used > 0 {
			perOp := float64(used.Nanoseconds()) / float64(b.N)
			b.ReportMetric(perOp, "server-cpu-ns/op")
			return ns, perOp
		}
		return ns, 0
	}
	b.Run("baseline", func(b *testing.B) { nsBase, cpuBase = timed(b, base, baseCPU) })
	b.Run("streamgate", func(b *testing.B) { nsOurs, cpuOurs = timed(b, ours, serverCPU) })
	if nsOurs > 0 {
		// Printed, not logged: go test shows a parent benchmark's log only
		// with -v.
		fmt.Printf("RATIO %s: streamgate/baseline = %.2fx (target at least %.1fx)\n", what, nsBase/nsOurs, target)
	}
	if cpuOurs > 0 && cpuBase > 0 {
		fmt.Printf("RATIO %s, by server CPU per request: %.2fx; load average %s\n", what, cpuBase/cpuOurs, loadAverage())
	}
}

// loadAverage is the machine's 1, 5 and 15 minute load average.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(raw))
	if err != nil || len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func BenchmarkSegmentGET(b *testing.B) {
	info, nginx := benchServers(b)
	ratio(b, "segment GET bytes/s vs nginx", 0.8, nginxCPU,
		func(b *testing.B) { getLoop(b, nginx+"/seg_big.ts", benchSegmentSize) },
		func(b *testing.B) {
			getLoop(b, info.URL+"/play/"+info.Token+"/"+rung+"/seg_big.ts", benchSegmentSize)
		})
}

func BenchmarkPlaylistGET(b *testing.B) {
	info, nginx := benchServers(b)
	ratio(b, "playlist GET requests/s vs nginx", 0.8, nginxCPU,
		func(b *testing.B) { getLoop(b, nginx+"/index.m3u8", 0) },
		func(b *testing.B) { getLoop(b, info.URL+"/play/"+info.Token+"/"+rung+"/index.m3u8", 0) })
}

func BenchmarkAuthorize(b *testing.B) {
	info, _ := benchServers(b)
	call := func(url string) func(b *testing.B) {
		return func(b *testing.B) {
			client := playbackv1connect.NewPlaybackServiceClient(benchClient(), url)
			b.SetParallelism(benchParallelism)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := connect.NewRequest(&playbackv1.AuthorizeRequest{VideoId: info.VideoID})
					req.Header().Set("Authorization", "Bearer "+info.Access)
					res, err := client.Authorize(context.Background(), req)
					if err != nil || !strings.Contains(res.Msg.GetGrant().GetPlaybackUrl(), "/play/") {
						b.Errorf("authorize: %v", err)
						return
					}
				}
			})
		}
	}
	ratio(b, "Authorize calls/s vs a bare Connect handler", 0.7, nil, call(info.BareURL), call(info.URL))
}

// BenchmarkKeyGET fetches the HLS key, which reads the database on every
// request (the key is not cached, and a wallet's token checks its session
// in the same query); nginx serves the same 16 bytes from disk.
func BenchmarkKeyGET(b *testing.B) {
	info, nginx := benchServers(b)
	ratio(b, "key GET requests/s vs nginx", 0.2, nginxCPU,
		func(b *testing.B) { getLoop(b, nginx+"/key", 16) },
		func(b *testing.B) { getLoop(b, info.URL+"/play/"+info.Token+"/key", 16) })
}
