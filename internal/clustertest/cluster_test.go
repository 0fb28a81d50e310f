package clustertest

import (
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/internal/testenv"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// cluster is everything the test started.
type cluster struct {
	t        *testing.T
	pg       *postgres
	s3       *minio.Client
	bucket   string
	h1, h2   string // nginx: HTTP/1.1 and h2c base URLs
	servers  map[string]*proc
	direct   map[string]string // role -> base URL of that server, past nginx
	workers  []*proc
	chain    *devnet.Chain
	chainID  uint64
	nft      common.Address
	slowRPC  atomic.Bool // eth_call takes 300 ms while set
	rpcCalls atomic.Int64
}

const (
	workerToken = "clustertest-worker-token-0123456789"
	sessionTTL  = time.Second // --auth-session-cache: how long a revoked session may still pass
)

// roles are the servers: three split and one hosting everything.
var roles = map[string]string{
	"api":       "auth,video,upload,gate",
	"playback":  "playback",
	"transcode": "transcode",
	"all":       "",
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	c := &cluster{t: t, servers: map[string]*proc{}, direct: map[string]string{}}
	bin := buildBinaries(t)
	c.pg = startPostgres(t)
	redis := testenv.RedisCluster(t)
	c.s3, c.bucket = testenv.S3(t)
	c.startChain(t)
	rpc := testenv.RPCProxy(t, c.chain.URL, func(r *http.Request, body []byte) bool {
		if strings.Contains(string(body), `"eth_call"`) {
			c.rpcCalls.Add(1)
			if c.slowRPC.Load() {
				select {
				case <-time.After(300 * time.Millisecond):
				case <-r.Context().Done():
					return false
				}
			}
		}
		return true
	})

	h1Port, h2Port := freePort(t), freePort(t)
	c.h1, c.h2 = fmt.Sprintf("http://127.0.0.1:%d", h1Port), fmt.Sprintf("http://127.0.0.1:%d", h2Port)
	access, secret := testenv.S3Keys()
	env := append(os.Environ(),
		"STREAMGATE_DATABASE_URL="+c.pg.url(),
		"STREAMGATE_DB_MAX_CONNS=15",
		"STREAMGATE_REDIS_ADDR="+strings.Join(redis, ","),
		"STREAMGATE_REDIS_PREFIX=sgc:",
		"STREAMGATE_S3_ENDPOINT="+testenv.S3Endpoint(),
		"STREAMGATE_S3_ACCESS_KEY="+access,
		"STREAMGATE_S3_SECRET_KEY="+secret,
		"STREAMGATE_S3_BUCKET="+c.bucket,
		"STREAMGATE_PUBLIC_URL="+c.h1,
		"STREAMGATE_AUTH_SIGNING_KEYS=cluster-1="+randomB64(t),
		"STREAMGATE_KEY_MASTER="+randomB64(t),
		"STREAMGATE_WORKER_TOKENS="+workerToken,
		fmt.Sprintf("STREAMGATE_CHAIN_RPC=%d=%s", c.chainID, rpc),
		"STREAMGATE_CHAIN_MAX_HEAD_AGE=0s",
		fmt.Sprintf("STREAMGATE_AUTH_CHAIN_IDS=%d", c.chainID),
		"STREAMGATE_AUTH_RATE_PER_IP=100000",
		"STREAMGATE_AUTH_RATE_PER_ADDRESS=1000",
		"STREAMGATE_AUTH_SESSION_CACHE="+sessionTTL.String(),
		"STREAMGATE_GATE_POSITIVE_TTL=1s",
		"STREAMGATE_GATE_NEGATIVE_TTL=1s",
		"STREAMGATE_TRANSCODE_LEASE=6s",
		"STREAMGATE_TRANSCODE_RESCUE_INTERVAL=1s",
		"STREAMGATE_TRANSCODE_POLL_INTERVAL=1s",
		"STREAMGATE_TRANSCODE_BACKOFF=1s",
		"STREAMGATE_OBJECT_SWEEP_INTERVAL=1s",
		"STREAMGATE_UPLOAD_PART_BYTES=5242880",
		"STREAMGATE_UPLOAD_VERIFY_STALE=15s", // a completion (or a CreateUpload) cut by a kill is taken over (aborted) after this
		"STREAMGATE_UPLOAD_SWEEP_INTERVAL=1s",
		"STREAMGATE_SHUTDOWN_TIMEOUT=5s",
		"STREAMGATE_LOG_LEVEL=info",
	)
	migrate := exec.Command(filepath.Join(bin, "streamgate"), "migrate")
	migrate.Env = env
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("streamgate migrate: %v\n%s", err, out)
	}
	backends := map[string]string{}
	for role, services := range roles {
		addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
		backends[role] = addr
		c.direct[role] = "http://" + addr
		e := append(append([]string{}, env...), "STREAMGATE_ADDR="+addr)
		if services != "" {
			e = append(e, "STREAMGATE_SERVICES="+services)
		}
		c.servers[role] = newProc(t, "server "+role, filepath.Join(bin, "streamgate"), []string{"serve"}, e)
	}
	for role := range roles {
		c.serverReady(role)
	}
	startNginx(t, h1Port, h2Port, backends)
	for i := range 3 {
		c.workers = append(c.workers, newProc(t, fmt.Sprintf("worker %d", i), filepath.Join(bin, "transcoder"), nil, append(os.Environ(),
			"STREAMGATE_TRANSCODER_SERVER_URL="+c.h1,
			"STREAMGATE_TRANSCODER_WORKER_TOKEN="+workerToken,
			fmt.Sprintf("STREAMGATE_TRANSCODER_WORKER_ID=cluster-worker-%d", i),
			"STREAMGATE_TRANSCODER_WORK_DIR="+t.TempDir(),
			"STREAMGATE_TRANSCODER_CLAIM_WAIT=2s",
			"STREAMGATE_TRANSCODER_LADDER=120p:120:150",
			"STREAMGATE_TRANSCODER_PRESET=ultrafast",
		)))
	}
	t.Cleanup(func() {
		if t.Failed() {
			for role, p := range c.servers {
				t.Logf("server %s output (tail):\n%s", role, tail(p.out.String(), 60))
			}
			for i, p := range c.workers {
				t.Logf("worker %d output (tail):\n%s", i, tail(p.out.String(), 30))
			}
		}
	})
	return c
}

