// Package ident reads the UUIDs requests name (video, upload, job ids),
// one way everywhere. Protovalidate has checked their shape before a
// handler runs; this keeps a handler reached without it (a test, a new
// route) from panicking or answering Internal.
package ident

import (
	"errors"
	"fmt"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/server/rpcerr"
)

// ErrMalformed is returned for an id that is not a UUID.
var ErrMalformed = errors.New("not a UUID")

// Errors maps the package's sentinel to its Connect code (server/wires.go).
var Errors = rpcerr.Table{{Err: ErrMalformed, Code: connect.CodeInvalidArgument}}

// Parse reads the id in the request field named field ("video_id").
func Parse(field, s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, fmt.Errorf("%s: %w", field, ErrMalformed)
	}
	return id, nil
}
