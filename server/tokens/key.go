package tokens

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// ParseKey reads an Ed25519 private key named id from material, which is
// either a PEM "PRIVATE KEY" block (PKCS #8, as `openssl genpkey
// -algorithm ed25519` writes) or the 32-byte seed in standard or URL-safe
// base64 (as `openssl rand -base64 32` writes).
func ParseKey(id string, material []byte) (Key, error) {
	if id == "" {
		return Key{}, errors.New("tokens: a key needs a kid")
	}
	text := strings.TrimSpace(string(material))
	if strings.HasPrefix(text, "-----BEGIN") {
		block, _ := pem.Decode([]byte(text))
		if block == nil {
			return Key{}, fmt.Errorf("tokens: key %q: bad PEM", id)
		}
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return Key{}, fmt.Errorf("tokens: key %q: %w", id, err)
		}
		priv, ok := k.(ed25519.PrivateKey)
		if !ok {
			return Key{}, fmt.Errorf("tokens: key %q is %T, want Ed25519", id, k)
		}
		return Key{ID: id, Private: priv}, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		seed, err := enc.DecodeString(text)
		if err == nil && len(seed) == ed25519.SeedSize {
			return Key{ID: id, Private: ed25519.NewKeyFromSeed(seed)}, nil
		}
	}
	return Key{}, fmt.Errorf("tokens: key %q: want a PKCS #8 PEM block or a base64 32-byte seed", id)
}
