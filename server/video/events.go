package video

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/webhook"
)

// Emit records a webhook event of type typ about video id, whose data is
// the video as the API shows it at this point of q's transaction. The
// services that change a video's state (upload, transcode) call it
// inside the transaction that makes the change.
func Emit(ctx context.Context, q *dbq.Queries, typ webhook.Type, id uuid.UUID) error {
	v, err := q.GetVideo(ctx, id)
	if err != nil {
		return fmt.Errorf("read video for its %s event: %w", typ, err)
	}
	return emitRow(ctx, q, typ, v)
}

func emitRow(ctx context.Context, q *dbq.Queries, typ webhook.Type, v dbq.Video) error {
	gated, err := q.GatedVideos(ctx, []uuid.UUID{v.ID})
	if err != nil {
		return fmt.Errorf("read access rules for the %s event: %w", typ, err)
	}
	msg := toProto(v)
	msg.Gated = len(gated) > 0
	return webhook.Enqueue(ctx, q, typ, v.OwnerAddress, v.ID, msg)
}
