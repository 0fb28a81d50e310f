package playback

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

const (
	// Audience is the aud of every playback token, so that a session token
	// signed by the same key set is never taken for one (and vice versa).
	Audience = "streamgate-playback"
	// Kind is the resource kind a playback token grants.
	Kind = "playback"
)

// Claims are a playback token's contents: who (sub, the viewer's
// address) may play what (vid) until when (exp).
type Claims struct {
	jwt.RegisteredClaims
	VideoID string `json:"vid"`
	Kind    string `json:"kind"`
	// SessionID binds a wallet's token to the session that authorized it
	// (session.go); ContractChainID scopes a contract wallet's token to
	// the chain it proved itself on.
	SessionID       string `json:"sid,omitempty"`
	ContractChainID uint64 `json:"contract_chain_id,omitempty"`
	// Anonymous marks a token that names no wallet (sub is empty): it is
	// only minted for a video with no rule (anonymous.go).
	Anonymous bool `json:"anon,omitempty"`
}

// AppendJSON appends the claims as encoding/json writes them
// (tokens.JSONAppender), without its reflection: signing is on every
// Authorize and Renew. Strings that would need escaping, which no
// token Authorize mints has, go through encoding/json.
func (c Claims) AppendJSON(b []byte) []byte {
	r := &c.RegisteredClaims
	aud := ""
	if len(r.Audience) == 1 {
		aud = r.Audience[0]
	}
	if len(r.Audience) > 1 || jwt.TimePrecision != time.Second ||
		!plainJSON(r.Issuer, r.Subject, aud, r.ID, c.VideoID, c.Kind, c.SessionID) {
		out, err := json.Marshal(c)
		if err != nil {
			return append(b, "null"...)
		}
		return append(b, out...)
	}
	b = append(b, '{')
	first := true
	str := func(name, v string) {
		if v == "" {
			return
		}
		b = field(b, name, &first)
		b = append(append(append(b, '"'), v...), '"')
	}
	date := func(name string, d *jwt.NumericDate) {
		if d == nil {
			return
		}
		b = field(b, name, &first)
		b = strconv.AppendInt(b, d.Truncate(time.Second).Unix(), 10)
	}
	str("iss", r.Issuer)
	str("sub", r.Subject)
	if len(r.Audience) == 1 {
		b = field(b, "aud", &first)
		if jwt.MarshalSingleStringAsArray {
			b = append(b, '[')
		}
		b = append(append(append(b, '"'), aud...), '"')
		if jwt.MarshalSingleStringAsArray {
			b = append(b, ']')
		}
	}
	date("exp", r.ExpiresAt)
	date("nbf", r.NotBefore)
	date("iat", r.IssuedAt)
	str("jti", r.ID)
	b = field(b, "vid", &first)
	b = append(append(append(b, '"'), c.VideoID...), '"')
	b = field(b, "kind", &first)
	b = append(append(append(b, '"'), c.Kind...), '"')
	str("sid", c.SessionID)
	if c.ContractChainID != 0 {
		b = field(b, "contract_chain_id", &first)
		b = strconv.AppendUint(b, c.ContractChainID, 10)
	}
	if c.Anonymous {
		b = append(field(b, "anon", &first), "true"...)
	}
	return append(b, '}')
}

// field appends a member's name, after a comma unless it is the first.
func field(b []byte, name string, first *bool) []byte {
	if !*first {
		b = append(b, ',')
	}
	*first = false
	return append(append(append(b, '"'), name...), `":`...)
}

// plainJSON reports whether every string is printable ASCII that
// encoding/json writes as is (no quote, backslash or HTML character).
func plainJSON(ss ...string) bool {
	for _, s := range ss {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
		}
	}
	return true
}

// ticket is a verified playback token.
type ticket struct {
	videoID uuid.UUID
	address string
	expires time.Time
	binding binding
	// anonymous: no wallet (address is empty).
	anonymous bool
}

// issue signs a fresh token for address on videoID, bound to b.
func (s *Service) issue(videoID uuid.UUID, address string, b binding) (string, time.Time, error) {
	now := s.deps.Now().Truncate(time.Second)
	exp := now.Add(s.cfg.TokenTTL)
	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   address,
			Audience:  jwt.ClaimStrings{Audience},
			ExpiresAt: jwt.NewNumericDate(exp),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        uuid.NewString(),
		},
		VideoID:         videoID.String(),
		Kind:            Kind,
		SessionID:       b.sid(),
		ContractChainID: b.contractChain,
		Anonymous:       address == "",
	}
	token, err := s.deps.Signer.Sign(claims)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign playback token: %w", err)
	}
	return token, exp, nil
}

// verified remembers tokens that passed verify until they expire, so the
// signature of a token is checked once, not on every playlist and
// segment a player fetches with it. Only successes are kept; a bounded
// map started over when full.
type verified struct {
	mu      sync.Mutex
	tickets map[string]ticket
}

const maxVerified = 50000

func (v *verified) get(token string, now time.Time) (ticket, bool) {
	v.mu.Lock()
	t, ok := v.tickets[token]
	v.mu.Unlock()
	return t, ok && now.Before(t.expires)
}

func (v *verified) put(token string, t ticket) {
	v.mu.Lock()
	if v.tickets == nil || len(v.tickets) >= maxVerified {
		v.tickets = map[string]ticket{}
	}
	v.tickets[token] = t
	v.mu.Unlock()
}

// verifyCached is verify for the /play routes, remembering successes.
func (s *Service) verifyCached(token string) (ticket, error) {
	if t, ok := s.verified.get(token, s.deps.Now()); ok {
		return t, nil
	}
	t, err := s.verify(token)
	if err == nil {
		s.verified.put(token, t)
	}
	return t, err
}

// verify checks a token's signature (algorithm pinned by the Signer),
// audience, kind and expiry, and returns what it grants.
func (s *Service) verify(token string) (ticket, error) {
	var c Claims
	err := s.deps.Signer.Parse(token, &c,
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(s.deps.Now),
	)
	if err != nil {
		return ticket{}, ErrBadToken
	}
	if c.Kind != Kind || (c.Subject == "") != c.Anonymous || c.ExpiresAt == nil {
		return ticket{}, ErrBadToken
	}
	id, err := uuid.Parse(c.VideoID)
	if err != nil {
		return ticket{}, ErrBadToken
	}
	b, err := parseBinding(&c)
	if err != nil {
		return ticket{}, err
	}
	return ticket{videoID: id, address: c.Subject, expires: c.ExpiresAt.Time, binding: b, anonymous: c.Anonymous}, nil
}
