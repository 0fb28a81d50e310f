package upload_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/internal/benchreport"
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
	putBare := func() {
		start := time.Now()
		if _, err := e.s3.PutObject(ctx, e.bucket, "bare/"+testenv.ID(), bytes.NewReader(file), int64(len(file)), minio.PutObjectOptions{}); err != nil {
			b.Fatal(err)
		}
		bare += time.Since(start)
	}
	// Warm up: connections to S3 and the server, the database's pages
	// and the page cache, once each path, untimed.
	putBare()
	warmU := e.create(b, alice, e.newVideo(b, alice), file)
	putParallel(b, browser, warmU, file, e.presign(b, alice, warmU, file, partNumbers(warmU)...), 4)
	if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: warmU.Id})); err != nil {
		b.Fatal(err)
	}
	bare = 0
	b.SetBytes(int64(len(file)))
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		benchreport.Settle()
		b.StartTimer()
		// The baseline goes first in one iteration and last in the next,
		// so that what a path leaves behind (S3's page cache, PostgreSQL's
		// writes) falls on both alike.
		if i%2 == 0 {
			putBare()
		}

		start := time.Now()
		u := e.create(b, alice, e.newVideo(b, alice), file)
		urls := e.presign(b, alice, u, file, partNumbers(u)...)
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
		if i%2 == 1 {
			putBare()
		}
	}
	n := float64(b.N)
	b.ReportMetric(bare.Seconds()/parts.Seconds(), "presigned-x")
	b.ReportMetric(bare.Seconds()/presigned.Seconds(), "presigned-e2e-x")
	b.ReportMetric(bare.Seconds()/stream.Seconds(), "stream-e2e-x")
	b.ReportMetric(bare.Seconds()/(partial.Seconds()*benchSize/(48*mib)), "stream-x")
	b.ReportMetric(float64(len(file))*n/bare.Seconds()/mib, "bare-MiB/s")
	b.ReportMetric((presigned-parts).Seconds()/n, "complete-s/op")
	// b.Loop ran this function once: b.N is the whole run.
	rate := func(d time.Duration) string {
		return fmt.Sprintf("%.0f MiB/s", float64(len(file))*n/d.Seconds()/mib)
	}
	put := "PutObject " + rate(bare)
	benchreport.Print(benchreport.Figure{
		Path:     "upload, presigned parts + CompleteUpload, vs bare PutObject (64 MiB)",
		Baseline: put, StreamGate: fmt.Sprintf("%s (CompleteUpload %.2f s)", rate(presigned), (presigned-parts).Seconds()/n),
		Ratio: bare.Seconds() / presigned.Seconds(), Target: 0.8,
	})
	benchreport.Print(benchreport.Figure{
		Path:     "upload, UploadStream (gRPC) with completion, vs bare PutObject (64 MiB)",
		Baseline: put, StreamGate: rate(stream),
		Ratio: bare.Seconds() / stream.Seconds(), Target: 0.8,
	})
}

func partNumbers(u *uploadv1.Upload) []uint32 {
	var nums []uint32
	for n := uint32(1); n <= u.PartCount; n++ {
		nums = append(nums, n)
	}
	return nums
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
