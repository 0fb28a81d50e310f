package auth

import (
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
	// RedisPrefix prefixes every Redis key (nonces, rate limits); it is
	// the server's --redis-prefix.
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
	// asks the database on every call (WithDefaults leaves it alone).
	SessionCacheTTL time.Duration
}

// AccessAudience is the "aud" of access tokens. Tokens for other uses
// (playback) carry their own audience, so one is never taken for the other.
const AccessAudience = "streamgate-access"

// Defaults suit `make run` on one machine: the server on 127.0.0.1:8080,
// the local dev chain (31337) and mainnet.
var defaults = Config{
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

// Defaults returns the default settings (cmd/streamgate's flag defaults).
func Defaults() Config {
	d := defaults
	d.ChainIDs = append([]uint64(nil), defaults.ChainIDs...)
	return d
}

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config {
	d := Defaults()
	set := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	setD := func(v *time.Duration, def time.Duration) {
		if *v == 0 {
			*v = def
		}
	}
	set(&c.Domain, d.Domain)
	set(&c.URI, d.URI)
	set(&c.Statement, d.Statement)
	setD(&c.NonceTTL, d.NonceTTL)
	setD(&c.AccessTTL, d.AccessTTL)
	setD(&c.RefreshTTL, d.RefreshTTL)
	setD(&c.ClockSkew, d.ClockSkew)
	setD(&c.RateWindow, d.RateWindow)
	if len(c.ChainIDs) == 0 {
		c.ChainIDs = d.ChainIDs
	}
	if c.RatePerIP == 0 {
		c.RatePerIP = d.RatePerIP
	}
	if c.RatePerAddress == 0 {
		c.RatePerAddress = d.RatePerAddress
	}
	return c
}
