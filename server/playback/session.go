package playback

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/server/authn"
)

// A wallet's playback token is bound to the session that authorized it:
// its "sid" claim names the session, and, for a contract wallet
// (EIP-1271), its "contract_chain_id" claim the one chain the wallet
// proved itself on. Revoking the session (sign-out, refresh-token reuse)
// ends the token at its next renewal and its next key fetch; a
// contract-wallet token only passes rules on its own chain. Tokens
// without a session (anonymous ones) are not bound.

// Sessions says whether a session is still live; *db.Store is one.
type Sessions interface {
	SessionLive(ctx context.Context, id uuid.UUID) (bool, error)
}

// RuleChains names the chains a video's access rule reads (none for an
// ungated video); *gate.Checker is one. It returns db.ErrNotFound for a
// missing video and an error wrapping ErrGateUnavailable when the rule
// cannot be read.
type RuleChains interface {
	RuleChains(ctx context.Context, videoID uuid.UUID) ([]uint64, error)
}

var (
	// ErrSessionEnded is a wallet's playback token whose session was
	// revoked: signed out, or its refresh token reused (Unauthenticated).
	ErrSessionEnded = errors.New("the session this playback token was issued to has ended: sign in again")
	// ErrOtherChain is a contract wallet's session used for a rule on a
	// chain it did not prove itself on (PermissionDenied); the error is an
	// *authn.ChainScopeError saying which chain to sign in on.
	ErrOtherChain = authn.ErrOtherChain
)

// binding is what a wallet's playback token is bound to.
type binding struct {
	// session is the session that authorized the token; uuid.Nil for a
	// token without one.
	session uuid.UUID
	// contractChain is zero for an EOA; for a contract wallet the chain it
	// proved itself on.
	contractChain uint64
}

func (b binding) sid() string {
	if b.session == uuid.Nil {
		return ""
	}
	return b.session.String()
}

// parseBinding reads a token's binding claims.
func parseBinding(c *Claims) (binding, error) {
	b := binding{contractChain: c.ContractChainID}
	if c.SessionID == "" {
		if b.contractChain != 0 {
			return binding{}, ErrBadToken // a contract wallet's token always has a session
		}
		return b, nil
	}
	id, err := uuid.Parse(c.SessionID)
	if err != nil || id == uuid.Nil {
		return binding{}, ErrBadToken
	}
	b.session = id
	return b, nil
}

// sessionLive refuses to renew a token whose session has ended. It asks
// the database (one primary-key lookup) on every renewal: a renewal
// already runs the gate, and the answer is exact on every replica. A
// wallet's token without a session (issued before tokens were bound)
// plays until it expires but is not renewed; a token without a wallet
// (anonymous) has nothing to bind.
func (s *Service) sessionLive(ctx context.Context, t ticket) error {
	b := t.binding
	if t.address == "" {
		return nil
	}
	if b.session == uuid.Nil {
		return fmt.Errorf("%w (the token names none)", ErrSessionEnded)
	}
	if s.deps.Sessions == nil {
		return fmt.Errorf("%w: no session store to check the token's session against", ErrGateUnavailable)
	}
	live, err := s.deps.Sessions.SessionLive(ctx, b.session)
	if err != nil {
		return fmt.Errorf("check session: %w", err)
	}
	if !live {
		return ErrSessionEnded
	}
	return nil
}

// inScope refuses a contract wallet's session for a rule that reads any
// chain but the one the wallet proved itself on. The owner of the video
// and an EOA pass; a rule on the wallet's own chain goes on to the gate.
func (s *Service) inScope(ctx context.Context, v video, address string, b binding) error {
	if b.contractChain == 0 || v.ownedBy(address) {
		return nil
	}
	if s.deps.RuleChains == nil {
		return fmt.Errorf("%w: no rule source to scope a contract wallet's session", ErrGateUnavailable)
	}
	chains, err := s.deps.RuleChains.RuleChains(ctx, v.id)
	if err != nil {
		return err
	}
	return authn.ChainScope(b.contractChain, chains)
}

// contentKey reads the video's HLS key for a token: a session-bound
// token's session is checked in the same round trip (hlskey.GetForSession).
func (s *Service) contentKey(ctx context.Context, v video, t ticket) ([]byte, error) {
	if t.binding.session == uuid.Nil {
		return s.deps.Keys.Get(ctx, v.id)
	}
	return s.deps.Keys.GetForSession(ctx, v.id, t.binding.session)
}

// callerBinding binds a token to the caller's session.
func callerBinding(c authn.Caller) (binding, error) {
	id, err := uuid.Parse(c.SessionID)
	if err != nil || id == uuid.Nil {
		return binding{}, fmt.Errorf("%w: the access token names no session", ErrSessionEnded)
	}
	return binding{session: id, contractChain: c.ContractChainID}, nil
}
