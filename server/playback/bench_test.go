package playback_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"

	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/internal/benchreport"
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
//
// The StreamGate server spools segments on disk (--playback-spool-dir,
// as the playback role is meant to run); PLAYBACK_BENCH_SPOOL=0 serves
// them from memory instead.
//
// PLAYBACK_BENCH_TRACING=0.1 runs the StreamGate server traced as
// production would be with OTEL_TRACES_SAMPLER=parentbased_traceidratio
// and that ratio, exporting over OTLP/HTTP to a receiver in the benchmark
// process (which discards the spans): run the same binary with and
// without it to measure what tracing costs.

const benchSegmentSize = 2 << 20

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var bench struct {
	once  sync.Once
	info  benchInfo
	bare  string // the bare Connect handler's URL
	nginx string
	err   error
	stop  []func() // run by TestMain after the benchmarks
	pid   int      // the StreamGate server process
	bpid  int      // the bare Connect handler's process
	npid  int      // the nginx master (its worker is its child)
}

// treeCPU is processCPU of pid and its direct children (nginx's master
// and its worker).
func treeCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	total := processCPU(pid)
	kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	for _, k := range strings.Fields(string(kids)) {
		if c, err := strconv.Atoi(k); err == nil {
			total += processCPU(c)
		}
	}
	return total
}

// processCPU is the user and system CPU time process pid has used so far
// (from /proc, in clock ticks of 10 ms), or 0 when unknown.
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
	for i := len(bench.stop) - 1; i >= 0; i-- {
		bench.stop[i]()
	}
	os.Exit(code)
}

// benchServers starts StreamGate, the bare Connect handler and nginx on
// CPU 0, once per process.
func benchServers(b *testing.B) benchInfo {
	b.Helper()
	bench.once.Do(func() { bench.err = startBenchServers() })
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.info
}

// serverCPU is the CPU every server process runs on.
func serverCPU() string {
	if c := os.Getenv("PLAYBACK_BENCH_SERVER_CPU"); c != "" {
		return c
	}
	return "0"
}

func pinned(name string, args ...string) *exec.Cmd {
	if _, err := exec.LookPath("taskset"); err == nil {
		return exec.Command("taskset", append([]string{"-c", serverCPU(), name}, args...)...)
	}
	return exec.Command(name, args...)
}

