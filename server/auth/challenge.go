package auth

import (
	"context"
	"fmt"
	"slices"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/common"
	"google.golang.org/protobuf/types/known/timestamppb"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	"github.com/streamgate/streamgate/internal/siwe"
)

// GetChallenge issues a nonce bound to the address and chain, and the
// message the wallet should sign.
func (s *Service) GetChallenge(ctx context.Context, req *connect.Request[authv1.GetChallengeRequest]) (*connect.Response[authv1.GetChallengeResponse], error) {
	address := common.HexToAddress(req.Msg.GetAddress()).Hex()
	// Challenges count per client IP only: anyone may ask one for any
	// address, so counting them per address would let a stranger lock
	// the wallet out.
	if err := s.limits.allowIP(ctx, s.limits.clientIP(req.Peer(), req.Header())); err != nil {
		return nil, err
	}
	if err := s.checkChain(req.Msg.GetChainId()); err != nil {
		return nil, err
	}
	now := time.Now()
	msg := s.challenge(address, req.Msg.GetChainId(), newNonce(), now)
	if err := s.nonces.issue(ctx, msg.Nonce, address, msg.ChainID, s.cfg.NonceTTL); err != nil {
		return nil, err
	}
	return connect.NewResponse(&authv1.GetChallengeResponse{
		Nonce:     msg.Nonce,
		Message:   msg.String(),
		ExpiresAt: timestamppb.New(msg.ExpirationTime.Time),
	}), nil
}

// challenge builds the message for a nonce; it expires with the nonce.
func (s *Service) challenge(address string, chainID uint64, nonce string, now time.Time) *siwe.Message {
	m := &siwe.Message{
		Domain: s.cfg.Domain, Address: address, URI: s.cfg.URI, Version: "1",
		Scheme: s.cfg.scheme(), ChainID: chainID, Nonce: nonce,
		IssuedAt: siwe.At(now), ExpirationTime: siwe.At(now.Add(s.cfg.NonceTTL)),
	}
	if s.cfg.Statement != "" {
		m.Statement = &s.cfg.Statement
	}
	return m
}

func (s *Service) checkChain(id uint64) error {
	if !slices.Contains(s.cfg.ChainIDs, id) {
		return fmt.Errorf("%w: chain id %d (allowed: %v)", ErrChainNotAllowed, id, s.cfg.ChainIDs)
	}
	return nil
}
