package upload

import (
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/streamgate/streamgate/db/dbq"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
)

var stateToProto = map[dbq.UploadState]uploadv1.State{
	dbq.UploadStateOpen:      uploadv1.State_STATE_OPEN,
	dbq.UploadStateVerifying: uploadv1.State_STATE_VERIFYING,
	dbq.UploadStateCompleted: uploadv1.State_STATE_COMPLETED,
	dbq.UploadStateAborted:   uploadv1.State_STATE_ABORTED,
	dbq.UploadStateExpired:   uploadv1.State_STATE_EXPIRED,
	dbq.UploadStateFailed:    uploadv1.State_STATE_FAILED,
}

// toProto describes u; parts are the stored parts, when they were listed.
func toProto(u dbq.Upload, parts []part) *uploadv1.Upload {
	out := &uploadv1.Upload{
		Id:            u.ID.String(),
		VideoId:       u.VideoID.String(),
		SizeBytes:     uint64(u.SizeBytes),
		Sha256:        u.Sha256,
		PartsSha256:   u.PartsSha256,
		ContentType:   u.ContentType,
		PartSize:      uint64(u.PartSize),
		PartCount:     uint32(u.PartCount),
		State:         stateToProto[u.State],
		FailureReason: u.FailureReason,
		ExpireTime:    timestamppb.New(u.ExpiresAt),
	}
	for _, p := range parts {
		out.Parts = append(out.Parts, &uploadv1.StoredPart{Number: uint32(p.Number), SizeBytes: uint64(p.Size), Sha256: p.SHA256})
	}
	if u.State == dbq.UploadStateCompleted {
		out.CommittedBytes = uint64(u.SizeBytes)
	} else {
		out.CommittedBytes = uint64(committed(u, parts))
	}
	return out
}
