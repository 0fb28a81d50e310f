package server

import (
	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/server/rpcerr"
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
type ServiceConfig struct{}

// errorTable maps every domain sentinel to its Connect code. Services add
// their sentinels here, and nowhere else.
var errorTable = rpcerr.Table{
	{Err: db.ErrNotFound, Code: connect.CodeNotFound},
	{Err: db.ErrConflict, Code: connect.CodeAlreadyExists},
}
