package video

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"
	"golang.org/x/text/language"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/media/caption"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
)

// MaxTextTracks bounds a video's text tracks: an HLS master playlist
// lists every one, and players list them all in one menu.
const MaxTextTracks = 20

// cleanupTimeout bounds removing an object written for a track whose
// row could not be saved.
const cleanupTimeout = 10 * time.Second

// TextTrackPrefix is where a video's text tracks live in storage.
func TextTrackPrefix(id uuid.UUID) string {
	return "captions/" + id.String() + "/"
}

var kindToDB = map[videov1.TextTrackKind]string{
	videov1.TextTrackKind_TEXT_TRACK_KIND_UNSPECIFIED: "subtitles",
	videov1.TextTrackKind_TEXT_TRACK_KIND_SUBTITLES:   "subtitles",
	videov1.TextTrackKind_TEXT_TRACK_KIND_CAPTIONS:    "captions",
}

var formatFromProto = map[videov1.TextTrackFormat]caption.Format{
	videov1.TextTrackFormat_TEXT_TRACK_FORMAT_UNSPECIFIED: caption.FormatAuto,
	videov1.TextTrackFormat_TEXT_TRACK_FORMAT_WEBVTT:      caption.FormatWebVTT,
	videov1.TextTrackFormat_TEXT_TRACK_FORMAT_SRT:         caption.FormatSRT,
}

// AddTextTrack checks and converts the track to WebVTT, stores it under a
// new object key, then saves its row (replacing the row of the same
// language and name) in one transaction. Until that commits, players see
// the old track; after, the new one. The replaced object is queued for
// the sweeper in the same transaction; the new one is removed if the
// transaction fails, so storage keeps no orphan either way.
func (s *Service) AddTextTrack(ctx context.Context, req *connect.Request[videov1.AddTextTrackRequest]) (*connect.Response[videov1.AddTextTrackResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	videoID, err := ident.Parse("video_id", m.VideoId)
	if err != nil {
		return nil, err
	}
	tag, err := language.Parse(m.Language)
	if err != nil {
		return nil, invalid(fmt.Sprintf("language: %q is not a BCP-47 language tag of a known language (%v)", m.Language, err))
	}
	// Ownership first: a stranger learns nothing from a parse error.
	if err := s.checkOwner(ctx, caller, videoID); err != nil {
		return nil, err
	}
	track, err := caption.Parse(m.Content, formatFromProto[m.Format], caption.DefaultLimits())
	if err != nil {
		return nil, err
	}
	id := uuid.New()
	key := TextTrackPrefix(videoID) + id.String() + "-" + uuid.NewString()[:8] + ".vtt"
	vtt := caption.WebVTT(track.Cues)
	if _, err := s.deps.S3.PutObject(ctx, s.deps.Bucket, key, bytes.NewReader(vtt), int64(len(vtt)),
		minio.PutObjectOptions{ContentType: "text/vtt; charset=utf-8"}); err != nil {
		return nil, fmt.Errorf("store text track: %w", err)
	}
	row := dbq.InsertTextTrackParams{
		ID: id, VideoID: videoID, Language: tag.String(), Name: m.Name, Kind: kindToDB[m.Kind],
		IsDefault: m.IsDefault, Forced: m.Forced, CueCount: int32(len(track.Cues)),
		DurationMs: track.Duration().Milliseconds(), ObjectKey: key,
	}
	out, replaced, err := s.saveTextTrack(ctx, caller, row)
	if err != nil {
		s.removeObject(ctx, key)
		return nil, err
	}
	return connect.NewResponse(&videov1.AddTextTrackResponse{Track: textTrackToProto(out), Replaced: replaced}), nil
}

// checkOwner answers NotFound or PermissionDenied (server/acl) unless
// caller owns the video.
func (s *Service) checkOwner(ctx context.Context, caller authn.Caller, id uuid.UUID) error {
	v, err := s.deps.Store.GetVideo(ctx, id)
	if err != nil {
		return fmt.Errorf("video %s: %w", id, err)
	}
	return acl.Change(acl.Of(v.ID, v.OwnerAddress, v.Visibility), caller.Address)
}

func (s *Service) saveTextTrack(ctx context.Context, caller authn.Caller, p dbq.InsertTextTrackParams) (dbq.TextTrack, bool, error) {
	var out dbq.TextTrack
	var replaced bool
	err := s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		if _, err := owned(ctx, q, caller, p.VideoID); err != nil {
			return err
		}
		old, err := q.GetTextTrackByName(ctx, dbq.GetTextTrackByNameParams{VideoID: p.VideoID, Language: p.Language, Name: p.Name})
		replaced = err == nil
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return fmt.Errorf("read text track: %w", err)
		}
		if !replaced {
			n, err := q.CountTextTracks(ctx, p.VideoID)
			if err != nil {
				return fmt.Errorf("count text tracks: %w", err)
			}
			if n >= MaxTextTracks {
				return fmt.Errorf("%w: a video has at most %d; delete one first", ErrTooManyTracks, MaxTextTracks)
			}
		}
		if p.IsDefault {
			if err := q.ClearDefaultTextTrack(ctx, p.VideoID); err != nil {
				return fmt.Errorf("clear default text track: %w", err)
			}
		}
		if !replaced {
			out, err = q.InsertTextTrack(ctx, p)
			return err
		}
		if err := q.EnqueueObjectDeletion(ctx, old.ObjectKey); err != nil {
			return fmt.Errorf("enqueue object deletion: %w", err)
		}
		out, err = q.ReplaceTextTrack(ctx, dbq.ReplaceTextTrackParams{
			ID: old.ID, Kind: p.Kind, IsDefault: p.IsDefault, Forced: p.Forced,
			CueCount: p.CueCount, DurationMs: p.DurationMs, ObjectKey: p.ObjectKey,
		})
		return err
	})
	return out, replaced, err
}

