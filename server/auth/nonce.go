package auth

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/rueidis"
)

// nonces are single-use challenge nonces in Redis. Each is bound to the
// address and chain it was issued for, and consumed with GETDEL, which is
// atomic: of two sign-ins racing with one nonce, exactly one gets it.
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
	cmd := n.rdb.B().Set().Key(n.prefix + nonce).Value(binding(address, chainID)).Nx().Px(ttl).Build()
	if err := n.rdb.Do(ctx, cmd).Error(); err != nil {
		return fmt.Errorf("store nonce: %w", err)
	}
	return nil
}

// consume deletes the nonce and reports whether it was live and issued
// for address on chainID.
func (n nonces) consume(ctx context.Context, nonce, address string, chainID uint64) error {
	v, err := n.rdb.Do(ctx, n.rdb.B().Getdel().Key(n.prefix+nonce).Build()).ToString()
	if rueidis.IsRedisNil(err) {
		return ErrNonce
	}
	if err != nil {
		return fmt.Errorf("consume nonce: %w", err)
	}
	if v != binding(address, chainID) {
		return fmt.Errorf("%w: it was issued for another address or chain", ErrNonce)
	}
	return nil
}
