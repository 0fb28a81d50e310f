package objectgc

import (
	"context"
	"errors"
	"fmt"

	"github.com/minio/minio-go/v7"
)

// RemovePrefix deletes every object and aborts every multipart upload
// under prefix in bucket. It reports success only when listing worked, so
// a prefix is never dropped from the queue on a partial view.
func RemovePrefix(ctx context.Context, client *minio.Client, bucket, prefix string) error {
	var keys []minio.ObjectInfo
	for obj := range client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("list %s: %w", prefix, obj.Err)
		}
		keys = append(keys, obj)
	}
	ch := make(chan minio.ObjectInfo, len(keys))
	for _, k := range keys {
		ch <- k
	}
	close(ch)
	var errs []error
	for res := range client.RemoveObjects(ctx, bucket, ch, minio.RemoveObjectsOptions{}) {
		errs = append(errs, fmt.Errorf("remove %s: %w", res.ObjectName, res.Err))
	}
	return errors.Join(append(errs, abortUploads(ctx, client, bucket, prefix))...)
}

func abortUploads(ctx context.Context, client *minio.Client, bucket, prefix string) error {
	core := minio.Core{Client: client}
	var errs []error
	keyMarker, idMarker := "", ""
	for {
		ups, err := core.ListMultipartUploads(ctx, bucket, prefix, keyMarker, idMarker, "", 1000)
		if err != nil {
			return fmt.Errorf("list multipart uploads under %s: %w", prefix, err)
		}
		for _, u := range ups.Uploads {
			if err := core.AbortMultipartUpload(ctx, bucket, u.Key, u.UploadID); err != nil {
				errs = append(errs, fmt.Errorf("abort upload of %s: %w", u.Key, err))
			}
		}
		if !ups.IsTruncated {
			return errors.Join(errs...)
		}
		keyMarker, idMarker = ups.NextKeyMarker, ups.NextUploadIDMarker
	}
}
