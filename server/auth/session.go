package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/server/authn"
)

// refreshPrefix marks StreamGate refresh tokens; the rest is 32 random
// bytes, base64url. Only their SHA-256 is stored.
const refreshPrefix = "sgr_"

func newRefreshToken() (token string, hash []byte) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	token = refreshPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashRefresh(token)
}

func hashRefresh(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func checkRefreshShape(token string) error {
	rest, ok := strings.CutPrefix(token, refreshPrefix)
	if b, err := base64.RawURLEncoding.DecodeString(rest); !ok || err != nil || len(b) != 32 {
		return ErrBadRefreshToken
	}
	return nil
}

// openSession upserts the account and creates its session in one
// statement, shared with the sign-ins that reach it together
// (sessionBatcher). It returns the session and its refresh token.
// contractChain is nonzero for a contract wallet: the chain it proved
// itself on, which the session and every token it issues are scoped to.
func (s *Service) openSession(ctx context.Context, address string, chainID, contractChain uint64) (dbq.Session, string, error) {
	refresh, hash := newRefreshToken()
	var scope *int64
	if contractChain != 0 {
		c := int64(contractChain)
		scope = &c
	}
	p := dbq.OpenSessionParams{
		ID: uuid.New(), Address: address, ChainID: int64(chainID), RefreshHash: hash,
		// As PostgreSQL stores it, so that the token pair says what the row does.
		ExpiresAt: time.Now().Add(s.cfg.RefreshTTL).Truncate(time.Microsecond), ContractChainID: scope,
	}
	if err := s.sessions.open(ctx, p); err != nil {
		return dbq.Session{}, "", fmt.Errorf("open session: %w", err)
	}
	return dbq.Session{
		ID: p.ID, Address: p.Address, ChainID: p.ChainID, RefreshHash: p.RefreshHash,
		ExpiresAt: p.ExpiresAt, ContractChainID: p.ContractChainID,
	}, refresh, nil
}

func (s *Service) tokenPair(sess dbq.Session, refresh string) (*authv1.Tokens, error) {
	var contractChain uint64
	if sess.ContractChainID != nil {
		contractChain = uint64(*sess.ContractChainID)
	}
	access, exp, err := s.verifier.issue(sess.Address, uint64(sess.ChainID), contractChain, sess.ID.String(), s.cfg.AccessTTL)
	if err != nil {
		return nil, err
	}
	return &authv1.Tokens{
		AccessToken: access, AccessTokenExpiresAt: timestamppb.New(exp),
		RefreshToken: refresh, RefreshTokenExpiresAt: timestamppb.New(sess.ExpiresAt),
	}, nil
}

// Refresh rotates the refresh token. The old token's hash is retired in
// the same transaction; presenting a retired token revokes its session,
// because only a copy of a token can be presented twice.
func (s *Service) Refresh(ctx context.Context, req *connect.Request[authv1.RefreshRequest]) (*connect.Response[authv1.RefreshResponse], error) {
	old := req.Msg.GetRefreshToken()
	if err := checkRefreshShape(old); err != nil {
		return nil, err
	}
	refresh, hash := newRefreshToken()
	var sess dbq.Session
	err := s.d.Store.WithTx(ctx, func(q *dbq.Queries) error {
		var err error
		sess, err = q.RotateRefreshToken(ctx, dbq.RotateRefreshTokenParams{
			NewHash: hash, OldHash: hashRefresh(old), ExpiresAt: time.Now().Add(s.cfg.RefreshTTL),
		})
		if err != nil {
			return err
		}
		return q.RetireRefreshToken(ctx, dbq.RetireRefreshTokenParams{
			Hash: hashRefresh(old), SessionID: sess.ID, Generation: sess.Generation - 1,
		})
	})
	if errors.Is(err, db.ErrNotFound) {
		return nil, s.refreshRefused(ctx, hashRefresh(old))
	}
	if err != nil {
		return nil, fmt.Errorf("rotate refresh token: %w", err)
	}
	tokens, err := s.tokenPair(sess, refresh)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&authv1.RefreshResponse{Tokens: tokens}), nil
}

// refreshRefused explains a refresh token that is not current, revoking
// its session when it is a retired one.
func (s *Service) refreshRefused(ctx context.Context, hash []byte) error {
	retired, err := s.d.Store.GetRetiredRefreshToken(ctx, hash)
	if errors.Is(err, db.ErrNotFound) {
		return ErrSessionEnded
	}
	if err != nil {
		return fmt.Errorf("look up refresh token: %w", err)
	}
	if _, err := s.d.Store.RevokeSession(ctx, dbq.RevokeSessionParams{ID: retired.SessionID, Reason: "refresh token reuse"}); err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	s.verifier.forget(retired.SessionID)
	s.d.Log.WarnContext(ctx, "refresh token reused: session revoked", "session", retired.SessionID)
	return ErrRefreshReuse
}

// SignOut revokes the caller's session: its access tokens stop working
// at once and its refresh token with them.
func (s *Service) SignOut(ctx context.Context, _ *connect.Request[authv1.SignOutRequest]) (*connect.Response[authv1.SignOutResponse], error) {
	c, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	id, err := uuid.Parse(c.SessionID)
	if err != nil {
		return nil, ErrSessionEnded
	}
	if _, err := s.d.Store.RevokeSession(ctx, dbq.RevokeSessionParams{ID: id, Reason: "signed out"}); err != nil {
		return nil, fmt.Errorf("revoke session: %w", err)
	}
	s.verifier.forget(id)
	return connect.NewResponse(&authv1.SignOutResponse{}), nil
}

// WhoAmI names the caller.
func (s *Service) WhoAmI(ctx context.Context, _ *connect.Request[authv1.WhoAmIRequest]) (*connect.Response[authv1.WhoAmIResponse], error) {
	c, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&authv1.WhoAmIResponse{Address: c.Address, ChainId: c.ChainID, SessionId: c.SessionID}), nil
}
