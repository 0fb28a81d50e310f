// Package testenv gives tests real dependencies, isolated per test: a fresh
// PostgreSQL database cloned from a migrated template, a Redis key prefix,
// an S3 bucket, and an HTTP/2 (h2c) test server. Connection settings come
// from TEST_DATABASE_URL, TEST_REDIS_ADDR and TEST_S3_* (make test sets
// them); the defaults are the local stack's.
package testenv

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
)

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// ID returns a random lowercase name part, unique per call.
func ID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func sanitize(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if len(out) > 20 {
		out = out[:20]
	}
	return out
}
