package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/tokens"
)

// authFlags registers the auth service's flags.
func authFlags(fs *flag.FlagSet, c *auth.Config) {
	d := auth.Defaults()
	*c = d
	fs.StringVar(&c.Domain, "auth-domain", d.Domain, "EIP-4361 domain sign-in messages must name (the host[:port] users see)")
	fs.StringVar(&c.URI, "auth-uri", d.URI, "EIP-4361 URI sign-in messages must name; its scheme is the only one accepted")
	fs.StringVar(&c.Statement, "auth-statement", d.Statement, "statement line of the sign-in message")
	fs.Func("auth-chain-ids", "comma-separated EIP-155 chain ids wallets may sign in on (default "+joinIDs(d.ChainIDs)+")", func(s string) error {
		ids, err := parseIDs(s)
		c.ChainIDs = ids
		return err
	})
	fs.DurationVar(&c.NonceTTL, "auth-nonce-ttl", d.NonceTTL, "how long a sign-in challenge can be used")
	fs.DurationVar(&c.AccessTTL, "auth-access-ttl", d.AccessTTL, "access token lifetime")
	fs.DurationVar(&c.RefreshTTL, "auth-refresh-ttl", d.RefreshTTL, "refresh token lifetime (restarted by each refresh)")
	fs.DurationVar(&c.ClockSkew, "auth-clock-skew", d.ClockSkew, "tolerance on message and token times")
	fs.Func("auth-signing-keys", "comma-separated kid=KEY Ed25519 token signing keys, the first signs and the rest only verify; "+
		"KEY is a base64 32-byte seed or @FILE holding one or a PKCS #8 PEM (default: an ephemeral key, development only)", func(s string) error {
		keys, err := parseKeys(s)
		c.Keys = keys
		return err
	})
	fs.DurationVar(&c.RateWindow, "auth-rate-window", d.RateWindow, "window of the sign-in rate limits")
	fs.Int64Var(&c.RatePerIP, "auth-rate-per-ip", d.RatePerIP, "challenge and sign-in calls per client IP per window")
	fs.Int64Var(&c.RatePerAddress, "auth-rate-per-address", d.RatePerAddress, "sign-ins with a valid signature per wallet address per window")
	fs.DurationVar(&c.SessionCacheTTL, "auth-session-cache", d.SessionCacheTTL, "how long a replica trusts a live session without asking the database; revocations reach other replicas within it (0: ask every call)")
	fs.StringVar(&c.ClientIPHeader, "auth-client-ip-header", "", "header a trusted proxy sets to the client IP (e.g. X-Forwarded-For; its last entry is used); default the TCP peer")
	// The nonce and rate-limit keys live under the server's --redis-prefix.
	if f := fs.Lookup("redis-prefix"); f != nil {
		c.RedisPrefix = f.DefValue
		f.Value = teeValue{Value: f.Value, also: &c.RedisPrefix}
	}
}

// validateAuth checks the auth service's settings.
func validateAuth(c *auth.Config) error {
	if err := c.Check(); err != nil {
		return fmt.Errorf("auth flags: %w", err)
	}
	return nil
}

// teeValue copies every value set on a flag into a second string.
type teeValue struct {
	flag.Value
	also *string
}

func (t teeValue) Set(s string) error {
	if err := t.Value.Set(s); err != nil {
		return err
	}
	*t.also = t.Value.String()
	return nil
}

func parseIDs(s string) ([]uint64, error) {
	var ids []uint64
	for _, p := range splitList(s) {
		id, err := strconv.ParseUint(p, 10, 64)
		if err != nil || id == 0 {
			return nil, fmt.Errorf("bad chain id %q", p)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, errors.New("no chain id")
	}
	return ids, nil
}

func joinIDs(ids []uint64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatUint(id, 10)
	}
	return strings.Join(s, ",")
}

func parseKeys(s string) ([]tokens.Key, error) {
	var keys []tokens.Key
	for _, p := range splitList(s) {
		kid, material, ok := strings.Cut(p, "=")
		if !ok || kid == "" {
			return nil, fmt.Errorf("signing key %q: want kid=KEY", kid)
		}
		raw := []byte(material)
		if file, isFile := strings.CutPrefix(material, "@"); isFile {
			b, err := os.ReadFile(file)
			if err != nil {
				return nil, fmt.Errorf("signing key %q: %w", kid, err)
			}
			raw = b
		}
		k, err := tokens.ParseKey(kid, raw)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}
