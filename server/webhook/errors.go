package webhook

import (
	"errors"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps the service's sentinels to Connect codes; server/wires.go
// puts it into the server's one table. A missing endpoint, or another
// creator's, is db.ErrNotFound (NotFound) from the shared rows.
var Errors = rpcerr.Table{
	{Err: ErrBadURL, Code: connect.CodeInvalidArgument},
	{Err: ErrBadUpdate, Code: connect.CodeInvalidArgument},
}

var (
	// ErrBadURL is returned for an endpoint URL that is not an absolute
	// http or https URL with a host (InvalidArgument).
	ErrBadURL = errors.New("invalid endpoint url")
	// ErrBadUpdate is returned for an update mask naming a field that
	// cannot be changed (InvalidArgument).
	ErrBadUpdate = errors.New("invalid update")
	// errRefused is an attempt to reach an address in a refused range; it
	// is recorded on the delivery, never returned to a client.
	errRefused = errors.New("refused")
)
