// Package teststack starts a whole StreamGate for end-to-end tests: every
// service on real PostgreSQL, Redis and S3 (internal/testenv), a simulated
// chain served over JSON-RPC with a demo ERC-721 whose token 1 belongs to
// Holder, and an in-process transcoder worker with a one-rung ladder.
package teststack

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/cors"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/internal/tracing/pgxtrace"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/tokens"
	"github.com/streamgate/streamgate/server/upload"
	"github.com/streamgate/streamgate/transcoder"
)

// Stack is a running StreamGate.
type Stack struct {
	// URL is the server's base URL (h2c and HTTP/1.1).
	URL string
	// Chain is the simulated chain; ChainID its id.
	Chain   *devnet.Chain
	ChainID uint64
	// NFT is an ERC-721 whose token 1 is held by Holder.
	NFT common.Address
	// Creator, Holder and Stranger are funded wallets; only Holder holds
	// the NFT.
	Creator, Holder, Stranger *ecdsa.PrivateKey
	// Replicas are the base URLs of Options.Replicas more servers on the
	// same database, Redis prefix, bucket, chain and signing keys.
	Replicas []string
	// Pool is the servers' database.
	Pool *pgxpool.Pool
}

// Options shape a stack.
type Options struct {
	// CORSOrigins allowed to call from browsers.
	CORSOrigins []string
	// NoWorker starts no transcoder worker.
	NoWorker bool
	// Configure, when set, adjusts the server's config before it is built.
	Configure func(*server.Config)
	// BucketCORS are browser origins allowed to PUT upload parts
	// straight into the bucket.
	BucketCORS []string
	// ChainURL, when set, turns the chain's RPC URL into the one the
	// server dials (e.g. a proxy the test can stop).
	ChainURL func(string) string
	// Redis, when set, is the Redis the server uses (e.g. a Redis
	// Cluster's client) instead of the test Redis; keys go under a prefix
	// of the test's own.
	Redis rueidis.Client
	// Tracing and WorkerTracing, when set, trace the server (with its
	// database pool and S3 client) and the worker.
	Tracing, WorkerTracing *tracing.Provider
	// Replicas starts this many more servers beside the first, sharing
	// its state (Stack.Replicas): a wallet signs in on the first and uses
	// its tokens on any.
	Replicas int
}

// WorkerToken is the transcoder worker's token on every test stack.
const WorkerToken = "teststack-worker-token-0123456789"

// Start brings a stack up for the test and tears it down after.
func Start(t testing.TB, o Options) *Stack {
	t.Helper()
	s := &Stack{Creator: devnet.Key("creator"), Holder: devnet.Key("holder"), Stranger: devnet.Key("stranger")}
	s.startChain(t)
	// The handler is built once the URL is known: sign-in messages name
	// the server's domain.
	var h atomic.Pointer[http.Handler]
	s.URL, _ = testenv.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*h.Load()).ServeHTTP(w, r)
	}))
	sh := s.shared(t, o)
	handler := s.server(t, o, sh, s.URL)
	h.Store(&handler)
	for range o.Replicas {
		var rh atomic.Pointer[http.Handler]
		u, _ := testenv.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			(*rh.Load()).ServeHTTP(w, r)
		}))
		replica := s.server(t, o, sh, u)
		rh.Store(&replica)
		s.Replicas = append(s.Replicas, u)
	}
	if !o.NoWorker {
		s.worker(t, o)
	}
	return s
}

