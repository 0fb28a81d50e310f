// Package acl is the one rule for who may see and who may change a video,
// used by every service that reads or changes one (video, upload, gate,
// playback):
//
//   - public and unlisted videos are seen by anyone; a private video only
//     by its owner, and to anyone else it does not exist (db.ErrNotFound),
//     so its id reveals nothing;
//   - only the owner changes a video; anyone else who may see it gets
//     ErrNotOwner (PermissionDenied).
//
// Addresses compare without case: an EIP-55 checksum is a display form.
package acl

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/rpcerr"
)

// ErrNotOwner is returned when a wallet changes what it does not own.
var ErrNotOwner = errors.New("only the video's owner may do this")

// Errors maps the package's sentinel to its Connect code (server/wires.go).
var Errors = rpcerr.Table{{Err: ErrNotOwner, Code: connect.CodePermissionDenied}}

// Video is what the rule needs to know of a video.
type Video struct {
	ID      uuid.UUID
	Owner   string
	Private bool
}

// Owns reports whether address is owner. An empty address (anonymous)
// owns nothing.
func Owns(owner, address string) bool {
	return address != "" && strings.EqualFold(owner, address)
}

// Viewer is the signed-in caller's address, or "" for an anonymous call.
func Viewer(ctx context.Context) string {
	c, _ := authn.FromContext(ctx)
	return c.Address
}

// See returns nil when address ("" for anonymous) may know of v, else an
// error wrapping db.ErrNotFound, the same answer as for a missing video.
func See(v Video, address string) error {
	if v.Private && !Owns(v.Owner, address) {
		return fmt.Errorf("video %s: %w", v.ID, db.ErrNotFound)
	}
	return nil
}

// Change returns nil when address owns v. Anyone else gets See's answer
// for a private video, ErrNotOwner for one they may see.
func Change(v Video, address string) error {
	if Owns(v.Owner, address) {
		return nil
	}
	if err := See(v, address); err != nil {
		return err
	}
	return fmt.Errorf("video %s: %w", v.ID, ErrNotOwner)
}

// Of is the rule's view of a catalog row's id, owner and visibility.
func Of(id uuid.UUID, owner string, visibility dbq.VideoVisibility) Video {
	return Video{ID: id, Owner: owner, Private: visibility == dbq.VideoVisibilityPrivate}
}
