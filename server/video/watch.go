package video

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/streamgate/streamgate/db"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/ident"
)

// WatchVideo sends the video now, then again after every change to it (its
// status and progress come from uploads and the transcode queue). The
// stream ends with NotFound when the video is deleted or hidden from the
// caller.
func (s *Service) WatchVideo(ctx context.Context, req *connect.Request[videov1.WatchVideoRequest], stream *connect.ServerStream[videov1.WatchVideoResponse]) error {
	id, err := ident.Parse("id", req.Msg.Id)
	if err != nil {
		return err
	}
	// Subscribe before the first read, so no change falls in between.
	wake, cancel := s.hub.subscribe(id)
	defer cancel()
	var last *videov1.Video
	for {
		v, err := s.readable(ctx, id)
		if err != nil {
			if last != nil && errors.Is(err, db.ErrNotFound) {
				return fmt.Errorf("video %s %w", id, ErrDeleted)
			}
			return err
		}
		cur, err := s.describeOne(ctx, v)
		if err != nil {
			return err
		}
		if !proto.Equal(cur, last) {
			if err := stream.Send(&videov1.WatchVideoResponse{Video: cur}); err != nil {
				return err
			}
			last = cur
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		}
	}
}
