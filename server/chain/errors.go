package chain

import (
	"errors"
	"strings"

	"github.com/ethereum/go-ethereum/rpc"
)

// ErrUnknownChain is returned for a chain id the server is not configured
// to read.
var ErrUnknownChain = errors.New("this server reads no such chain")

// ErrUnavailable is returned when no endpoint of a chain could answer. It
// says nothing of what the chain holds: callers must not treat it as "no".
var ErrUnavailable = errors.New("the chain could not be reached")

// ErrExecution is returned when a node answered that the call itself
// failed in the EVM (a revert, running out of gas, a bad opcode): a fact
// about the contract, not about the endpoint.
var ErrExecution = errors.New("contract call failed")

// vmErrors are the messages geth and its kin answer for calls that failed
// inside the EVM; the rest of -32000 (missing header, pruned state) are the
// node's trouble and worth another endpoint.
var vmErrors = []string{
	"execution reverted", "out of gas", "invalid opcode", "stack underflow",
	"stack overflow", "invalid jump destination", "write protection",
	"return data out of bounds", "invalid code", "max call depth",
}

// isExecution tells a definite answer from the EVM apart from a failure
// of transport or node.
func isExecution(err error) bool {
	var re rpc.Error
	if !errors.As(err, &re) {
		return false
	}
	if re.ErrorCode() == 3 {
		return true
	}
	msg := strings.ToLower(re.Error())
	for _, m := range vmErrors {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}
