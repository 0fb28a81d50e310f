package gate

import (
	"errors"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps the gate's sentinels to Connect codes; server/wires.go puts
// every service's table into the server's one table. Ownership and
// visibility answers come from server/acl, ids from server/ident.
var Errors = rpcerr.Table{
	{Err: ErrUnavailable, Code: connect.CodeUnavailable},
	{Err: ErrBadRule, Code: connect.CodeInvalidArgument},
	{Err: ErrBadAddress, Code: connect.CodeInvalidArgument},
}

// ErrUnavailable means the chain could not answer, so nobody is let in and
// nothing is cached: the caller should retry.
var ErrUnavailable = errors.New("the chain could not be read; try again shortly")

// ErrBadRule is returned for a rule the gate cannot enforce: a bad
// address, an unknown chain, a tree too deep or too large, a contract that
// is missing or is not the standard named.
var ErrBadRule = errors.New("invalid access rule")

// ErrBadAddress is returned for a wallet address that is not one.
var ErrBadAddress = errors.New("not a wallet address")