// removeObject deletes an object no row points at, on a context of its
// own: the request's may be what failed.
func (s *Service) removeObject(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err := s.deps.S3.RemoveObject(ctx, s.deps.Bucket, key, minio.RemoveObjectOptions{}); err != nil {
		s.deps.Log.WarnContext(ctx, "remove unsaved text track", "key", key, "err", err)
	}
}

// ListTextTracks lists the tracks of a video the caller may see.
func (s *Service) ListTextTracks(ctx context.Context, req *connect.Request[videov1.ListTextTracksRequest]) (*connect.Response[videov1.ListTextTracksResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ident.Parse("video_id", req.Msg.VideoId)
	if err != nil {
		return nil, err
	}
	v, err := s.deps.Store.GetVideo(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("video %s: %w", id, err)
	}
	if err := acl.See(acl.Of(v.ID, v.OwnerAddress, v.Visibility), caller.Address); err != nil {
		return nil, err
	}
	rows, err := s.deps.Store.ListTextTracks(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("list text tracks: %w", err)
	}
	out := &videov1.ListTextTracksResponse{Tracks: make([]*videov1.TextTrack, len(rows))}
	for i, r := range rows {
		out.Tracks[i] = textTrackToProto(r)
	}
	return connect.NewResponse(out), nil
}

// DeleteTextTrack removes the row and queues its object for the sweeper
// in one transaction.
func (s *Service) DeleteTextTrack(ctx context.Context, req *connect.Request[videov1.DeleteTextTrackRequest]) (*connect.Response[videov1.DeleteTextTrackResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	videoID, err := ident.Parse("video_id", req.Msg.VideoId)
	if err != nil {
		return nil, err
	}
	trackID, err := ident.Parse("track_id", req.Msg.TrackId)
	if err != nil {
		return nil, err
	}
	err = s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		if _, err := owned(ctx, q, caller, videoID); err != nil {
			return err
		}
		key, err := q.DeleteTextTrack(ctx, dbq.DeleteTextTrackParams{ID: trackID, VideoID: videoID})
		if err != nil {
			return fmt.Errorf("text track %s: %w", trackID, err)
		}
		return q.EnqueueObjectDeletion(ctx, key)
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&videov1.DeleteTextTrackResponse{}), nil
}

func textTrackToProto(t dbq.TextTrack) *videov1.TextTrack {
	kind := videov1.TextTrackKind_TEXT_TRACK_KIND_SUBTITLES
	if t.Kind == "captions" {
		kind = videov1.TextTrackKind_TEXT_TRACK_KIND_CAPTIONS
	}
	return &videov1.TextTrack{
		Id: t.ID.String(), VideoId: t.VideoID.String(), Language: t.Language, Name: t.Name, Kind: kind,
		IsDefault: t.IsDefault, Forced: t.Forced, CueCount: uint32(max(t.CueCount, 0)),
		Duration:   durationpb.New(time.Duration(t.DurationMs) * time.Millisecond),
		CreateTime: timestamppb.New(t.CreatedAt), UpdateTime: timestamppb.New(t.UpdatedAt),
	}
}
