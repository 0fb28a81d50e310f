package video

import (
	"context"
	"fmt"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
	"github.com/streamgate/streamgate/server/webhook"
)

// CreateVideo adds a video owned by the caller.
func (s *Service) CreateVideo(ctx context.Context, req *connect.Request[videov1.CreateVideoRequest]) (*connect.Response[videov1.CreateVideoResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	vis, _ := visibilityFromProto(req.Msg.Visibility)
	tags := req.Msg.Tags
	if tags == nil {
		tags = []string{}
	}
	var v dbq.Video
	err = s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		if v, err = q.CreateVideo(ctx, dbq.CreateVideoParams{
			ID:           uuid.New(),
			OwnerAddress: caller.Address,
			Title:        req.Msg.Title,
			Description:  req.Msg.Description,
			Tags:         tags,
			Visibility:   vis,
			Downloadable: req.Msg.Downloadable,
		}); err != nil {
			return err
		}
		return emitRow(ctx, q, webhook.VideoCreated, v)
	})
	if err != nil {
		return nil, fmt.Errorf("create video: %w", err)
	}
	return connect.NewResponse(&videov1.CreateVideoResponse{Video: toProto(v)}), nil
}

// GetVideo returns a video the caller may see.
func (s *Service) GetVideo(ctx context.Context, req *connect.Request[videov1.GetVideoRequest]) (*connect.Response[videov1.GetVideoResponse], error) {
	id, err := ident.Parse("id", req.Msg.Id)
	if err != nil {
		return nil, err
	}
	v, err := s.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	out, err := s.describeOne(ctx, v)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&videov1.GetVideoResponse{Video: out}), nil
}

// readable loads a video the caller may read: public and unlisted ones by
// anyone, private ones by their owner only. To anyone else a private
// video does not exist.
func (s *Service) readable(ctx context.Context, id uuid.UUID) (dbq.Video, error) {
	v, err := s.deps.Store.GetVideo(ctx, id)
	if err != nil {
		return dbq.Video{}, fmt.Errorf("video %s: %w", id, err)
	}
	if err := acl.See(acl.Of(v.ID, v.OwnerAddress, v.Visibility), acl.Viewer(ctx)); err != nil {
		return dbq.Video{}, err
	}
	return v, nil
}

// owned locks a video for a change by its owner, inside tx.
func owned(ctx context.Context, q *dbq.Queries, caller authn.Caller, id uuid.UUID) (dbq.Video, error) {
	v, err := q.GetVideoForUpdate(ctx, id)
	if err != nil {
		return dbq.Video{}, fmt.Errorf("video %s: %w", id, err)
	}
	if err := acl.Change(acl.Of(v.ID, v.OwnerAddress, v.Visibility), caller.Address); err != nil {
		return dbq.Video{}, err
	}
	return v, nil
}
