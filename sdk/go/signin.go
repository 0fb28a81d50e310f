package streamgate

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/crypto"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
)

// Signer signs EIP-191 personal messages (personal_sign) for one wallet:
// a key in memory, a hardware wallet, a remote signer.
type Signer interface {
	// Address is the wallet's 0x address.
	Address() string
	// SignPersonal returns the 65-byte signature of the EIP-191 hash of msg.
	SignPersonal(ctx context.Context, msg []byte) ([]byte, error)
}

// KeySigner signs with a secp256k1 private key held in memory.
type KeySigner struct{ key *ecdsa.PrivateKey }

// NewKeySigner returns a signer for key.
func NewKeySigner(key *ecdsa.PrivateKey) *KeySigner { return &KeySigner{key: key} }

// KeySignerFromHex parses a hex private key, with or without 0x.
func KeySignerFromHex(s string) (*KeySigner, error) {
	key, err := crypto.HexToECDSA(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if err != nil {
		return nil, fmt.Errorf("parse private key: %w", err)
	}
	return NewKeySigner(key), nil
}

// Address returns the key's EIP-55 address.
func (k *KeySigner) Address() string { return crypto.PubkeyToAddress(k.key.PublicKey).Hex() }

// SignPersonal signs like a wallet's personal_sign: v is 27 or 28.
func (k *KeySigner) SignPersonal(_ context.Context, msg []byte) ([]byte, error) {
	sig, err := crypto.Sign(accounts.TextHash(msg), k.key)
	if err != nil {
		return nil, err
	}
	sig[64] += 27
	return sig, nil
}

// Tokens is a session's token pair, for callers that persist sessions.
type Tokens struct {
	Access        string
	AccessExpiry  time.Time
	Refresh       string
	RefreshExpiry time.Time
}

func tokensFrom(t *authv1.Tokens) Tokens {
	return Tokens{
		Access: t.GetAccessToken(), AccessExpiry: t.GetAccessTokenExpiresAt().AsTime(),
		Refresh: t.GetRefreshToken(), RefreshExpiry: t.GetRefreshTokenExpiresAt().AsTime(),
	}
}

// SignIn runs Sign-In with Ethereum for signer on chainID: it fetches a
// challenge, checks it as a wallet would (ErrForeignChallenge unless it
// names this client's origin, in domain and URI, the signer's address and
// chainID), has the wallet sign the exact message, and keeps the session
// tokens, which the client then refreshes by itself. It returns the
// signed-in address.
func (c *Client) SignIn(ctx context.Context, signer Signer, chainID uint64) (string, error) {
	// Sign-in never needs the old session: its calls carry no token, so
	// a stale one (from a server since restarted with another key) cannot
	// make them fail.
	ch, err := c.refresher.GetChallenge(ctx, connect.NewRequest(&authv1.GetChallengeRequest{
		Address: signer.Address(), ChainId: chainID,
	}))
	if err != nil {
		return "", err
	}
	if err := checkChallenge(ch.Msg.GetMessage(), c.origin, signer.Address(), chainID); err != nil {
		return "", err
	}
	sig, err := signer.SignPersonal(ctx, []byte(ch.Msg.GetMessage()))
	if err != nil {
		return "", fmt.Errorf("sign challenge: %w", err)
	}
	res, err := c.refresher.SignIn(ctx, connect.NewRequest(&authv1.SignInRequest{
		Message: ch.Msg.GetMessage(), Signature: "0x" + fmt.Sprintf("%x", sig),
	}))
	if err != nil {
		return "", err
	}
	c.session.set(tokensFrom(res.Msg.GetTokens()), res.Msg.GetAddress())
	return res.Msg.GetAddress(), nil
}

// SetTokens resumes a session saved from Tokens.
func (c *Client) SetTokens(t Tokens) { c.session.set(t, "") }

// Tokens returns the current session tokens (zero when signed out).
func (c *Client) Tokens() Tokens {
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	return c.session.tokens
}

// SignOut revokes the session on the server and forgets it.
func (c *Client) SignOut(ctx context.Context) error {
	_, err := c.Auth.SignOut(ctx, connect.NewRequest(&authv1.SignOutRequest{}))
	c.session.set(Tokens{}, "")
	return err
}

// errNoSession is returned when a refresh is needed but impossible.
var errNoSession = errors.New("session expired: sign in again")

// refresh rotates the tokens when the access token is about to expire.
// refreshMu makes concurrent requests share one rotation (a refresh token
// is single-use); the Refresh call goes through a client without the
// bearer interceptor, since the stale access token must not be sent.
func (c *Client) refresh(ctx context.Context) error {
	s := c.session
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	t := c.Tokens()
	if t.Refresh == "" || time.Until(t.AccessExpiry) > refreshMargin {
		return nil
	}
	if time.Now().After(t.RefreshExpiry) {
		return connect.NewError(connect.CodeUnauthenticated, errNoSession)
	}
	res, err := c.refresher.Refresh(ctx, connect.NewRequest(&authv1.RefreshRequest{RefreshToken: t.Refresh}))
	if err != nil {
		return err
	}
	s.set(tokensFrom(res.Msg.GetTokens()), "")
	return nil
}

const refreshMargin = 30 * time.Second

func (s *session) set(t Tokens, address string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = t
	if address != "" || t.Access == "" {
		s.address = address
	}
}

func (s *session) access() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens.Access
}

// bearer adds the access token to every call, refreshing it first when
// refresh is set and the token is about to expire.
type bearer struct {
	s       *session
	refresh func(context.Context) error
}

func (b *bearer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if b.refresh != nil {
			if err := b.refresh(ctx); err != nil {
				return nil, err
			}
		}
		if t := b.s.access(); t != "" && req.Header().Get("Authorization") == "" {
			req.Header().Set("Authorization", "Bearer "+t)
		}
		return next(ctx, req)
	}
}

func (b *bearer) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		if b.refresh != nil {
			_ = b.refresh(ctx) // a failure surfaces as Unauthenticated from the server
		}
		conn := next(ctx, spec)
		if t := b.s.access(); t != "" {
			conn.RequestHeader().Set("Authorization", "Bearer "+t)
		}
		return conn
	}
}

func (b *bearer) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}
