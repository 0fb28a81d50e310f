package video

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/proto"

	"github.com/streamgate/streamgate/db"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/clientip"
	"github.com/streamgate/streamgate/server/ident"
)

// WatchVideo sends the video now, then again after every change to it (its
// status and progress come from uploads and the transcode queue). The
// stream ends with NotFound when the video is deleted or hidden from the
// caller. Streams are capped per client address and per video
// (ResourceExhausted); all watchers of a video share one read per change.
func (s *Service) WatchVideo(ctx context.Context, req *connect.Request[videov1.WatchVideoRequest], stream *connect.ServerStream[videov1.WatchVideoResponse]) error {
	id, err := ident.Parse("id", req.Msg.Id)
	if err != nil {
		return err
	}
	// Joining subscribes before the first read is taken, so no change
	// falls in between.
	w, err := s.hub.join(id, s.clientIP(req.Peer(), req.Header()))
	if err != nil {
		return err
	}
	defer w.leave()
	viewer := acl.Viewer(ctx)
	var last *videov1.Video
	for {
		snap, ok := w.next(ctx)
		if !ok {
			return nil
		}
		err := snap.err
		if err == nil {
			err = acl.See(snap.rule, viewer)
		}
		if err != nil {
			if last != nil && errors.Is(err, db.ErrNotFound) {
				return fmt.Errorf("video %s %w", id, ErrDeleted)
			}
			return err
		}
		if !proto.Equal(snap.video, last) {
			if err := stream.Send(&videov1.WatchVideoResponse{Video: snap.video}); err != nil {
				return err
			}
			last = snap.video
		}
	}
}

// readShared is the one read a change costs, whoever watches: the row
// and its gate flag, with no caller's visibility applied.
func (s *Service) readShared(ctx context.Context, id uuid.UUID) *snapshot {
	v, err := s.deps.Store.GetVideo(ctx, id)
	if err != nil {
		return &snapshot{err: fmt.Errorf("video %s: %w", id, err)}
	}
	out, err := s.describeOne(ctx, v)
	if err != nil {
		return &snapshot{err: err}
	}
	return &snapshot{video: out, rule: acl.Of(v.ID, v.OwnerAddress, v.Visibility)}
}

// clientIP is the caller's address: the last entry of the configured
// proxy header when set and present, else the TCP peer's host.
func (s *Service) clientIP(peer connect.Peer, h http.Header) string {
	return clientip.Of(s.cfg.ClientIPHeader, peer, h)
}
