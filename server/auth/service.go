// Package auth serves streamgate.auth.v1.AuthService: wallet sign-in (EIP-4361) and sessions.
package auth

import (
	"github.com/streamgate/streamgate/gen/streamgate/auth/v1/authv1connect"
)

// Service implements authv1connect.AuthServiceHandler.
type Service struct {
	authv1connect.UnimplementedAuthServiceHandler
}

// New returns the service.
func New() *Service { return &Service{} }
