package auth_test

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"net/http"
	"testing"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/db"
	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/gen/streamgate/auth/v1/authv1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/auth"
)

// env is a server hosting the auth service on real PostgreSQL and Redis.
type env struct {
	url    string
	http   *http.Client
	client authv1connect.AuthServiceClient
	pool   *testenv.Pool
	cfg    auth.Config
	// scfg, rdb and prefix start another replica (replica).
	scfg   server.Config
	rdb    rueidis.Client
	prefix string
}

func start(t testing.TB, mutate func(*auth.Config), opts ...connect.ClientOption) *env {
	t.Helper()
	pool := testenv.DB(t)
	rdb, prefix := testenv.Redis(t)
	scfg := authOnly(prefix)
	if mutate != nil {
		mutate(&scfg.Svc.Auth)
	}
	e := &env{pool: pool, cfg: scfg.Svc.Auth, scfg: scfg, rdb: rdb, prefix: prefix}
	return e.replica(t, opts...)
}

// replica starts another server on e's database, Redis and config, as
// a second replica behind a load balancer would be.
func (e *env) replica(t testing.TB, opts ...connect.ClientOption) *env {
	t.Helper()
	srv, err := server.New(e.scfg, server.Deps{Log: slog.New(slog.DiscardHandler), Store: db.NewStore(e.pool), Redis: e.rdb})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	r := *e
	r.url, r.http = testenv.Serve(t, srv)
	r.client = newAuthClient(r.http, r.url, opts...)
	return &r
}

// authOnly is the default server config hosting AuthService alone, its
// Redis keys under prefix.
func authOnly(prefix string) server.Config {
	cfg := server.DefaultConfig()
	cfg.Services, cfg.ReadMaxBytes, cfg.RedisPrefix = []string{"auth"}, 1<<20, prefix
	cfg.Svc.Auth.RedisPrefix = prefix
	return cfg
}

func newAuthClient(client *http.Client, url string, opts ...connect.ClientOption) authv1connect.AuthServiceClient {
	return authv1connect.NewAuthServiceClient(client, url, opts...)
}

// wallet is an EOA with a key generated in the test.
type wallet struct {
	key     *ecdsa.PrivateKey
	address string
}

func newWallet(t testing.TB) wallet {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return wallet{key: key, address: crypto.PubkeyToAddress(key.PublicKey).Hex()}
}

// sign is personal_sign: v is 27 or 28.
func (w wallet) sign(t testing.TB, message string) string {
	t.Helper()
	sig, err := crypto.Sign(accounts.TextHash([]byte(message)), w.key)
	if err != nil {
		t.Fatal(err)
	}
	sig[64] += 27
	return hexutil.Encode(sig)
}

func (e *env) challenge(t testing.TB, w wallet, chainID uint64) *authv1.GetChallengeResponse {
	t.Helper()
	res, err := e.client.GetChallenge(context.Background(), connect.NewRequest(&authv1.GetChallengeRequest{Address: w.address, ChainId: chainID}))
	if err != nil {
		t.Fatalf("challenge: %v", err)
	}
	return res.Msg
}

func (e *env) signIn(ctx context.Context, message, signature string) (*authv1.SignInResponse, error) {
	res, err := e.client.SignIn(ctx, connect.NewRequest(&authv1.SignInRequest{Message: message, Signature: signature}))
	if err != nil {
		return nil, err
	}
	return res.Msg, nil
}

// login runs the whole sign-in for w on chain 31337.
func (e *env) login(t testing.TB, w wallet) *authv1.SignInResponse {
	t.Helper()
	ch := e.challenge(t, w, 31337)
	res, err := e.signIn(context.Background(), ch.Message, w.sign(t, ch.Message))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	return res
}

func bearer[T any](msg *T, token string) *connect.Request[T] {
	req := connect.NewRequest(msg)
	req.Header().Set("Authorization", "Bearer "+token)
	return req
}

func (e *env) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantCode(t testing.TB, err error, code connect.Code) {
	t.Helper()
	if connect.CodeOf(err) != code {
		t.Fatalf("got %v, want %v", err, code)
	}
}
