package upload

import (
	"errors"
	"fmt"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps the upload's sentinels to Connect codes; server/wires.go
// puts it into the server's one table. Media rejections are
// InvalidArgument; ownership answers come from server/acl.
var Errors = rpcerr.Table{
	{Err: ErrState, Code: connect.CodeFailedPrecondition},
	{Err: ErrTooLarge, Code: connect.CodeInvalidArgument},
	{Err: ErrBadPart, Code: connect.CodeInvalidArgument},
	{Err: ErrIncomplete, Code: connect.CodeFailedPrecondition},
	{Err: ErrOffset, Code: connect.CodeFailedPrecondition},
	{Err: ErrSizeMismatch, Code: connect.CodeInvalidArgument},
	{Err: ErrChecksumMismatch, Code: connect.CodeDataLoss},
	{Err: ErrPartChecksum, Code: connect.CodeDataLoss},
	{Err: media.ErrRejected, Code: connect.CodeInvalidArgument},
	{Err: ErrBadStream, Code: connect.CodeInvalidArgument},
	{Err: ErrDeclaration, Code: connect.CodeInvalidArgument},
	{Err: ErrBusy, Code: connect.CodeResourceExhausted},
	{Err: ErrWalletBusy, Code: connect.CodeResourceExhausted},
	{Err: ErrStreamIdle, Code: connect.CodeDeadlineExceeded},
	{Err: ErrCompletionsBusy, Code: connect.CodeResourceExhausted},
	{Err: ErrStoreStalled, Code: connect.CodeUnavailable},
}

var (
	// ErrState is returned when the upload or video is not in a state that
	// allows the call (completed, aborted, expired, already uploaded).
	ErrState = errors.New("not possible in the current state")
	// ErrTooLarge is returned for a file above the configured maximum.
	ErrTooLarge = errors.New("file too large")
	// ErrBadPart is returned for a part number outside the upload's plan.
	ErrBadPart = errors.New("no such part")
	// ErrIncomplete is returned when parts are missing or of the wrong size.
	ErrIncomplete = errors.New("upload incomplete")
	// ErrOffset is returned when a stream starts where it cannot resume.
	ErrOffset = errors.New("stream offset does not match the upload")
	// ErrSizeMismatch is returned when more bytes arrive than declared.
	ErrSizeMismatch = errors.New("size does not match the declared size")
	// ErrChecksumMismatch is returned when the stored file's SHA-256 or size
	// differ from the declared ones; the upload has failed.
	ErrChecksumMismatch = errors.New("stored bytes differ from the declared file")
	// ErrPartChecksum ends an upload stream one of whose parts differs
	// from the SHA-256 the stream sent for it; that part is not stored,
	// and the upload stays open.
	ErrPartChecksum = errors.New("a part's bytes differ from its checksum")
	// ErrBadStream is returned for an upload stream whose messages are not
	// a header then chunks, or whose header does not fit its upload.
	ErrBadStream = errors.New("invalid upload stream")
	// ErrDeclaration is returned when a completion's parts_sha256 does not
	// fit the upload: one that declared no checksum needs it, one that
	// declared the whole file's takes none, and one that declared its
	// parts' must be given the same or none.
	ErrDeclaration = errors.New("the checksum does not fit the upload's declaration")
	// ErrBusy is returned when this server takes as many upload streams as
	// it may at once.
	ErrBusy = errors.New("this server is taking as many upload streams as it may; retry later, or upload through presigned parts")
	// ErrWalletBusy is returned when the caller's wallet has as many
	// upload streams open as one wallet may (ResourceExhausted).
	ErrWalletBusy = errors.New("too many upload streams")
	// ErrStreamIdle ends an upload stream whose client sent no header, or
	// no next message, in time (DeadlineExceeded).
	ErrStreamIdle = errors.New("upload stream idle")
	// ErrCompletionsBusy is returned when this server runs as many
	// completions (each reads the whole file) as it may at once.
	ErrCompletionsBusy = errors.New("this server is completing as many uploads as it may at once")
	// ErrStoreStalled ends an upload stream whose part the object store
	// stopped taking, or did not answer, within the stream's idle timeout
	// (Unavailable); the parts stored before stay for a resume.
	ErrStoreStalled = errors.New("the object store stalled on a part")
)

// invalid is ErrBadStream with what is wrong.
func invalid(msg string) error {
	return fmt.Errorf("%w: %s", ErrBadStream, msg)
}