func (s *Stack) startChain(t testing.TB) {
	t.Helper()
	c, err := devnet.New(devnet.Options{
		ChainID: 31337, Addr: "127.0.0.1:0",
		Funded: []common.Address{devnet.Address(s.Creator), devnet.Address(s.Holder), devnet.Address(s.Stranger)},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	s.Chain, s.ChainID = c, c.ChainID.Uint64()
	nft := bindings.NewGateERC721()
	s.NFT, err = c.Deploy(&bindings.GateERC721MetaData, nft.PackConstructor("StreamGate Test Pass", "SGT"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(nil, &bindings.GateERC721MetaData, s.NFT, nft.PackMint(devnet.Address(s.Holder), big.NewInt(1))); err != nil {
		t.Fatal(err)
	}
}

// state is what every server of a stack shares.
type state struct {
	rdb    rueidis.Client
	prefix string
	s3     *minio.Client
	bucket string
	pool   *testenv.Pool
	keys   []tokens.Key
}

func (s *Stack) shared(t testing.TB, o Options) *state {
	t.Helper()
	sh := &state{}
	if o.Redis != nil {
		sh.rdb, sh.prefix = o.Redis, "sgt:"+testenv.ID()+":"
	} else {
		sh.rdb, sh.prefix = testenv.Redis(t)
	}
	sh.s3, sh.bucket = testenv.S3(t)
	sh.pool = testenv.DB(t)
	if o.Tracing.Enabled() {
		sh.pool, sh.s3 = traced(t, o.Tracing, sh.pool)
	}
	s.Pool = sh.pool
	if o.Replicas > 0 {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		sh.keys = []tokens.Key{{ID: "teststack", Private: priv}}
	}
	return sh
}

func (s *Stack) server(t testing.TB, o Options, sh *state, publicURL string) http.Handler {
	t.Helper()
	u, _ := url.Parse(s.URL)
	rdb, prefix, s3, bucket := sh.rdb, sh.prefix, sh.s3, sh.bucket
	if len(o.BucketCORS) > 0 {
		err := s3.SetBucketCors(context.Background(), bucket, &cors.Config{CORSRules: []cors.Rule{{
			AllowedOrigin: o.BucketCORS, AllowedMethod: []string{http.MethodPut},
			AllowedHeader: []string{"*"}, ExposeHeader: []string{"ETag"}, MaxAgeSeconds: 600,
		}}})
		if err != nil {
			t.Fatalf("set bucket CORS: %v", err)
		}
	}
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("TESTSTACK_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	cfg := server.DefaultConfig()
	cfg.CORSOrigins, cfg.PublicURL, cfg.RedisPrefix = o.CORSOrigins, publicURL, prefix
	a := &cfg.Svc.Auth
	a.Domain, a.URI, a.ChainIDs, a.Keys = u.Host, s.URL, []uint64{s.ChainID}, sh.keys
	a.RatePerIP, a.RatePerAddress, a.SessionCacheTTL = 10000, 10000, 0
	cfg.Svc.Upload.PartSize = upload.MinPartSize
	cfg.Svc.Transcode.WorkerTokens = []string{WorkerToken}
	cfg.Svc.Gate.PositiveTTL, cfg.Svc.Gate.NegativeTTL = time.Second, time.Second
	// The zero values these tests were written against: no playback row
	// or object cache, no head-age check on the idle dev chain.
	cfg.Svc.Playback.VideoCacheTTL, cfg.Svc.Playback.ObjectCacheBytes = 0, 0
	chains := chain.DefaultConfig()
	rpc := s.Chain.URL
	if o.ChainURL != nil {
		rpc = o.ChainURL(rpc)
	}
	chains.Chains, chains.MaxHeadAge = []chain.Spec{{ID: s.ChainID, Endpoints: []string{rpc}}}, 0
	if o.Configure != nil {
		o.Configure(&cfg)
	}
	reg, err := chain.New(context.Background(), chains, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	srv, err := server.New(cfg, server.Deps{
		Log: log, Store: db.NewStore(sh.pool), Redis: rdb, S3: s3, Bucket: bucket, Chains: reg, Tracing: o.Tracing,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// traced returns a pool on pool's database and an S3 client, both
// traced by tr, as cmd/streamgate builds them.
func traced(t testing.TB, tr *tracing.Provider, pool *testenv.Pool) (*testenv.Pool, *minio.Client) {
	t.Helper()
	pc := pool.Config()
	pc.ConnConfig.Tracer = pgxtrace.New(tr)
	tpool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tpool.Close)
	base, err := minio.DefaultTransport(false)
	if err != nil {
		t.Fatal(err)
	}
	access, secret := testenv.S3Keys()
	s3, err := minio.New(testenv.S3Endpoint(), &minio.Options{
		Creds: credentials.NewStaticV4(access, secret, ""), Transport: tracing.Transport(base, "s3"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tpool, s3
}

// worker runs a transcoder with a one-rung ladder until the test ends.
func (s *Stack) worker(t testing.TB, o Options) {
	t.Helper()
	profile := transcoder.DefaultProfile()
	profile.Rungs = []transcoder.Rung{{Name: "120p", Height: 120, VideoKbps: 150}}
	profile.Preset = "ultrafast"
	cfg := transcoder.DefaultConfig()
	cfg.ServerURL, cfg.Token, cfg.WorkerID, cfg.WorkDir = s.URL, WorkerToken, "teststack", t.TempDir()
	cfg.Profile, cfg.HTTPClient, cfg.Tracing = profile, testenv.HTTP1Client(), o.WorkerTracing
	w, err := transcoder.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = w.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// Transfer moves the NFT's token 1 from Holder to Stranger.
func (s *Stack) Transfer(t testing.TB) {
	t.Helper()
	nft := bindings.NewGateERC721()
	data := nft.PackTransferFrom(devnet.Address(s.Holder), devnet.Address(s.Stranger), big.NewInt(1))
	if err := s.Chain.Send(s.Holder, &bindings.GateERC721MetaData, s.NFT, data); err != nil {
		t.Fatal(err)
	}
}
