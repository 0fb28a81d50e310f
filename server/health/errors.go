package health

import (
	"errors"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps the health checker's sentinel to its Connect code;
// server/wires.go puts it into the server's one table, whose interceptor
// the gRPC health handler runs.
var Errors = rpcerr.Table{{Err: ErrUnknownService, Code: connect.CodeNotFound}}

// ErrUnknownService is returned for a health check of a service this
// process does not host (the gRPC health protocol's NOT_FOUND).
var ErrUnknownService = errors.New("unknown service")
