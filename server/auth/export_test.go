package auth

import (
	"context"

	"connectrpc.com/connect"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
)

// Admit exposes sign-in up to its tokens to the benchmarks.
func (s *Service) Admit(ctx context.Context, req *connect.Request[authv1.SignInRequest]) error {
	_, _, err := s.admit(ctx, req)
	return err
}