// child starts this test binary running test on the server CPU, with
// env, and waits until it has written file into dir (JSON, into into).
// It runs until its stdin closes: at the end of TestMain, or with this
// process.
func child(test, dir, file string, into any, env ...string) (int, error) {
	srv := pinned(os.Args[0], "-test.run", "^"+test+"$", "-test.count", "1", "-test.timeout", "0")
	srv.Env = append(os.Environ(), env...)
	srv.Stderr = os.Stderr
	stdin, err := srv.StdinPipe()
	if err != nil {
		return 0, err
	}
	if err := srv.Start(); err != nil {
		return 0, err
	}
	bench.stop = append(bench.stop, func() {
		stdin.Close()
		_ = srv.Wait()
	})
	for i := 0; ; i++ {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err == nil && json.Unmarshal(data, into) == nil {
			break
		}
		if i > 600 {
			return 0, fmt.Errorf("%s did not start", test)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return srv.Process.Pid, nil // taskset execs the server in its own process
}

func startBenchServers() error {
	dir, err := os.MkdirTemp("", "playback-bench-")
	if err != nil {
		return err
	}
	bench.stop = append(bench.stop, func() { _ = os.RemoveAll(dir) })
	env := []string{"PLAYBACK_BENCH_DIR=" + dir}
	var stopSink func()
	if os.Getenv("PLAYBACK_BENCH_TRACING") != "" {
		var url string
		if url, stopSink, err = otlpSink(); err != nil {
			return err
		}
		env = append(env, "PLAYBACK_BENCH_OTLP="+url)
	}
	bench.pid, err = child("TestBenchServer", dir, "info.json", &bench.info, env...)
	if stopSink != nil {
		bench.stop = append(bench.stop, stopSink) // after the server's last export
	}
	if err != nil {
		return err
	}
	var bare bareInfo
	if bench.bpid, err = child("TestBenchBareServer", dir, "bare.json", &bare, "PLAYBACK_BENCH_BARE_DIR="+dir); err != nil {
		return err
	}
	bench.bare = bare.URL
	bench.nginx, err = startNginx(dir, bench.info.WWW)
	return err
}

// startNginx serves www on a free port at /play's own URLs
// (/play/{token}/[{rung}/]{file}, so both servers parse the same request
// line and the client formats the same URL for both): one worker,
// sendfile, no logs, and the headers /play sends (content type, cache,
// CORS, a request id).
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
  map $uri $cache_control { ~\.ts$ "public, max-age=86400, immutable"; default "no-store"; }
  server {
    listen %[2]s;
    # StreamGate's URLs and headers: the token in the path, the file
    # after it, CORS and a request id on every answer.
    location ~ ^/play/[^/]+/(?:[^/]+/)?(?<file>[^/]+)$ {
      alias %[3]s/$file;
      add_header Cache-Control $cache_control;
      add_header Access-Control-Allow-Origin "*";
      add_header Access-Control-Expose-Headers "Content-Length, Content-Range, Accept-Ranges, ETag";
      add_header Timing-Allow-Origin "*";
      add_header X-Request-Id $request_id;
    }
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

// getOp fetches url once and fails on anything but 200 (and, when size
// is set, size bytes).
func getOp(url string, size int64) func() error {
	client := benchClient()
	return func() error {
		res, err := client.Get(url)
		if err != nil {
			return err
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || size > 0 && n != size {
			return fmt.Errorf("%s: status %d, %d bytes", url, res.StatusCode, n)
		}
		return nil
	}
}

// loop runs op b.N times from benchParallelism goroutines per core.
func loop(b *testing.B, size int64, op func() error) {
	if size > 0 {
		b.SetBytes(size)
	}
	b.SetParallelism(benchParallelism)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := op(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// warm runs op n times, as loop would, untimed: connections opened, the
// servers' caches and the Go runtime warm before anything is timed.
func warm(b *testing.B, n int, op func() error) {
	var wg sync.WaitGroup
	var failed sync.Once
	per := n / benchParallelism
	for range benchParallelism {
		wg.Go(func() {
			for range per {
				if err := op(); err != nil {
					failed.Do(func() { b.Error(err) })
					return
				}
			}
		})
	}
	wg.Wait()
}

// benchRounds is how many times each side of a pair is timed, alternating
// which goes first, so that a change in the machine's load falls on both.
const benchRounds = 4

// ratio times base and ours (one operation each) alternately, as
// sub-benchmarks named baseline and streamgate, after a warm-up of both
// and a GC of this process before each, and prints the rate of ours
// against base (operations or bytes per second) with the load average
// (internal/benchreport).
func ratio(b *testing.B, what string, target float64, size int64, baseName string, basePID int, base, ours func() error) {
	n := 400
	if size > 1<<20 {
		n = 40 // segments: 80 MiB a side is warm enough
	}
	warm(b, n, base)
	warm(b, n, ours)
	var nsBase, nsOurs, cpuBase, cpuOurs float64
	var nBase, nOurs int
	run := func(name string, pid int, op func() error, ns, cpu *float64, count *int) {
		b.Run(name, func(b *testing.B) {
			benchreport.Settle()
			start, used := time.Now(), treeCPU(pid)
			loop(b, size, op)
			elapsed := time.Since(start)
			// The server process's own CPU time per operation: steadier
			// than wall time on a shared machine (PostgreSQL, Redis and S3
			// are other processes and not counted).
			if cpu0 := used; cpu0 > 0 {
				if d := treeCPU(pid) - cpu0; d > 0 {
					b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "server-cpu-ns/op")
					*cpu += float64(d.Nanoseconds())
				}
			}
			*ns += float64(elapsed.Nanoseconds())
			*count += b.N
		})
	}
	for r := range benchRounds {
		if r%2 == 0 {
			run("baseline", basePID, base, &nsBase, &cpuBase, &nBase)
			run("streamgate", bench.pid, ours, &nsOurs, &cpuOurs, &nOurs)
		} else {
			run("streamgate", bench.pid, ours, &nsOurs, &cpuOurs, &nOurs)
			run("baseline", basePID, base, &nsBase, &cpuBase, &nBase)
		}
	}
	if nBase == 0 || nOurs == 0 || nsOurs == 0 {
		return // a -bench filter ran one side only
	}
	perBase, perOurs := nsBase/float64(nBase), nsOurs/float64(nOurs)
	side := func(name string, per, cpu float64, n int) string {
		s := fmt.Sprintf("%s %s", name, rate(per, size))
		if cpu > 0 {
			s += fmt.Sprintf(" (server CPU %.1f µs/op)", cpu/float64(n)/1e3)
		}
		return s
	}
	benchreport.Print(benchreport.Figure{
		Path:       what,
		Baseline:   side(baseName, perBase, cpuBase, nBase),
		StreamGate: side("StreamGate", perOurs, cpuOurs, nOurs),
		Ratio:      perBase / perOurs,
		Target:     target,
	})
}

// rate formats one side's throughput from its wall time per operation.
func rate(nsPerOp float64, size int64) string {
	if size > 0 {
		return fmt.Sprintf("%.0f MB/s", float64(size)/nsPerOp*1e3)
	}
	return fmt.Sprintf("%.1f µs/op", nsPerOp/1e3)
}

func BenchmarkSegmentGET(b *testing.B) {
	info := benchServers(b)
	ratio(b, "/play segment GET (2 MiB, cached) vs nginx, bytes/s", 0.8, benchSegmentSize, "nginx", bench.npid,
		getOp(bench.nginx+"/play/"+info.Token+"/"+rung+"/seg_big.ts", benchSegmentSize),
		getOp(info.URL+"/play/"+info.Token+"/"+rung+"/seg_big.ts", benchSegmentSize))
}

func BenchmarkPlaylistGET(b *testing.B) {
	info := benchServers(b)
	ratio(b, "media playlist GET vs nginx, requests/s", 0.8, 0, "nginx", bench.npid,
		getOp(bench.nginx+"/play/"+info.Token+"/"+rung+"/index.m3u8", 0),
		getOp(info.URL+"/play/"+info.Token+"/"+rung+"/index.m3u8", 0))
}

// authorizeOp calls Authorize at url once, as the video's viewer.
func authorizeOp(url string, info benchInfo) func() error {
	client := playbackv1connect.NewPlaybackServiceClient(benchClient(), url)
	return func() error {
		req := connect.NewRequest(&playbackv1.AuthorizeRequest{VideoId: info.VideoID})
		req.Header().Set("Authorization", "Bearer "+info.Access)
		res, err := client.Authorize(context.Background(), req)
		if err != nil {
			return fmt.Errorf("authorize: %w", err)
		}
		if !strings.Contains(res.Msg.GetGrant().GetPlaybackUrl(), "/play/") {
			return fmt.Errorf("authorize: no playback URL in %v", res.Msg)
		}
		return nil
	}
}

// BenchmarkAuthorize: a holder of a gated video (the gate's answer and
// the session cached) against the bare Connect handler of its own process
// (TestBenchBareServer), both on the server CPU.
func BenchmarkAuthorize(b *testing.B) {
	info := benchServers(b)
	ratio(b, "Authorize (holder, cached) vs a bare Connect handler, calls/s", 0.7, 0, "bare handler", bench.bpid,
		authorizeOp(bench.bare, info), authorizeOp(info.URL, info))
}

// BenchmarkKeyGET fetches the HLS key, which reads the database on every
// request (the key is not cached, and a wallet's token checks its session
// in the same query); nginx serves the same 16 bytes from disk.
func BenchmarkKeyGET(b *testing.B) {
	info := benchServers(b)
	ratio(b, "key GET vs nginx, requests/s", 0.2, 16, "nginx", bench.npid,
		getOp(bench.nginx+"/play/"+info.Token+"/key", 16),
		getOp(info.URL+"/play/"+info.Token+"/key", 16))
}
