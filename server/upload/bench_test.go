package upload_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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
//	presigned-x:      presigned part PUTs (4 at a time) until stored,
//	                  the parts' checksum declared (each part hashed once)
//	presigned-e2e-x:  the same plus CompleteUpload (join, the composite
//	                  checked from S3's digests, probe)
//	whole-e2e-x:      presigned parts with the whole file's SHA-256
//	                  declared instead (the client hashes the file and
//	                  each part; completion reads the file back to hash it)
//	stream-x:         UploadStream over gRPC of the first three parts
//	                  (stored, not completed), per byte
//	stream-e2e-x:     UploadStream over gRPC, completion included
//
// Both streams declare the parts' checksum (the client hashes each part
// once; the server hashes each part for S3 and not the whole file).
//
// Completion costs what a bare put does not do: S3 joins the parts (the
// local versitygw copies them), and the file is hashed and probed.
func BenchmarkUpload(b *testing.B) {
	e := newEnv(b, nil)
	file := bigClip(b, benchSize-len(tinyClip(b))-8)
	ctx := context.Background()
	browser := testenv.HTTP1Client()
	var bare, parts, presigned, whole, partial, stream time.Duration
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
	warmU, warmURLs := e.createHashedParts(b, e.newVideo(b, alice), file, benchPart)
	putParallel(b, browser, warmU, file, warmURLs, 4)
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
		u, urls := e.createHashedParts(b, e.newVideo(b, alice), file, benchPart)
		putParallel(b, browser, u, file, urls, 4)
		parts += time.Since(start)
		if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id})); err != nil {
			b.Fatal(err)
		}
		presigned += time.Since(start)

		start = time.Now()
		u = e.create(b, alice, e.newVideo(b, alice), file)
		putParallel(b, browser, u, file, e.presign(b, alice, u, file, partNumbers(u)...), 4)
		if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id})); err != nil {
			b.Fatal(err)
		}
		whole += time.Since(start)

		start = time.Now()
		hdr := &uploadv1.UploadStreamHeader{VideoId: e.newVideo(b, alice), SizeBytes: uint64(len(file)), PartsSha256: partsSum(file, benchPart), PartSize: benchPart}
		if _, err := send(ctx, e.uploads(alice, connect.WithGRPC()), hdr, file, len(file)); err != nil {
			b.Fatal(err)
		}
		stream += time.Since(start)

		start = time.Now()
		hdr = &uploadv1.UploadStreamHeader{VideoId: e.newVideo(b, alice), SizeBytes: uint64(len(file)), PartsSha256: partsSum(file, benchPart), PartSize: benchPart}
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
	b.ReportMetric(bare.Seconds()/whole.Seconds(), "whole-e2e-x")
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
		Path:     "upload, presigned parts + CompleteUpload (the parts' checksum declared), vs bare PutObject (64 MiB)",
		Baseline: put, StreamGate: fmt.Sprintf("%s (CompleteUpload %.2f s)", rate(presigned), (presigned-parts).Seconds()/n),
		Ratio: bare.Seconds() / presigned.Seconds(), Target: 0.8,
	})
	benchreport.Print(benchreport.Figure{
		Path:     "upload, presigned parts + CompleteUpload, the whole file's SHA-256 declared (64 MiB)",
		Baseline: put, StreamGate: rate(whole),
		Ratio: bare.Seconds() / whole.Seconds(),
	})
	benchreport.Print(benchreport.Figure{
		Path:     "upload, UploadStream (gRPC) with completion (the parts' checksum declared), vs bare PutObject (64 MiB)",
		Baseline: put, StreamGate: rate(stream),
		Ratio: bare.Seconds() / stream.Seconds(), Target: 0.8,
	})
}

// benchPart is the part size the benchmark's client chooses: the
// server's default.
const benchPart = 16 * mib

// createHashedParts does what a client that declares the parts' checksum
// does before its PUTs: hashes each part of file once, creates the upload
// with their composite, and presigns every part with its digest.
func (e *env) createHashedParts(b testing.TB, videoID string, file []byte, partSize int) (*uploadv1.Upload, []*uploadv1.PresignedPart) {
	b.Helper()
	var digests []byte
	req := &uploadv1.PresignPartsRequest{}
	for n, off := uint32(1), 0; off < len(file); n, off = n+1, off+partSize {
		d := sha256.Sum256(file[off:min(off+partSize, len(file))])
		digests = append(digests, d[:]...)
		req.Parts = append(req.Parts, &uploadv1.PartChecksum{Number: n, Sha256: base64.StdEncoding.EncodeToString(d[:])})
	}
	all := sha256.Sum256(digests)
	res, err := e.uploads(alice).CreateUpload(context.Background(), connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: videoID, SizeBytes: uint64(len(file)), PartsSha256: hex.EncodeToString(all[:]), PartSize: uint64(partSize), ContentType: "video/mp4",
	}))
	if err != nil {
		b.Fatal(err)
	}
	req.UploadId = res.Msg.Upload.Id
	urls, err := e.uploads(alice).PresignParts(context.Background(), connect.NewRequest(req))
	if err != nil {
		b.Fatal(err)
	}
	return res.Msg.Upload, urls.Msg.Parts
}

func partNumbers(u *uploadv1.Upload) []uint32 {
	var nums []uint32
	for n := uint32(1); n <= u.PartCount; n++ {
		nums = append(nums, n)
	}
	return nums
}

func putParallel(b testing.TB, client *http.Client, u *uploadv1.Upload, file []byte, urls []*uploadv1.PresignedPart, n int) {
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
