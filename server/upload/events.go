package upload

import (
	"context"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/webhook"
)

// emitCompleted records video.upload.completed, whose data is the upload
// as CompleteUpload returns it, in the publishing transaction q.
func emitCompleted(ctx context.Context, q *dbq.Queries, u dbq.Upload) error {
	u.State = dbq.UploadStateCompleted
	return webhook.Enqueue(ctx, q, webhook.VideoUploadCompleted, u.OwnerAddress, u.VideoID, toProto(u, nil))
}
