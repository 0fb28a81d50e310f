package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/tokens"
)

// AccessClaims are an access token's claims: the subject is the EIP-55
// address, the audience AccessAudience.
type AccessClaims struct {
	jwt.RegisteredClaims
	ChainID   uint64 `json:"chain_id"`
	SessionID string `json:"sid"`
	// ContractChainID is set for a contract wallet (EIP-1271): the one
	// chain whose code approved the sign-in (authn.Caller.ContractChainID).
	ContractChainID uint64 `json:"contract_chain_id,omitempty"`
}

// Verifier checks access tokens for every service (authn.Verifier). It
// needs no auth service in the process: only the keys and the database.
type Verifier struct {
	keys   *tokens.KeySet
	store  *db.Store
	issuer string
	skew   time.Duration
	live   *liveCache // nil: ask the database every time
}

var _ authn.Verifier = (*Verifier)(nil)

// NewVerifier returns the verifier of access tokens signed by keys for
// cfg, which must be complete (start from DefaultConfig).
func NewVerifier(cfg Config, keys *tokens.KeySet, store *db.Store) (*Verifier, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Verifier{keys: keys, store: store, issuer: cfg.URI, skew: cfg.ClockSkew, live: newLiveCache(cfg.SessionCacheTTL)}, nil
}

func (v *Verifier) issue(address string, chainID, contractChain uint64, sessionID string, ttl time.Duration) (string, time.Time, error) {
	now := time.Now()
	exp := now.Add(ttl)
	var jti [12]byte
	_, _ = rand.Read(jti[:])
	token, err := v.keys.Sign(&AccessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: v.issuer, Subject: address, Audience: jwt.ClaimStrings{AccessAudience},
			IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp), ID: base64.RawURLEncoding.EncodeToString(jti[:]),
		},
		ChainID: chainID, SessionID: sessionID, ContractChainID: contractChain,
	})
	return token, exp, err
}

// VerifyAccessToken checks the token's signature, audience, issuer and
// times, then that its session is not revoked: one primary-key lookup
// (both remembered for Config.SessionCacheTTL when set), so that sign-out and
// reuse detection take effect at once on this replica, and within that
// TTL on others, rather than when the token expires. Without a database
// it fails closed.
func (v *Verifier) VerifyAccessToken(ctx context.Context, token string) (authn.Caller, error) {
	if caller, ok := v.live.get(token); ok {
		return caller, nil
	}
	var c AccessClaims
	err := v.keys.Parse(token, &c, jwt.WithAudience(AccessAudience), jwt.WithIssuer(v.issuer), jwt.WithLeeway(v.skew))
	if err != nil {
		return authn.Caller{}, err
	}
	id, err := uuid.Parse(c.SessionID)
	if err != nil || !common.IsHexAddress(c.Subject) {
		return authn.Caller{}, fmt.Errorf("%w: bad sid or sub", tokens.ErrInvalidToken)
	}
	if v.store == nil {
		return authn.Caller{}, fmt.Errorf("%w: no database to check it against", authn.ErrCannotVerify)
	}
	epoch := v.live.now()
	live, err := v.store.SessionLive(ctx, id)
	if err != nil {
		// Fail closed, without leaking the database's error to the client.
		return authn.Caller{}, fmt.Errorf("%w, retry", authn.ErrCannotVerify)
	}
	if !live {
		return authn.Caller{}, fmt.Errorf("%w: session ended", tokens.ErrInvalidToken)
	}
	caller := authn.Caller{Address: c.Subject, ChainID: c.ChainID, SessionID: c.SessionID, ContractChainID: c.ContractChainID}
	if c.ExpiresAt != nil {
		v.live.put(token, caller, c.ExpiresAt.Time, epoch)
	}
	return caller, nil
}

// forget drops a revoked session from the liveness cache.
func (v *Verifier) forget(id uuid.UUID) { v.live.forget(id) }
