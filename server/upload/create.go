package upload

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/ident"
)

// CreateUpload starts a multipart upload for a video waiting for its file.
func (s *Service) CreateUpload(ctx context.Context, req *connect.Request[uploadv1.CreateUploadRequest]) (*connect.Response[uploadv1.CreateUploadResponse], error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	videoID, err := ident.Parse("video_id", m.VideoId)
	if err != nil {
		return nil, err
	}
	u, err := s.open(ctx, caller, videoID, declared{
		size: int64(m.SizeBytes), sha256: m.Sha256, partsSHA256: m.PartsSha256, partSize: m.PartSize, contentType: m.ContentType,
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&uploadv1.CreateUploadResponse{Upload: toProto(u, nil)}), nil
}

// declared is what a client says of the file it is about to send: its
// size, one of its two checksums (the whole file's SHA-256, or its parts'
// composite SHA-256 for parts of partSize bytes), and its media type.
// partSize 0 leaves the part size to the server.
type declared struct {
	size                int64
	sha256, partsSHA256 string
	partSize            uint64
	contentType         string
}

// open starts the S3 multipart upload and records it. The multipart
// upload declares SHA-256 as its checksum algorithm, so S3 refuses any
// part that does not carry (and match) its own SHA-256.
func (s *Service) open(ctx context.Context, caller authn.Caller, videoID uuid.UUID, d declared) (dbq.Upload, error) {
	size, contentType := d.size, d.contentType
	// A declared size of 2^63 bytes or more arrives here negative.
	if size < 0 || size > s.cfg.MaxSizeBytes {
		return dbq.Upload{}, fmt.Errorf("%w: %d bytes, at most %d allowed", ErrTooLarge, size, s.cfg.MaxSizeBytes)
	}
	partSize, count := plan(size, s.cfg.PartSize)
	if d.partSize != 0 {
		var err error
		if partSize, count, err = chosenPlan(size, d.partSize); err != nil {
			return dbq.Upload{}, err
		}
	}
	if err := s.checkVideo(ctx, caller, videoID); err != nil {
		return dbq.Upload{}, err
	}
	id := uuid.New()
	key := "originals/" + videoID.String() + "/" + id.String()
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	s3ID, err := s.core.NewMultipartUpload(ctx, s.deps.Bucket, key, minio.PutObjectOptions{
		ContentType:  contentType,
		UserMetadata: map[string]string{"X-Amz-Checksum-Algorithm": "SHA256"},
	})
	if err != nil {
		return dbq.Upload{}, fmt.Errorf("start multipart upload: %w", err)
	}
	var u dbq.Upload
	err = s.deps.Store.WithTx(ctx, func(q *dbq.Queries) error {
		if err := q.ResetVideoForUpload(ctx, videoID); err != nil {
			return err
		}
		u, err = q.CreateUpload(ctx, dbq.CreateUploadParams{
			ID: id, VideoID: videoID, OwnerAddress: caller.Address, ObjectKey: key, S3UploadID: s3ID,
			SizeBytes: size, Sha256: strings.ToLower(d.sha256), PartsSha256: strings.ToLower(d.partsSHA256), ContentType: contentType,
			PartSize: partSize, PartCount: count, ExpiresAt: s.now().Add(s.cfg.Expiry),
		})
		return err
	})
	if err != nil {
		_ = s.core.AbortMultipartUpload(context.WithoutCancel(ctx), s.deps.Bucket, key, s3ID)
		if errors.Is(err, db.ErrConflict) {
			return dbq.Upload{}, fmt.Errorf("%w: video %s already has an upload in progress; resume it (GetUpload) or abort it", ErrState, videoID)
		}
		return dbq.Upload{}, fmt.Errorf("record upload: %w", err)
	}
	return u, nil
}

// checkVideo allows an upload to the caller's own video while it waits for
// its file, or after a previous file was refused.
func (s *Service) checkVideo(ctx context.Context, caller authn.Caller, id uuid.UUID) error {
	v, err := s.deps.Store.GetVideo(ctx, id)
	if err != nil {
		return fmt.Errorf("video %s: %w", id, err)
	}
	if err := acl.Change(acl.Of(v.ID, v.OwnerAddress, v.Visibility), caller.Address); err != nil {
		return err
	}
	retry := v.Status == dbq.VideoStatusFailed && v.SourceKey == ""
	if v.Status != dbq.VideoStatusWaitingUpload && !retry {
		return fmt.Errorf("%w: video %s is %s, so it takes no new file", ErrState, id, v.Status)
	}
	return nil
}

// owned loads an upload of the caller's.
func (s *Service) owned(ctx context.Context, id string) (dbq.Upload, error) {
	caller, err := authn.Require(ctx)
	if err != nil {
		return dbq.Upload{}, err
	}
	uploadID, err := ident.Parse("upload_id", id)
	if err != nil {
		return dbq.Upload{}, err
	}
	u, err := s.deps.Store.GetUpload(ctx, uploadID)
	if err != nil {
		return dbq.Upload{}, fmt.Errorf("upload %s: %w", id, err)
	}
	if !acl.Owns(u.OwnerAddress, caller.Address) {
		return dbq.Upload{}, fmt.Errorf("upload %s: %w", id, acl.ErrNotOwner)
	}
	return u, nil
}

// writable refuses uploads that take no more parts.
func (s *Service) writable(u dbq.Upload) error {
	switch {
	case u.State != dbq.UploadStateOpen:
		return fmt.Errorf("%w: upload %s is %s", ErrState, u.ID, u.State)
	case s.now().After(u.ExpiresAt):
		return fmt.Errorf("%w: upload %s expired at %s", ErrState, u.ID, u.ExpiresAt.UTC().Format("2006-01-02 15:04:05Z"))
	}
	return nil
}
