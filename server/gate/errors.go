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
	{Err: ErrOverBudget, Code: connect.CodeFailedPrecondition},
	{Err: ErrRateLimited, Code: connect.CodeResourceExhausted},
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

// ErrOverBudget is returned for a rule that may cost more chain calls per
// check than the server allows: refused when set (with ErrBadRule), and,
// for a rule stored before the limit (or before its chain lost
// Multicall3), a check that fails closed without reading the chain.
var ErrOverBudget = errors.New("access rule too costly to check")

// ErrRateLimited is returned when a caller or a video has made too many
// checks that read the chain; the error carries a RetryInfo detail and a
// Retry-After header.
var ErrRateLimited = errors.New("too many access checks; slow down")
