// Package auth serves streamgate.auth.v1.AuthService: wallet sign-in with
// Sign-In with Ethereum (EIP-4361), for EOAs (EIP-191 personal_sign) and
// contract wallets (EIP-1271), and the sessions that follow: short-lived
// EdDSA access tokens, rotating refresh tokens with reuse detection,
// sign-out and who-am-I. Nonces and rate limits live in Redis, accounts
// and sessions in PostgreSQL.
package auth

import (
	"errors"
	"log/slog"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/gen/streamgate/auth/v1/authv1connect"
	"github.com/streamgate/streamgate/server/tokens"
)

// Chains gives read access to the chains wallets sign in on, to ask a
// contract wallet whether it accepts a signature (EIP-1271).
type Chains interface {
	ContractCaller(chainID uint64) (bind.ContractCaller, error)
}

// Deps are the service's connections.
type Deps struct {
	Store *db.Store
	Redis rueidis.Client
	// Keys sign access tokens.
	Keys *tokens.KeySet
	// Chains, when nil, limits sign-in to EOAs: a contract wallet's
	// signature is refused with FailedPrecondition.
	Chains Chains
	Log    *slog.Logger
	// Verifier, when set, is the one the server's interceptors use, so
	// that a revocation here clears its session cache at once.
	Verifier *Verifier
}

// Service implements authv1connect.AuthServiceHandler.
type Service struct {
	cfg      Config
	d        Deps
	nonces   nonces
	limits   limiter
	sessions *sessionBatcher
	verifier *Verifier
	// scheme is cfg.scheme(), parsed once rather than per sign-in.
	scheme string
}

var _ authv1connect.AuthServiceHandler = (*Service)(nil)

// New returns the service for cfg, which must be complete (start from
// DefaultConfig).
func New(cfg Config, d Deps) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if d.Store == nil || d.Redis == nil || d.Keys == nil {
		return nil, errors.New("auth: needs a store, Redis and a key set")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Verifier == nil {
		v, err := NewVerifier(cfg, d.Keys, d.Store)
		if err != nil {
			return nil, err
		}
		d.Verifier = v
	}
	return &Service{
		cfg: cfg, d: d,
		nonces:   nonces{rdb: d.Redis, prefix: cfg.RedisPrefix + "auth:nonce:"},
		limits:   newLimiter(d.Redis, cfg),
		sessions: &sessionBatcher{store: d.Store},
		verifier: d.Verifier,
		scheme:   cfg.scheme(),
	}, nil
}
