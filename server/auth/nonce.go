package auth

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/rueidis"
)

// nonces are single-use challenge nonces in Redis. Each is bound to the
// address and chain it was issued for; the limiter's script consumes it
// with GETDEL, in the same script that counts the address's sign-ins, so
// both keys carry the address as their Redis Cluster hash tag (addrTag).
type nonces struct {
	rdb    rueidis.Client
	prefix string
}

// newNonce returns 26 characters of base32 (A-Z, 2-7): 130 random bits.
func newNonce() string { return rand.Text() }

func binding(address string, chainID uint64) string {
	return address + "|" + strconv.FormatUint(chainID, 10)
}

func (n nonces) issue(ctx context.Context, nonce, address string, chainID uint64, ttl time.Duration) error {
	cmd := n.rdb.B().Set().Key(n.key(address, nonce)).Value(binding(address, chainID)).Nx().Px(ttl).Build()
	if err := n.rdb.Do(ctx, cmd).Error(); err != nil {
		return fmt.Errorf("store nonce: %w", err)
	}
	return nil
}

// key is the Redis key of a nonce issued for address.
func (n nonces) key(address, nonce string) string { return n.tagKey(addrTag(address), nonce) }

// tagKey is key for an address already made its hash tag (addrTag).
func (n nonces) tagKey(tag, nonce string) string { return n.prefix + tag + ":" + nonce }

// addrTag is an address as a Redis Cluster hash tag: every key one
// script touches must live in one slot, and the sign-in script touches
// the address's rate counter and its nonce. Lowercase, since EIP-55
// casing is a display form.
func addrTag(address string) string { return "{" + strings.ToLower(address) + "}" }
