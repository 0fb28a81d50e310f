package server

import (
	"slices"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/health"
	"github.com/streamgate/streamgate/server/ident"
	"github.com/streamgate/streamgate/server/objectgc"
	"github.com/streamgate/streamgate/server/outage"
	"github.com/streamgate/streamgate/server/playback"
	"github.com/streamgate/streamgate/server/revoke"
	"github.com/streamgate/streamgate/server/rpcerr"
	"github.com/streamgate/streamgate/server/tokens"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
	"github.com/streamgate/streamgate/server/video"
	"github.com/streamgate/streamgate/server/webhook"
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
	{"webhook", wireWebhook},
}

// ServiceConfig holds each service's own settings.
type ServiceConfig struct {
	Auth      auth.Config
	Video     video.Config
	Upload    upload.Config
	Gate      gate.Config
	Playback  playback.Config
	Transcode transcode.Config
	Webhook   webhook.Config
	// Revoke is the chain watcher (wire_revoke.go), part of the gate and
	// playback roles when enabled.
	Revoke revoke.Config
	// ObjectGC runs whenever a service that abandons objects is hosted.
	ObjectGC objectgc.Config
}

// longRPCs get outage.Config.LongRPC instead of RPC: they do heavy work
// by design (CompleteUpload joins, re-reads and probes the original).
var longRPCs = []string{uploadv1connect.UploadServiceCompleteUploadProcedure}

// errorTable maps every domain sentinel to its Connect code: the shared
// rows here, then each service's own table, which it exports as Errors
// (and its tests use as they are). The first match wins.
var errorTable = slices.Concat(
	rpcerr.Table{
		{Err: db.ErrNotFound, Code: connect.CodeNotFound},
		{Err: db.ErrConflict, Code: connect.CodeAlreadyExists},
		{Err: db.ErrUnavailable, Code: connect.CodeUnavailable},
		{Err: outage.ErrRedisUnavailable, Code: connect.CodeUnavailable},
	},
	acl.Errors,
	ident.Errors,
	gate.Errors,
	rpcerr.Table{
		{Err: chain.ErrUnknownChain, Code: connect.CodeInvalidArgument},
		{Err: chain.ErrUnavailable, Code: connect.CodeUnavailable},
	},
	transcode.Errors,
	video.Errors,
	upload.Errors,
	playback.Errors,
	webhook.Errors,
	auth.Errors,
	health.Errors,
	rpcerr.Table{{Err: tokens.ErrInvalidToken, Code: connect.CodeUnauthenticated}},
)
