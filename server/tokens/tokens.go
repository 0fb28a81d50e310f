// Package tokens holds StreamGate's JWT signing keys: one active Ed25519
// key signs, older keys still verify until they are removed from config,
// and the public half of every key is published as a JWK Set (RFC 7517,
// OKP keys per RFC 8037) at /.well-known/jwks.json so that an edge can
// check a token without calling back.
//
// The KeySet is deliberately generic: it signs and parses any jwt.Claims.
// Each use (access tokens, playback tokens) defines its own claims type
// and audience and passes jwt.WithAudience to Parse, so that a token minted
// for one use is never accepted by another.
package tokens

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/golang-jwt/jwt/v5"
)

// Algorithm is the one JWS algorithm the KeySet signs with and accepts.
const Algorithm = "EdDSA"

// ErrInvalidToken wraps every reason Parse refuses a token (bad signature,
// unknown kid, wrong algorithm, expired, wrong audience...).
var ErrInvalidToken = errors.New("invalid token")

// errUnknownKey is a token whose kid no key here has: most often one kept
// from a server since restarted with another key (an ephemeral one), so
// the message says what the user should do.
var errUnknownKey = errors.New("signed by another server key: sign in again")

// Key is one Ed25519 signing key and the key id ("kid") that names it in
// token headers and in the JWK Set.
type Key struct {
	ID      string
	Private ed25519.PrivateKey
}

// KeySet signs with its first key and verifies with any of its keys.
// It is safe for concurrent use.
type KeySet struct {
	signer Key
	// header is the signer's encoded JWS header and its dot, the same
	// for every token it signs.
	header string
	public map[string]ed25519.PublicKey
	order  []string
}

// New returns a KeySet. keys[0] is the active signer; the others only
// verify, which is how a key is rotated: add the new key first, keep the
// old one until every token it signed has expired, then remove it.
func New(keys ...Key) (*KeySet, error) {
	if len(keys) == 0 {
		return nil, errors.New("tokens: no signing key")
	}
	ks := &KeySet{signer: keys[0], public: make(map[string]ed25519.PublicKey, len(keys))}
	header, err := json.Marshal(map[string]string{"alg": Algorithm, "kid": keys[0].ID, "typ": "JWT"})
	if err != nil {
		return nil, fmt.Errorf("tokens: header: %w", err)
	}
	ks.header = base64.RawURLEncoding.EncodeToString(header) + "."
	for _, k := range keys {
		if k.ID == "" {
			return nil, errors.New("tokens: a key has no kid")
		}
		if len(k.Private) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("tokens: key %q is not an Ed25519 private key", k.ID)
		}
		if _, dup := ks.public[k.ID]; dup {
			return nil, fmt.Errorf("tokens: kid %q appears twice", k.ID)
		}
		ks.public[k.ID] = k.Private.Public().(ed25519.PublicKey)
		ks.order = append(ks.order, k.ID)
	}
	return ks, nil
}

// Ephemeral returns a KeySet holding one fresh random key. Tokens it signs
// die with the process and are not accepted by other replicas: it is for
// development and tests only.
func Ephemeral() (*KeySet, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("tokens: generate key: %w", err)
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	return New(Key{ID: "ephemeral-" + base64.RawURLEncoding.EncodeToString(id[:]), Private: priv})
}

// SignerID returns the kid of the active signing key.
func (ks *KeySet) SignerID() string { return ks.signer.ID }

// Sign returns the compact JWS of claims, signed by the active key, with
// its kid in the header. The bytes are those golang-jwt would produce
// (header keys sorted, base64url without padding); the header is encoded
// once per KeySet, and claims that append their own JSON (JSONAppender)
// skip encoding/json's reflection.
func (ks *KeySet) Sign(claims jwt.Claims) (string, error) {
	var payload []byte
	if a, ok := claims.(JSONAppender); ok {
		payload = a.AppendJSON(make([]byte, 0, 384))
	} else {
		var err error
		if payload, err = json.Marshal(claims); err != nil {
			return "", fmt.Errorf("sign token: %w", err)
		}
	}
	enc := base64.RawURLEncoding
	n := len(ks.header) + enc.EncodedLen(len(payload))
	buf := make([]byte, n, n+1+enc.EncodedLen(ed25519.SignatureSize))
	copy(buf, ks.header)
	enc.Encode(buf[len(ks.header):], payload)
	sig := ed25519.Sign(ks.signer.Private, buf)
	buf = append(buf, '.')
	buf = enc.AppendEncode(buf, sig)
	return string(buf), nil
}

// JSONAppender is claims that append their own JSON encoding to b, which
// must be what encoding/json would write for them (Sign uses it instead).
type JSONAppender interface {
	AppendJSON(b []byte) []byte
}

// Parse verifies token and decodes it into claims. The algorithm is
// pinned to EdDSA, the key is chosen by the header's kid (a token without
// a known kid fails), and an expiry is required. Callers add their own
// checks with opts, at least jwt.WithAudience. Every failure wraps
// ErrInvalidToken.
func (ks *KeySet) Parse(token string, claims jwt.Claims, opts ...jwt.ParserOption) error {
	opts = append([]jwt.ParserOption{
		jwt.WithValidMethods([]string{Algorithm}),
		jwt.WithExpirationRequired(),
	}, opts...)
	_, err := jwt.ParseWithClaims(token, claims, ks.keyFor, opts...)
	if errors.Is(err, errUnknownKey) {
		return fmt.Errorf("%w: %w", ErrInvalidToken, errUnknownKey)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	return nil
}

func (ks *KeySet) keyFor(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return nil, errors.New("token has no kid")
	}
	pub, ok := ks.public[kid]
	if !ok {
		return nil, errUnknownKey
	}
	return pub, nil
}

// jwk is one public key in RFC 8037 form.
type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
}

// JWKS returns the JSON JWK Set of every key's public half, the active
// signer first.
func (ks *KeySet) JWKS() ([]byte, error) {
	set := struct {
		Keys []jwk `json:"keys"`
	}{Keys: make([]jwk, 0, len(ks.order))}
	for _, id := range ks.order {
		set.Keys = append(set.Keys, jwk{
			Kty: "OKP", Crv: "Ed25519", Kid: id, Use: "sig", Alg: Algorithm,
			X: base64.RawURLEncoding.EncodeToString(ks.public[id]),
		})
	}
	return json.Marshal(set)
}
