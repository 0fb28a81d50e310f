package video

import (
	"context"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
	"github.com/streamgate/streamgate/server/webhook"
)

// UpdateVideo changes the metadata named in the update mask.
func (s *Service) UpdateVideo(ctx context.Context, req *connect.Request[videov1.UpdateVideoRequest]) (*connect.Response[videov1.UpdateVideoResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	params, err := updateParams(req.Msg)
	if err != nil {
		return nil, err
	}
	var out dbq.Video
	err = s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		if _, err := owned(ctx, q, caller, params.ID); err != nil {
			return err
		}
		out, err = q.UpdateVideoMeta(ctx, params)
		return err
	})
	if err != nil {
		return nil, err
	}
	v, err := s.describeOne(ctx, out)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&videov1.UpdateVideoResponse{Video: v}), nil
}

// updateParams reads the mask; its paths are checked here because
// protovalidate cannot tie them to the fields they name.
func updateParams(m *videov1.UpdateVideoRequest) (dbq.UpdateVideoMetaParams, error) {
	id, err := ident.Parse("id", m.Id)
	if err != nil {
		return dbq.UpdateVideoMetaParams{}, err
	}
	p := dbq.UpdateVideoMetaParams{ID: id}
	paths := m.UpdateMask.GetPaths()
	if len(paths) == 0 {
		return p, invalid("update_mask names no field; use title, description, tags, visibility, public_poster or downloadable")
	}
	for _, path := range paths {
		switch path {
		case "title":
			if m.Title == "" {
				return p, invalid("title: must not be empty")
			}
			p.Title = &m.Title
		case "description":
			p.Description = &m.Description
		case "tags":
			p.Tags = m.Tags
			if p.Tags == nil {
				p.Tags = []string{}
			}
		case "visibility":
			vis, ok := visibilityFromProto(m.Visibility)
			if !ok {
				return p, invalid("visibility: must be public, unlisted or private")
			}
			p.Visibility = &vis
		case "public_poster":
			p.PublicPoster = &m.PublicPoster
		case "downloadable":
			p.Downloadable = &m.Downloadable
		default:
			return p, invalid(fmt.Sprintf("update_mask: %q cannot be updated; use title, description, tags, visibility, public_poster or downloadable", path))
		}
	}
	return p, nil
}

// DeleteVideo removes the video and its jobs at once; its objects (the
// original, partial uploads, renditions) are queued for the sweeper in the
// same transaction, so they go away even if storage is down right now.
func (s *Service) DeleteVideo(ctx context.Context, req *connect.Request[videov1.DeleteVideoRequest]) (*connect.Response[videov1.DeleteVideoResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ident.Parse("id", req.Msg.Id)
	if err != nil {
		return nil, err
	}
	err = s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		v, err := owned(ctx, q, caller, id)
		if err != nil {
			return err
		}
		prefixes := ObjectPrefixes(id)
		if v.HlsPrefix != "" {
			prefixes = append(prefixes, strings.TrimSuffix(v.HlsPrefix, "/")+"/")
		}
		for _, prefix := range prefixes {
			if err := q.EnqueueObjectDeletion(ctx, prefix); err != nil {
				return fmt.Errorf("enqueue object deletion: %w", err)
			}
		}
		if err := emitRow(ctx, q, webhook.VideoDeleted, v); err != nil {
			return err
		}
		_, err = q.DeleteVideo(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&videov1.DeleteVideoResponse{}), nil
}

// ObjectPrefixes are every object key prefix a video's data lives under:
// its originals (and their multipart uploads) and its transcoded output.
func ObjectPrefixes(id uuid.UUID) []string {
	return []string{"originals/" + id.String() + "/", "transcode/" + id.String() + "/", TextTrackPrefix(id)}
}
