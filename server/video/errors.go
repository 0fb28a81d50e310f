package video

import (
	"errors"
	"fmt"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/media/caption"
	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps the catalog's sentinels to Connect codes; server/wires.go
// puts it into the server's one table. Ownership and visibility answers
// come from server/acl, ids from server/ident.
var Errors = rpcerr.Table{
	{Err: ErrBadPageToken, Code: connect.CodeInvalidArgument},
	{Err: ErrBadUpdate, Code: connect.CodeInvalidArgument},
	{Err: ErrDeleted, Code: connect.CodeNotFound},
	{Err: ErrTooManyWatches, Code: connect.CodeResourceExhausted},
	{Err: ErrTooManyTracks, Code: connect.CodeResourceExhausted},
	{Err: caption.ErrInvalid, Code: connect.CodeInvalidArgument},
}

var (
	// ErrBadPageToken is returned for a page token this server did not issue.
	ErrBadPageToken = errors.New("page_token is not one this server issued")
	// ErrBadUpdate is returned for an update mask or field the catalog
	// cannot apply (InvalidArgument).
	ErrBadUpdate = errors.New("invalid update")
	// ErrDeleted ends a watch whose video was deleted or hidden from the
	// caller after it was first sent (NotFound).
	ErrDeleted = errors.New("was deleted")
	// ErrTooManyWatches refuses a WatchVideo stream past the per-address
	// or per-video cap (ResourceExhausted).
	ErrTooManyWatches = errors.New("too many WatchVideo streams")
	// ErrTooManyTracks refuses a text track past MaxTextTracks
	// (ResourceExhausted).
	ErrTooManyTracks = errors.New("too many text tracks")
)

// invalid is ErrBadUpdate with what is wrong.
func invalid(msg string) error {
	return fmt.Errorf("%w: %s", ErrBadUpdate, msg)
}
