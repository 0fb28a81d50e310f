package testenv

import (
	"context"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/rueidis"
)

// RedisCluster starts a Redis Cluster of three masters (no replicas) of
// the test's own from Debian's redis-server, each on a free port with its
// own directory, joined by `redis-cli --cluster create`, and stops it when
// the test ends. It returns the nodes' addresses.
func RedisCluster(t testing.TB) []string {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatalf("testenv: redis-server not found (run make test, or scripts/stack.sh up): %v", err)
	}
	var addrs []string
	for range 3 {
		port := clusterPort(t)
		dir := t.TempDir()
		addr := "127.0.0.1:" + strconv.Itoa(port)
		cmd := exec.Command("redis-server", "--bind", "127.0.0.1", "--port", strconv.Itoa(port),
			"--cluster-enabled", "yes", "--cluster-config-file", dir+"/nodes.conf",
			"--cluster-node-timeout", "5000", "--dir", dir, "--save", "", "--appendonly", "no",
			"--logfile", dir+"/redis.log")
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with the test binary
		if err := cmd.Start(); err != nil {
			t.Fatalf("testenv: start redis-server: %v", err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
		waitListening(t, addr)
		addrs = append(addrs, addr)
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("testenv: redis-cli --cluster create: %v\n%s", err, out)
	}
	waitClusterOK(t, addrs)
	return addrs
}

// RedisClusterClient returns a client of the cluster at addrs, closed
// when the test ends.
func RedisClusterClient(t testing.TB, addrs []string) rueidis.Client {
	t.Helper()
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: addrs})
	if err != nil {
		t.Fatalf("testenv: redis cluster at %v: %v", addrs, err)
	}
	t.Cleanup(c.Close)
	return c
}

// clusterPort finds a free port whose cluster bus port (+10000) is free too.
func clusterPort(t testing.TB) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if port+10000 > 65535 {
			continue
		}
		bus, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+10000))
		if err != nil {
			continue
		}
		bus.Close()
		return port
	}
	t.Fatal("testenv: no free port pair for a Redis Cluster node")
	return 0
}

func waitListening(t testing.TB, addr string) {
	t.Helper()
	for range 200 {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("testenv: redis-server did not listen on %s", addr)
}

// waitClusterOK waits until every node reports cluster_state:ok, so
// clients see all 16384 slots served.
func waitClusterOK(t testing.TB, addrs []string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for _, addr := range addrs {
		host, port, _ := net.SplitHostPort(addr)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			out, err := exec.CommandContext(ctx, "redis-cli", "-h", host, "-p", port, "cluster", "info").Output()
			cancel()
			if err == nil && strings.Contains(string(out), "cluster_state:ok") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("testenv: redis cluster node %s not ok after a minute: %v %s", addr, err, out)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
}
