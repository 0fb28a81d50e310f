package transcode

import (
	"errors"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps the queue's sentinels to Connect codes; server/wires.go
// puts it into the server's one table.
var Errors = rpcerr.Table{
	{Err: ErrLeaseLost, Code: connect.CodeAborted},
	{Err: ErrOutputMissing, Code: connect.CodeFailedPrecondition},
	{Err: ErrBadCompletion, Code: connect.CodeInvalidArgument},
	{Err: ErrBadWorkerToken, Code: connect.CodeUnauthenticated},
}

var (
	// ErrLeaseLost is returned for a call whose lease token no longer
	// holds the job.
	ErrLeaseLost = errors.New("lease lost: the job is no longer held under this lease token")
	// ErrOutputMissing is returned by CompleteJob when a named output file
	// was not uploaded.
	ErrOutputMissing = errors.New("output missing")
	// ErrBadCompletion is returned by CompleteJob for renditions or output
	// paths it cannot publish.
	ErrBadCompletion = errors.New("invalid completion")
	// ErrBadWorkerToken is returned for a call without a valid worker token.
	ErrBadWorkerToken = errors.New("this call needs a worker token: Authorization: Bearer <one of --worker-tokens>")
)
