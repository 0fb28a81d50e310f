package auth

import (
	"context"
	"fmt"
	"time"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db/dbq"
	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/internal/siwe"
)

// SignIn checks a signed EIP-4361 message and opens a session.
func (s *Service) SignIn(ctx context.Context, req *connect.Request[authv1.SignInRequest]) (*connect.Response[authv1.SignInResponse], error) {
	sess, refresh, err := s.admit(ctx, req)
	if err != nil {
		return nil, err
	}
	tokens, err := s.tokenPair(sess, refresh)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&authv1.SignInResponse{
		Address: sess.Address, Tokens: tokens, SessionId: sess.ID.String(), ChainId: uint64(sess.ChainID),
	}), nil
}

// admit is sign-in up to its tokens: it checks the client IP's limit,
// parses and checks the message, verifies the signature, counts the
// sign-in against the address's limit, consumes the nonce, and upserts
// the account with its new session. It returns the session and its
// refresh token.
//
// The IP's limit is checked first, before anything costs: recovery, and
// for a contract wallet eth_getCode and eth_call. An IP this replica
// knows to be over it is refused there without a round trip; one it
// does not know is counted in Redis there; one it knows to be under it
// is counted after the work, in the round trip that counts the address
// (ipLedger), or on its own when the work failed. The address is
// counted only once its signature proved the caller holds it, so that
// nobody can spend another wallet's limit; that count and the nonce's
// consumption share one Redis round trip. The nonce is consumed last,
// so a bad signature cannot burn another wallet's nonce.
func (s *Service) admit(ctx context.Context, req *connect.Request[authv1.SignInRequest]) (dbq.Session, string, error) {
	pass, err := s.limits.enterIP(ctx, s.limits.clientIP(req.Peer(), req.Header()))
	if err != nil {
		return dbq.Session{}, "", err
	}
	msg, contractChain, err := s.check(ctx, req.Msg)
	if err != nil {
		return dbq.Session{}, "", s.limits.settle(ctx, pass, err)
	}
	tag := addrTag(msg.Address)
	nonceKey, want := s.nonces.tagKey(tag, msg.Nonce), binding(msg.Address, msg.ChainID)
	if err := s.limits.allowAndConsume(ctx, pass, tag, nonceKey, want); err != nil {
		return dbq.Session{}, "", err
	}
	return s.openSession(ctx, msg.Address, msg.ChainID, contractChain)
}

// check parses the message, checks it and verifies its signature.
func (s *Service) check(ctx context.Context, in *authv1.SignInRequest) (*siwe.Message, uint64, error) {
	text := in.GetMessage()
	msg, err := siwe.Parse(text)
	if err == nil {
		err = s.checkMessage(msg, time.Now())
	}
	var contractChain uint64
	if err == nil {
		contractChain, err = s.verifySignature(ctx, msg, text, in.GetSignature())
	}
	return msg, contractChain, err
}

// checkMessage checks everything but the nonce and the signature.
func (s *Service) checkMessage(m *siwe.Message, now time.Time) error {
	scheme := m.Scheme
	if scheme == "" {
		scheme = "https" // EIP-4361: an absent scheme means HTTPS
	}
	switch {
	case m.Domain != s.cfg.Domain:
		return fmt.Errorf("%w: domain %q, want %q", ErrWrongOrigin, m.Domain, s.cfg.Domain)
	case scheme != s.scheme:
		return fmt.Errorf("%w: scheme %q, want %q", ErrWrongOrigin, scheme, s.scheme)
	case m.URI != s.cfg.URI:
		return fmt.Errorf("%w: URI %q, want %q", ErrWrongOrigin, m.URI, s.cfg.URI)
	}
	if err := s.checkChain(m.ChainID); err != nil {
		return err
	}
	skew := s.cfg.ClockSkew
	switch {
	case m.IssuedAt.Time.After(now.Add(skew)):
		return fmt.Errorf("%w: issued in the future (%s)", ErrExpired, m.IssuedAt.Text)
	case m.IssuedAt.Time.Before(now.Add(-s.cfg.NonceTTL - skew)):
		return fmt.Errorf("%w: issued at %s, longer ago than a nonce lives", ErrExpired, m.IssuedAt.Text)
	case !m.ExpirationTime.IsZero() && !now.Add(-skew).Before(m.ExpirationTime.Time):
		return fmt.Errorf("%w: expired at %s", ErrExpired, m.ExpirationTime.Text)
	case !m.NotBefore.IsZero() && now.Add(skew).Before(m.NotBefore.Time):
		return fmt.Errorf("%w: not valid before %s", ErrExpired, m.NotBefore.Text)
	}
	return nil
}
