package playback

import (
	"errors"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	"github.com/streamgate/streamgate/server/rpcerr"
)

// Errors maps playback's sentinels to Connect codes; server/wires.go puts
// it into the server's one table. Visibility answers come from
// server/acl, ids from server/ident.
var Errors = rpcerr.Table{
	{Err: ErrBadToken, Code: connect.CodeUnauthenticated},
	{Err: ErrSessionEnded, Code: connect.CodeUnauthenticated},
	{Err: ErrSignInToWatch, Code: connect.CodeUnauthenticated},
	{Err: ErrNotYourToken, Code: connect.CodePermissionDenied},
	{Err: ErrOtherChain, Code: connect.CodePermissionDenied},
	{Err: ErrDenied, Code: connect.CodePermissionDenied},
	{Err: ErrNotReady, Code: connect.CodeFailedPrecondition},
	{Err: ErrGateUnavailable, Code: connect.CodeUnavailable},
}

var (
	// ErrBadToken hides why a playback token was refused: a client learns
	// nothing about the video from it (Unauthenticated).
	ErrBadToken = errors.New("playback token is not valid")
	// ErrNotYourToken is returned when a signed-in wallet renews another
	// wallet's playback token (PermissionDenied).
	ErrNotYourToken = errors.New("this playback token belongs to another wallet")
	// ErrDenied is what every Denial is (PermissionDenied).
	ErrDenied = errors.New("this wallet does not meet the video's access rule")
	// ErrNotReady is returned for a video that has no stream yet
	// (FailedPrecondition).
	ErrNotReady = errors.New("not ready to play")
	// ErrGateUnavailable means the gate could not decide (chain or cache
	// down); playback fails closed (Unavailable).
	ErrGateUnavailable = errors.New("access cannot be checked right now")
)

// Denial is the gate's no: its reason is the message and its evaluation,
// when the video has a rule, goes to the client as an error detail.
type Denial struct {
	Reason     string
	Evaluation *gatev1.Evaluation
}

func (d *Denial) Error() string {
	if d.Reason == "" {
		return ErrDenied.Error()
	}
	return d.Reason
}

// Is makes every Denial an ErrDenied.
func (d *Denial) Is(target error) bool { return target == ErrDenied }

// ErrorDetails implements rpcerr.Detailer.
func (d *Denial) ErrorDetails() []proto.Message {
	if d.Evaluation == nil {
		return nil
	}
	return []proto.Message{d.Evaluation}
}
