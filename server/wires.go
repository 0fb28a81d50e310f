package server

import (
	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/playback"
	"github.com/streamgate/streamgate/server/rpcerr"
	"github.com/streamgate/streamgate/server/tokens"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
	"github.com/streamgate/streamgate/server/video"
)

// wire mounts one service; each lives in its own wire_<name>.go.
type wire struct {
	name string
	wire func(m *mounter) error
}

// wires is every service, in the order they are built.
var wires = []wire{
	{"auth", wireAuth},
	{"video", wireVideo},
	{"upload", wireUpload},
	{"gate", wireGate},
	{"playback", wirePlayback},
	{"transcode", wireTranscode},
}

// ServiceConfig holds each service's own settings.
type ServiceConfig struct {
	Auth      auth.Config
	Video     video.Config
	Upload    upload.Config
	Gate      gate.Config
	Playback  playback.Config
	Transcode transcode.Config
}

// errorTable maps every domain sentinel to its Connect code. Services add
// their sentinels here, and nowhere else.
var errorTable = rpcerr.Table{
	{Err: db.ErrNotFound, Code: connect.CodeNotFound},
	{Err: db.ErrConflict, Code: connect.CodeAlreadyExists},
	{Err: gate.ErrUnavailable, Code: connect.CodeUnavailable},
	{Err: gate.ErrNotOwner, Code: connect.CodePermissionDenied},
	{Err: gate.ErrBadRule, Code: connect.CodeInvalidArgument},
	{Err: gate.ErrBadAddress, Code: connect.CodeInvalidArgument},
	{Err: chain.ErrUnknownChain, Code: connect.CodeInvalidArgument},
	{Err: chain.ErrUnavailable, Code: connect.CodeUnavailable},
	{Err: transcode.ErrLeaseLost, Code: connect.CodeAborted},
	{Err: transcode.ErrOutputMissing, Code: connect.CodeFailedPrecondition},
	{Err: video.ErrNotOwner, Code: connect.CodePermissionDenied},
	{Err: video.ErrBadPageToken, Code: connect.CodeInvalidArgument},
	{Err: upload.ErrNotOwner, Code: connect.CodePermissionDenied},
	{Err: upload.ErrState, Code: connect.CodeFailedPrecondition},
	{Err: upload.ErrTooLarge, Code: connect.CodeInvalidArgument},
	{Err: upload.ErrBadPart, Code: connect.CodeInvalidArgument},
	{Err: upload.ErrIncomplete, Code: connect.CodeFailedPrecondition},
	{Err: upload.ErrOffset, Code: connect.CodeFailedPrecondition},
	{Err: upload.ErrSizeMismatch, Code: connect.CodeInvalidArgument},
	{Err: upload.ErrChecksumMismatch, Code: connect.CodeDataLoss},
	{Err: media.ErrRejected, Code: connect.CodeInvalidArgument},
	{Err: auth.ErrMalformed, Code: connect.CodeInvalidArgument},
	{Err: auth.ErrBadSignatureEncoding, Code: connect.CodeInvalidArgument},
	{Err: auth.ErrChainNotAllowed, Code: connect.CodeInvalidArgument},
	{Err: auth.ErrBadRefreshToken, Code: connect.CodeInvalidArgument},
	{Err: auth.ErrWrongOrigin, Code: connect.CodeUnauthenticated},
	{Err: auth.ErrExpired, Code: connect.CodeUnauthenticated},
	{Err: auth.ErrNonce, Code: connect.CodeUnauthenticated},
	{Err: auth.ErrBadSignature, Code: connect.CodeUnauthenticated},
	{Err: auth.ErrSessionEnded, Code: connect.CodeUnauthenticated},
	{Err: auth.ErrRefreshReuse, Code: connect.CodeUnauthenticated},
	{Err: auth.ErrNoChainAccess, Code: connect.CodeFailedPrecondition},
	{Err: auth.ErrChainUnavailable, Code: connect.CodeUnavailable},
	{Err: auth.ErrRateLimited, Code: connect.CodeResourceExhausted},
	{Err: tokens.ErrInvalidToken, Code: connect.CodeUnauthenticated},
}
