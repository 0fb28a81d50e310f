package video_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"connectrpc.com/validate"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
	"github.com/streamgate/streamgate/server/objectgc"
	"github.com/streamgate/streamgate/server/rpcerr"
	"github.com/streamgate/streamgate/server/video"
)

const (
	alice = "0xA11CE00000000000000000000000000000000001"
	bob   = "0xB0B0000000000000000000000000000000000002"
)

// tokenVerifier stands in for sign-in at the token layer only: the bearer
// token is the caller's address. Everything past the token (the authn
// interceptor, handlers, database, storage) is the real thing.
type tokenVerifier struct{}

func (tokenVerifier) VerifyAccessToken(_ context.Context, token string) (authn.Caller, error) {
	if !strings.HasPrefix(token, "0x") || len(token) != 42 {
		return authn.Caller{}, errors.New("unknown token")
	}
	return authn.Caller{Address: token, ChainID: 1}, nil
}

type env struct {
	svc    *video.Service
	gc     *objectgc.Collector
	pool   *testenv.Pool
	s3     *minio.Client
	bucket string
	url    string
	http   *http.Client
}

// newEnv serves the video service with the server's interceptor chain
// (error table, protovalidate, authn) on real PostgreSQL and S3.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, video.DefaultConfig())
}

// newEnvWith is newEnv with the service's settings cfg.
func newEnvWith(t testing.TB, cfg video.Config) *env {
	t.Helper()
	pool := testenv.DB(t)
	s3, bucket := testenv.S3(t)
	log := slog.New(slog.DiscardHandler)
	store := db.NewStore(pool)
	listener := store.Listener(log)
	svc, err := video.New(cfg, video.Deps{Store: store, S3: s3, Bucket: bucket, Log: log, Listener: listener})
	if err != nil {
		t.Fatal(err)
	}
	gc, err := objectgc.New(objectgc.DefaultConfig(), objectgc.Deps{Store: store, S3: s3, Bucket: bucket, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	table := append(rpcerr.Table{
		{Err: db.ErrNotFound, Code: connect.CodeNotFound},
		{Err: db.ErrConflict, Code: connect.CodeAlreadyExists},
	}, slices.Concat(acl.Errors, ident.Errors, video.Errors)...)
	path, h := videov1connect.NewVideoServiceHandler(svc, connect.WithInterceptors(
		table.Interceptor(log), validate.NewInterceptor(), authn.NewInterceptor(tokenVerifier{}),
	))
	mux := http.NewServeMux()
	mux.Handle(path, h)
	testenv.Run(t, listener.Run)
	testenv.Run(t, gc.Run)
	url, client := testenv.Serve(t, mux)
	return &env{svc: svc, gc: gc, pool: pool, s3: s3, bucket: bucket, url: url, http: client}
}

// client calls as who ("" is anonymous) over the given protocol options.
func (e *env) client(who string, opts ...connect.ClientOption) videov1connect.VideoServiceClient {
	if who != "" {
		opts = append(opts, connect.WithInterceptors(testenv.Bearer(who)))
	}
	return videov1connect.NewVideoServiceClient(e.http, e.url, opts...)
}

func wantCode(t *testing.T, err error, code connect.Code) {
	t.Helper()
	if connect.CodeOf(err) != code {
		t.Fatalf("got %v, want %v", err, code)
	}
}
