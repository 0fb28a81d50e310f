package faulttest

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/rueidis"
	"github.com/rs/zerolog"

	"github.com/streamgate/streamgate/contracts/bindings"
	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/db"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/outage"
)

const workerToken = "faulttest-worker-token-0123456789"

// outages are the short deadlines and timeouts the tests run with, so a
// black-holed dependency costs seconds, not the production defaults.
func outages() outage.Config {
	c := outage.DefaultConfig()
	c.RPC, c.LongRPC, c.Play, c.RetryAfter = 3*time.Second, 5*time.Second, 3*time.Second, time.Second
	c.DBConnect, c.DBQuery = time.Second, 3*time.Second
	c.Redis, c.RedisRecheck = 500*time.Millisecond, 500*time.Millisecond
	c.S3 = time.Second
	return c
}

// env is a whole server whose dependencies are reached through proxies.
type env struct {
	t       *testing.T
	url     string
	h2c     *http.Client
	proxies map[string]*toxiproxy.Proxy

	creator, holder, stranger *streamgate.Client
	worker                    transcodev1connect.TranscodeServiceClient
	ungated, gated            uuid.UUID // public, ready; gated needs the NFT
	play                      string    // holder's playback URL of gated, issued before any fault
	created                   func(t *testing.T) uuid.UUID
	stage                     func(t *testing.T, name, body string)
}

