// Package auth serves streamgate.auth.v1.AuthService: wallet sign-in with
// Sign-In with Ethereum (EIP-4361), for EOAs (EIP-191 personal_sign) and
// contract wallets (EIP-1271), and the sessions that follow: short-lived
// EdDSA access tokens, rotating refresh tokens with reuse detection,
// sign-out and who-am-I. Nonces and rate limits live in Redis, accounts
// and sessions in PostgreSQL.
package auth

import (
	"cmp"
	"errors"
	"log/slog"
	"net/url"

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
	verifier *Verifier
}

var _ authv1connect.AuthServiceHandler = (*Service)(nil)

// New returns the service; zero settings take their defaults.
func New(cfg Config, d Deps) (*Service, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if d.Store == nil || d.Redis == nil || d.Keys == nil {
		return nil, errors.New("auth: needs a store, Redis and a key set")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{
		cfg: cfg, d: d,
		nonces:   nonces{rdb: d.Redis, prefix: cfg.RedisPrefix + "auth:nonce:"},
		limits:   newLimiter(d.Redis, cfg),
		verifier: cmp.Or(d.Verifier, NewVerifier(cfg, d.Keys, d.Store)),
	}, nil
}

// Check reports settings that cannot work.
func (c Config) Check() error {
	u, err := url.Parse(c.URI)
	var errs []error
	if c.Domain == "" {
		errs = append(errs, errors.New("auth: no domain"))
	}
	if err != nil || u.Scheme == "" {
		errs = append(errs, errors.New("auth: URI must be an absolute URI"))
	}
	if len(c.ChainIDs) == 0 {
		errs = append(errs, errors.New("auth: no chain id allowed"))
	}
	if c.NonceTTL <= 0 || c.AccessTTL <= 0 || c.RefreshTTL <= 0 || c.ClockSkew < 0 {
		errs = append(errs, errors.New("auth: TTLs must be positive and the clock skew not negative"))
	}
	if c.RateWindow <= 0 || c.RatePerIP <= 0 || c.RatePerAddress <= 0 {
		errs = append(errs, errors.New("auth: rate limits must be positive"))
	}
	return errors.Join(errs...)
}

// scheme is the scheme of the configured URI, the only one accepted in a
// message's origin.
func (c Config) scheme() string {
	u, _ := url.Parse(c.URI)
	return u.Scheme
}
