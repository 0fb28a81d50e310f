package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/auth/v1/authv1connect"
	"github.com/streamgate/streamgate/server/auth"
)

func wireAuth(m *mounter) error {
	path, h := authv1connect.NewAuthServiceHandler(auth.New(), m.opts...)
	m.handle(authv1connect.AuthServiceName, path, h)
	return nil
}
