package auth_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db"
	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/tokens"
)

func TestSweepEndedSessions(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	w := newWallet(t)
	live, expired, revoked := e.login(t, w), e.login(t, w), e.login(t, w)
	if _, err := e.client.SignOut(context.Background(), bearer(&authv1.SignOutRequest{}, revoked.Tokens.AccessToken)); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := e.pool.Exec(ctx, "UPDATE sessions SET expires_at = now() - interval '1 hour' WHERE id = $1", expired.SessionId); err != nil {
		t.Fatal(err)
	}
	rdb, prefix := testenv.Redis(t)
	keys, _ := tokens.Ephemeral()
	cfg := auth.DefaultConfig()
	cfg.RedisPrefix = prefix
	svc, err := auth.New(cfg, auth.Deps{Store: db.NewStore(e.pool), Redis: rdb, Keys: keys, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	n, err := svc.Sweep(ctx, time.Now())
	if err != nil || n != 2 {
		t.Fatalf("swept %d, %v; want the expired and the revoked session", n, err)
	}
	if got := e.count(t, "SELECT count(*) FROM sessions WHERE address = $1", w.address); got != 1 {
		t.Fatalf("%d sessions left", got)
	}
	if err := e.whoAmI(live.Tokens.AccessToken); err != nil {
		t.Fatal(err)
	}
	for _, ended := range []string{expired.Tokens.AccessToken, revoked.Tokens.AccessToken} {
		wantCode(t, e.whoAmI(ended), connect.CodeUnauthenticated)
	}
	_, err = e.refresh(expired.Tokens.RefreshToken)
	wantCode(t, err, connect.CodeUnauthenticated)
}
