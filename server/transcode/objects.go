package transcode

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"
)

// ObjectStore is what the service needs from object storage.
type ObjectStore interface {
	// PresignGet returns a URL to read key.
	PresignGet(ctx context.Context, key string, expiry time.Duration) (string, error)
	// PresignPut returns a URL to write key.
	PresignPut(ctx context.Context, key string, expiry time.Duration) (string, error)
	// Exists says whether key holds an object.
	Exists(ctx context.Context, key string) (bool, error)
}

// AttemptPrefix is where attempt n of a job writes its outputs, ending in
// a slash. CompleteJob publishes it as the video's hls_prefix.
func AttemptPrefix(videoID, jobID uuid.UUID, attempt int32) string {
	return fmt.Sprintf("transcode/%s/%s-%d/", videoID, jobID, attempt)
}

// S3 is an ObjectStore on one bucket of an S3 server.
type S3 struct {
	Client *minio.Client
	Bucket string
}

// PresignGet implements ObjectStore.
func (s S3) PresignGet(ctx context.Context, key string, expiry time.Duration) (string, error) {
	u, err := s.Client.PresignedGetObject(ctx, s.Bucket, key, expiry, url.Values{})
	if err != nil {
		return "", fmt.Errorf("presign get %s: %w", key, err)
	}
	return u.String(), nil
}

// PresignPut implements ObjectStore.
func (s S3) PresignPut(ctx context.Context, key string, expiry time.Duration) (string, error) {
	u, err := s.Client.PresignedPutObject(ctx, s.Bucket, key, expiry)
	if err != nil {
		return "", fmt.Errorf("presign put %s: %w", key, err)
	}
	return u.String(), nil
}

// Exists implements ObjectStore.
func (s S3) Exists(ctx context.Context, key string) (bool, error) {
	_, err := s.Client.StatObject(ctx, s.Bucket, key, minio.StatObjectOptions{})
	if err == nil {
		return true, nil
	}
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey || minio.ToErrorResponse(err).StatusCode == 404 {
		return false, nil
	}
	return false, fmt.Errorf("stat %s: %w", key, err)
}
