package upload_test

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/internal/testenv"
)

// benchSize is the file each iteration sends.
const benchSize = 64 * mib

// BenchmarkUpload sends the same 64 MiB file, in every iteration, through
// a bare minio-go PutObject (the baseline) and through the service, to the
// same S3 server, and reports throughput ratios against the baseline:
//
//	presigned-x:      presigned part PUTs (4 at a time) until stored
//	presigned-e2e-x:  the same plus CompleteUpload (join, SHA-256, probe)
//	stream-x:         UploadStream over gRPC of the first three parts
//	                  (stored, not completed), per byte
//	stream-e2e-x:     UploadStream over gRPC, completion included
//
// Completion costs what a bare put does not do: S3 joins the parts (the
// local versitygw copies them), and the file is hashed and probed.
func BenchmarkUpload(b *testing.B) {
	e := newEnv(b, nil)
	file := bigClip(b, benchSize-len(tinyClip(b))-8)
	ctx := context.Background()
	browser := testenv.HTTP1Client()
	var bare, parts, presigned, partial, stream time.Duration
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		start := time.Now()
		if _, err := e.s3.PutObject(ctx, e.bucket, "bare/"+testenv.ID(), bytes.NewReader(file), int64(len(file)), minio.PutObjectOptions{}); err != nil {
			b.Fatal(err)
		}
		bare += time.Since(start)

		start = time.Now()
		u := e.create(b, alice, e.newVideo(b, alice), file)
		var nums []uint32
		for n := uint32(1); n <= u.PartCount; n++ {
			nums = append(nums, n)
		}
		urls := e.presign(b, alice, u, file, nums...)
		putParallel(b, browser, u, file, urls, 4)
		parts += time.Since(start)
		if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id})); err != nil {
			b.Fatal(err)
		}
		presigned += time.Since(start)

		start = time.Now()
		hdr := &uploadv1.UploadStreamHeader{VideoId: e.newVideo(b, alice), SizeBytes: uint64(len(file)), Sha256: hexSum(file)}
		if _, err := send(ctx, e.uploads(alice, connect.WithGRPC()), hdr, file, len(file)); err != nil {
			b.Fatal(err)
		}
		stream += time.Since(start)

		start = time.Now()
		hdr = &uploadv1.UploadStreamHeader{VideoId: e.newVideo(b, alice), SizeBytes: uint64(len(file)), Sha256: hexSum(file)}
		if _, err := send(ctx, e.uploads(alice, connect.WithGRPC()), hdr, file, 48*mib); err != nil {
			b.Fatal(err)
		}
		partial += time.Since(start)
	}
	b.ReportMetric(bare.Seconds()/parts.Seconds(), "presigned-x")
	b.ReportMetric(bare.Seconds()/presigned.Seconds(), "presigned-e2e-x")
	b.ReportMetric(bare.Seconds()/stream.Seconds(), "stream-e2e-x")
	b.ReportMetric(bare.Seconds()/(partial.Seconds()*benchSize/(48*mib)), "stream-x")
	b.ReportMetric(float64(len(file))*float64(b.N)/bare.Seconds()/mib, "bare-MiB/s")
}

func putParallel(b *testing.B, client *http.Client, u *uploadv1.Upload, file []byte, urls []*uploadv1.PresignedPart, n int) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, n)
	for _, p := range urls {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if code, msg := put(b, client, p, partOf(u, file, p.Number)); code != http.StatusOK {
				b.Errorf("part %d: %d %s", p.Number, code, msg)
			}
		})
	}
	wg.Wait()
}
