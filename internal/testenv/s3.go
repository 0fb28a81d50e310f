package testenv

import (
	"context"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Endpoint is the S3 server the tests use.
func S3Endpoint() string { return env("TEST_S3_ENDPOINT", "127.0.0.1:9100") }

// S3Keys returns the access and secret key for S3Endpoint.
func S3Keys() (string, string) {
	return env("TEST_S3_ACCESS_KEY", "streamgate"), env("TEST_S3_SECRET_KEY", "streamgate-secret")
}

// S3 returns a client and a new bucket of the test's own, emptied and
// removed when the test ends.
func S3(t testing.TB) (*minio.Client, string) {
	t.Helper()
	client := S3Client(t, S3Endpoint())
	ctx := context.Background()
	bucket := "sgt-" + ID()
	if err := client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("testenv: s3 at %s: make bucket: %v (run make test, or scripts/stack.sh up)", S3Endpoint(), err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		_ = EmptyBucket(ctx, client, bucket)
		_ = client.RemoveBucket(ctx, bucket)
	})
	return client, bucket
}

// EmptyBucket removes every object in bucket and aborts every open
// multipart upload (whose parts S3 would otherwise keep). It goes on past
// a failure and returns the first.
func EmptyBucket(ctx context.Context, client *minio.Client, bucket string) error {
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	for obj := range client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			keep(obj.Err)
			continue
		}
		if err := client.RemoveObject(ctx, bucket, obj.Key, minio.RemoveObjectOptions{}); err != nil {
			keep(err)
		}
	}
	for u := range client.ListIncompleteUploads(ctx, bucket, "", true) {
		if u.Err != nil {
			keep(u.Err)
			continue
		}
		if err := client.RemoveIncompleteUpload(ctx, bucket, u.Key); err != nil {
			keep(err)
		}
	}
	return first
}

// S3Client is a client of the S3 server at endpoint (host:port: the
// test S3 server, or a proxy in front of it) with the test keys, and opts
// applied to its options.
func S3Client(t testing.TB, endpoint string, opts ...func(*minio.Options)) *minio.Client {
	t.Helper()
	access, secret := S3Keys()
	o := &minio.Options{Creds: credentials.NewStaticV4(access, secret, "")}
	for _, set := range opts {
		set(o)
	}
	c, err := minio.New(endpoint, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