// serverReady waits for a server's /readyz.
func (c *cluster) serverReady(role string) {
	c.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := http.Get(c.direct[role] + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("server %s never became ready: %v\n%s", role, err, tail(c.servers[role].out.String(), 40))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// killServer SIGKILLs a server, then starts it again (as an orchestrator
// would) and waits until it is ready.
func (c *cluster) killServer(role string) {
	c.t.Helper()
	c.servers[role].kill()
	c.t.Logf("SIGKILLed server %s", role)
	time.Sleep(500 * time.Millisecond)
	c.servers[role].start(c.t)
	c.serverReady(role)
}

func (c *cluster) startChain(t *testing.T) {
	t.Helper()
	ch, err := devnet.New(devnet.Options{ChainID: 31337, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ch.Close() })
	c.chain, c.chainID = ch, ch.ChainID.Uint64()
	nft := bindings.NewGateERC721()
	c.nft, err = ch.Deploy(&bindings.GateERC721MetaData, nft.PackConstructor("Cluster Pass", "CLP"))
	if err != nil {
		t.Fatal(err)
	}
}

// mint gives each key one token of the NFT.
func (c *cluster) mint(keys []*ecdsa.PrivateKey) {
	c.t.Helper()
	nft := bindings.NewGateERC721()
	for i, k := range keys {
		if err := c.chain.Send(nil, &bindings.GateERC721MetaData, c.nft, nft.PackMint(devnet.Address(k), big.NewInt(int64(i+1)))); err != nil {
			c.t.Fatal(err)
		}
	}
}

// connectClient speaks Connect over HTTP/1.1 through nginx.
func (c *cluster) connectClient() *streamgate.Client {
	return streamgate.New(c.h1, streamgate.WithHTTPClient(testenv.HTTP1Client()))
}

// grpcClient speaks gRPC over h2c through nginx; sign-in messages name
// the public URL, which is nginx's HTTP/1.1 port.
func (c *cluster) grpcClient() *streamgate.Client {
	return streamgate.New(c.h2, streamgate.WithProtocol(streamgate.ProtocolGRPC),
		streamgate.WithHTTPClient(testenv.H2CClient()), streamgate.WithSignInOrigin(c.h1))
}

// directClient calls one server past nginx.
func (c *cluster) directClient(role string) *streamgate.Client {
	return streamgate.New(c.direct[role], streamgate.WithHTTPClient(testenv.HTTP1Client()), streamgate.WithSignInOrigin(c.h1))
}

func buildBinaries(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+"/", "./cmd/streamgate", "./cmd/transcoder")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func randomB64(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// errs counts the transient errors clients retried, by kind.
type errs struct {
	mu sync.Mutex
	m  map[string]int
}

func (e *errs) add(kind string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil {
		e.m = map[string]int{}
	}
	e.m[kind]++
}

func (e *errs) get(kind string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m[kind]
}

func (e *errs) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return fmt.Sprint(e.m)
}
