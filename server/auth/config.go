package auth

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/streamgate/streamgate/server/tokens"
)

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct {
	// Domain is the EIP-4361 domain (RFC 3986 authority) sign-in messages
	// must name, e.g. "app.example.com" or "127.0.0.1:8080".
	Domain string
	// URI is the EIP-4361 URI messages must name; its scheme is also the
	// only scheme accepted in the message's origin.
	URI string
	// Statement is the human-readable line the challenge puts in messages.
	Statement string
	// ChainIDs are the EIP-155 chains a wallet may sign in on.
	ChainIDs []uint64
	// NonceTTL is how long a challenge's nonce can be used.
	NonceTTL time.Duration
	// AccessTTL is the lifetime of an access token.
	AccessTTL time.Duration
	// RefreshTTL is the lifetime of a refresh token; each rotation restarts it.
	RefreshTTL time.Duration
	// ClockSkew is the tolerance on message and token times.
	ClockSkew time.Duration
	// Keys sign access tokens: Keys[0] signs, the others only verify. When
	// empty, the server generates an ephemeral key at start (development
	// only: tokens die with the process).
	Keys []tokens.Key
	// RedisPrefix prefixes every Redis key (nonces, rate limits). It has
	// no flag of its own: the server sets it from its shared
	// Config.RedisPrefix.
	RedisPrefix string
	// RateWindow is the rate limits' fixed window.
	RateWindow time.Duration
	// RatePerIP is how many challenge or sign-in calls one client IP may
	// make per window; RatePerAddress how many sign-ins with a valid
	// signature one wallet address may make per window (what the address
	// did not sign never counts against it).
	RatePerIP, RatePerAddress int64
	// ClientIPHeader, when set, names the header a trusted reverse proxy
	// puts the client IP in (its last comma-separated entry is used);
	// otherwise the TCP peer address is the client IP.
	ClientIPHeader string
	// SessionCacheTTL is how long a replica trusts that a session is live
	// without asking the database. The replica that revokes a session
	// stops honouring it at once, other replicas within this time. Zero
	// asks the database on every call.
	SessionCacheTTL time.Duration
}

// AccessAudience is the "aud" of access tokens. Tokens for other uses
// (playback) carry their own audience, so one is never taken for the other.
const AccessAudience = "streamgate-access"

// DefaultConfig is the settings cmd/streamgate starts from (its flags'
// defaults). They suit `make run` on one machine: the server on
// 127.0.0.1:8080, the local dev chain (31337) and mainnet. RedisPrefix is
// left empty: the server sets it from its own.
func DefaultConfig() Config {
	return Config{
		Domain:          "127.0.0.1:8080",
		URI:             "http://127.0.0.1:8080",
		Statement:       "Sign in to StreamGate.",
		ChainIDs:        []uint64{31337, 1},
		NonceTTL:        5 * time.Minute,
		AccessTTL:       15 * time.Minute,
		RefreshTTL:      30 * 24 * time.Hour,
		ClockSkew:       time.Minute,
		RateWindow:      time.Minute,
		RatePerIP:       600,
		RatePerAddress:  60,
		SessionCacheTTL: time.Second,
	}
}

// Validate reports every setting that cannot work, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if c.Domain == "" {
		errs = append(errs, errors.New("--auth-domain is empty"))
	}
	if u, err := url.Parse(c.URI); err != nil || u.Scheme == "" {
		errs = append(errs, fmt.Errorf("--auth-uri %q: want an absolute URI", c.URI))
	}
	if len(c.ChainIDs) == 0 {
		errs = append(errs, errors.New("--auth-chain-ids: no chain id allowed"))
	}
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{{"--auth-nonce-ttl", c.NonceTTL}, {"--auth-access-ttl", c.AccessTTL}, {"--auth-refresh-ttl", c.RefreshTTL}, {"--auth-rate-window", c.RateWindow}} {
		if d.v <= 0 {
			errs = append(errs, fmt.Errorf("%s %s: want a positive duration", d.flag, d.v))
		}
	}
	if c.ClockSkew < 0 || c.SessionCacheTTL < 0 {
		errs = append(errs, errors.New("--auth-clock-skew and --auth-session-cache must not be negative"))
	}
	if c.RatePerIP <= 0 || c.RatePerAddress <= 0 {
		errs = append(errs, errors.New("--auth-rate-per-ip and --auth-rate-per-address must be positive"))
	}
	return errors.Join(errs...)
}

// scheme is the scheme of the configured URI, the only one accepted in a
// message's origin.
func (c Config) scheme() string {
	u, _ := url.Parse(c.URI)
	return u.Scheme
}