// proxy starts a toxiproxy proxy to upstream on a free loopback port.
func proxy(t *testing.T, api *toxiproxy.ApiServer, name, upstream string) *toxiproxy.Proxy {
	t.Helper()
	p := toxiproxy.NewProxy(api, name, "127.0.0.1:0", upstream)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, proxies: map[string]*toxiproxy.Proxy{}}
	api := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())

	// The chain: a simulated EVM over JSON-RPC with an ERC-721 whose
	// token 1 the holder owns.
	creatorKey, holderKey, strangerKey := devnet.Key("creator"), devnet.Key("holder"), devnet.Key("stranger")
	ch, err := devnet.New(devnet.Options{ChainID: 31337, Addr: "127.0.0.1:0",
		Funded: []common.Address{devnet.Address(creatorKey), devnet.Address(holderKey), devnet.Address(strangerKey)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ch.Close() })
	nft := bindings.NewGateERC721()
	nftAddr, err := ch.Deploy(&bindings.GateERC721MetaData, nft.PackConstructor("Fault Pass", "FLT"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Send(nil, &bindings.GateERC721MetaData, nftAddr, nft.PackMint(devnet.Address(holderKey), big.NewInt(1))); err != nil {
		t.Fatal(err)
	}

	direct := testenv.DB(t)
	pgCfg := direct.Config().ConnConfig
	s3Direct, bucket := testenv.S3(t)
	_, prefix := testenv.Redis(t)
	e.proxies["postgres"] = proxy(t, api, "postgres", fmt.Sprintf("%s:%d", pgCfg.Host, pgCfg.Port))
	e.proxies["redis"] = proxy(t, api, "redis", testenv.RedisAddr())
	e.proxies["s3"] = proxy(t, api, "s3", testenv.S3Endpoint())
	chainURL := strings.TrimPrefix(ch.URL, "http://")
	chainHost, chainPath, _ := strings.Cut(chainURL, "/")
	e.proxies["chain"] = proxy(t, api, "chain", chainHost)

	oc := outages()
	// The server's own clients, built the way cmd/streamgate builds them,
	// each dialing its proxy.
	pc, err := pgxpool.ParseConfig(testenv.DatabaseURL())
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(e.proxies["postgres"].Listen)
	pc.ConnConfig.Host, pc.ConnConfig.Database = host, pgCfg.Database
	p, _ := strconv.Atoi(port)
	pc.ConnConfig.Port, pc.MaxConns = uint16(p), 10
	pc.ConnConfig.Fallbacks = nil
	db.ConfigurePool(pc)
	oc.Pool(pc)
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	rdb, err := rueidis.NewClient(oc.RedisOption(rueidis.ClientOption{InitAddress: []string{e.proxies["redis"].Listen}}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rdb.Close)
	access, secret := testenv.S3Keys()
	s3, err := oc.S3Client(e.proxies["s3"].Listen, minio.Options{Creds: credentials.NewStaticV4(access, secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	chains := chain.DefaultConfig()
	chains.CallTimeout, chains.HealthInterval, chains.MaxHeadAge = time.Second, time.Second, 0
	chains.Chains = []chain.Spec{{ID: 31337, Endpoints: []string{"http://" + e.proxies["chain"].Listen + "/" + chainPath}}}
	log := slog.New(slog.DiscardHandler)
	reg, err := chain.New(ctx, chains, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)

	master := make([]byte, hlskey.MasterKeySize)
	_, _ = rand.Read(master)
	var srv *server.Server
	e.url, e.h2c = testenv.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	cfg := server.DefaultConfig()
	cfg.PublicURL, cfg.RedisPrefix, cfg.Outage = e.url, prefix, oc
	cfg.ContentKeys = hlskey.Config{MasterKey: master}
	a := &cfg.Svc.Auth
	a.Domain, a.URI, a.ChainIDs = strings.TrimPrefix(e.url, "http://"), e.url, []uint64{31337}
	a.RatePerIP, a.RatePerAddress = 100000, 100000
	cfg.Svc.Transcode.WorkerTokens = []string{workerToken}
	// Answers outlive the test: a "holds" cached before a fault is what
	// the gate may keep serving through it.
	cfg.Svc.Gate.PositiveTTL, cfg.Svc.Gate.CheckTimeout = 10*time.Minute, 2*time.Second
	// Every video row read has expired by the next request: /play during a
	// database outage takes the stale-row path, not a fresh cache hit.
	cfg.Svc.Playback.VideoCacheTTL = time.Millisecond
	srv, err = server.New(cfg, server.Deps{
		Log: log, Store: db.NewStore(pool).WithQueryTimeout(oc.DBQuery), Redis: rdb, S3: s3, Bucket: bucket, Chains: reg,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)

	e.creator = e.signIn(creatorKey)
	e.holder = e.signIn(holderKey)
	e.stranger = e.signIn(strangerKey)
	e.worker = transcodev1connect.NewTranscodeServiceClient(e.h2c, e.url, connect.WithInterceptors(testenv.Bearer(workerToken)))
	keys, err := hlskey.New(hlskey.Config{MasterKey: master}, db.NewStore(direct).Queries)
	if err != nil {
		t.Fatal(err)
	}
	e.ungated = readyVideo(t, direct, s3Direct, bucket, keys, devnet.Address(creatorKey))
	e.gated = readyVideo(t, direct, s3Direct, bucket, keys, devnet.Address(creatorKey))
	rule := &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
		ChainId: 31337, Contract: strings.ToLower(nftAddr.Hex()), Standard: gatev1.Standard_STANDARD_ERC721}}}
	if _, err := e.creator.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: e.gated.String(), Rule: rule})); err != nil {
		t.Fatalf("set rule: %v", err)
	}
	e.stage = func(t *testing.T, name, body string) {
		prefix := "videos/" + e.gated.String() + "/hls/"
		if _, err := s3Direct.PutObject(ctx, bucket, prefix+name, strings.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	e.created = func(t *testing.T) uuid.UUID {
		res, err := e.creator.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{Title: "fault", Visibility: videov1.Visibility_VISIBILITY_PUBLIC}))
		if err != nil {
			t.Fatalf("create video: %v", err)
		}
		return uuid.MustParse(res.Msg.GetVideo().GetId())
	}
	// A viewer's state before the fault: a "holds" answer cached, a
	// playback URL issued, the master playlist fetched.
	if r := authorize(ctx, e); !r.ok() {
		t.Fatalf("authorize before faults: %s", r)
	}
	return e
}

func (e *env) signIn(key *ecdsa.PrivateKey) *streamgate.Client {
	e.t.Helper()
	c := streamgate.New(e.url, streamgate.WithHTTPClient(e.h2c))
	if _, err := c.SignIn(e.t.Context(), streamgate.NewKeySigner(key), 31337); err != nil {
		e.t.Fatalf("sign in: %v", err)
	}
	return c
}

// readyVideo inserts a public, ready video with a key and a tiny HLS
// ladder in S3, as a finished transcode leaves it.
func readyVideo(t *testing.T, pool *testenv.Pool, s3 *minio.Client, bucket string, keys *hlskey.Store, owner common.Address) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	id := uuid.New()
	prefix := "videos/" + id.String() + "/hls/"
	if _, err := pool.Exec(ctx, `INSERT INTO videos (id, owner_address, title, visibility, status, hls_prefix)
		VALUES ($1, $2, 'fault', 'public', 'ready', $3)`, id, strings.ToLower(owner.Hex()), prefix); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Ensure(ctx, id); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"master.m3u8":     "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=150000\n120p/index.m3u8\n",
		"120p/index.m3u8": "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg_000.ts\n#EXT-X-ENDLIST\n",
		"120p/seg_000.ts": strings.Repeat("\x47", 188*64),
	}
	for name, body := range files {
		if _, err := s3.PutObject(ctx, bucket, prefix+name, strings.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return id
}
