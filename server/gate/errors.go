package gate

import (
	"errors"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps the gate's sentinels to Connect codes; server/wires.go puts
// every service's table into the server's one table.
var Errors = rpcerr.Table{
	{Err: ErrUnavailable, Code: connect.CodeUnavailable},
	{Err: ErrNotOwner, Code: connect.CodePermissionDenied},
	{Err: ErrBadRule, Code: connect.CodeInvalidArgument},
	{Err: ErrBadAddress, Code: connect.CodeInvalidArgument},
}

// ErrUnavailable means the chain could not answer, so nobody is let in and
// nothing is cached: the caller should retry.
var ErrUnavailable = errors.New("the chain could not be read; try again shortly")

// ErrNotOwner is returned when a wallet changes or explains the rule of a
// video it does not own.
var ErrNotOwner = errors.New("only the video's owner may do this")

// ErrBadRule is returned for a rule the gate cannot enforce: a bad
// address, an unknown chain, a tree too deep or too large, a contract that
// is missing or is not the standard named.
var ErrBadRule = errors.New("invalid access rule")

// ErrBadAddress is returned for a wallet address that is not one.
var ErrBadAddress = errors.New("not a wallet address")
