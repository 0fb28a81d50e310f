package video

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/streamgate/streamgate/db/dbq"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

var statusToProto = map[dbq.VideoStatus]videov1.Status{
	dbq.VideoStatusWaitingUpload: videov1.Status_STATUS_WAITING_UPLOAD,
	dbq.VideoStatusUploaded:      videov1.Status_STATUS_UPLOADED,
	dbq.VideoStatusProcessing:    videov1.Status_STATUS_PROCESSING,
	dbq.VideoStatusReady:         videov1.Status_STATUS_READY,
	dbq.VideoStatusFailed:        videov1.Status_STATUS_FAILED,
}

var visibilityToProto = map[dbq.VideoVisibility]videov1.Visibility{
	dbq.VideoVisibilityPublic:   videov1.Visibility_VISIBILITY_PUBLIC,
	dbq.VideoVisibilityUnlisted: videov1.Visibility_VISIBILITY_UNLISTED,
	dbq.VideoVisibilityPrivate:  videov1.Visibility_VISIBILITY_PRIVATE,
}

func statusFromProto(s videov1.Status) (dbq.VideoStatus, bool) {
	for k, v := range statusToProto {
		if v == s {
			return k, true
		}
	}
	return "", false
}

func visibilityFromProto(v videov1.Visibility) (dbq.VideoVisibility, bool) {
	for k, p := range visibilityToProto {
		if p == v {
			return k, true
		}
	}
	return "", false
}

// rendition is how the transcoder records a rung in videos.renditions.
type rendition struct {
	Name      string `json:"name"`
	Width     uint32 `json:"width"`
	Height    uint32 `json:"height"`
	Bandwidth uint64 `json:"bandwidth"`
	Codecs    string `json:"codecs"`
}

func toProto(v dbq.Video) *videov1.Video {
	out := &videov1.Video{
		Id:            v.ID.String(),
		OwnerAddress:  v.OwnerAddress,
		Title:         v.Title,
		Description:   v.Description,
		Tags:          v.Tags,
		Visibility:    visibilityToProto[v.Visibility],
		Status:        statusToProto[v.Status],
		FailureReason: v.FailureReason,
		Progress:      v.Progress,
		Width:         uint32(max(v.Width, 0)),
		Height:        uint32(max(v.Height, 0)),
		VideoCodec:    v.VideoCodec,
		AudioCodec:    v.AudioCodec,
		SizeBytes:     uint64(max(v.SizeBytes, 0)),
		Downloadable:  v.Downloadable,
		CreateTime:    timestamppb.New(v.CreatedAt),
		UpdateTime:    timestamppb.New(v.UpdatedAt),
		Playable:      v.HlsPrefix != "" && (v.Status == dbq.VideoStatusReady || v.Status == dbq.VideoStatusProcessing && v.Playable),
		PublicPoster:  v.PublicPoster,
	}
	if v.DurationMs > 0 {
		out.Duration = durationpb.New(time.Duration(v.DurationMs) * time.Millisecond)
	}
	var rs []rendition
	if json.Unmarshal(v.Renditions, &rs) == nil {
		for _, r := range rs {
			out.Renditions = append(out.Renditions, &videov1.Rendition{
				Name: r.Name, Width: r.Width, Height: r.Height, Bandwidth: r.Bandwidth, Codecs: r.Codecs,
			})
		}
	}
	return out
}

// describe converts rows and marks those a gate rule restricts.
func (s *Service) describe(ctx context.Context, rows ...dbq.Video) ([]*videov1.Video, error) {
	ids := make([]uuid.UUID, len(rows))
	for i, v := range rows {
		ids[i] = v.ID
	}
	gated, err := s.deps.Store.GatedVideos(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read access rules: %w", err)
	}
	out := make([]*videov1.Video, len(rows))
	for i, v := range rows {
		out[i] = toProto(v)
		out[i].Gated = slices.Contains(gated, v.ID)
	}
	return out, nil
}

func (s *Service) describeOne(ctx context.Context, v dbq.Video) (*videov1.Video, error) {
	out, err := s.describe(ctx, v)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}
