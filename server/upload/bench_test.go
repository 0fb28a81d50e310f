package upload_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/minio/minio-go/v7"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/internal/benchreport"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/transcode"
)

// benchSizes are the files each iteration sends: 64 MiB (a minute of
// phone video), where the fixed costs of a completion weigh most, and
// 256 MiB.
var benchSizes = []int{64 * mib, 256 * mib}

// BenchmarkUpload sends the same file (one of each of benchSizes), in
// every iteration, through a bare minio-go PutObject (the baseline) and
// through the service, to the same S3 server, and reports throughput
// ratios against the baseline:
//
//	presigned-x:      presigned part PUTs (4 at a time) until stored,
//	                  each part hashed as it is sent (as the SDKs do),
//	                  the parts' checksum declared at completion
//	presigned-e2e-x:  the same plus CompleteUpload (join, the composite
//	                  checked from S3's digests, probe)
//	whole-e2e-x:      presigned parts with the whole file's SHA-256
//	                  declared instead (the client hashes the file and
//	                  each part; completion reads the file back to hash it)
//	stream-x:         UploadStream over gRPC of the first three quarters
//	                  (stored, not completed), per byte
//	stream-e2e-x:     UploadStream over gRPC, completion included
//
// Both streams hash each part as they send it, send its checksum after
// it (part_checksums: S3 checks the part against it, and the server
// hashes nothing) and declare the parts' checksum in the trailer.
//
// Completion costs what a bare put does not do: S3 joins the parts (the
// local versitygw copies them; so does minio-go's PutObject of more than
// 16 MiB, which sends parts too), and the file is probed: ffprobe's start
// alone is about 0.14 s of CPU, whatever the file's size.
//
// The services run in a process of their own (benchServer), on the
// server CPU when UPLOAD_BENCH_SERVER_CPU names one, as every other
// benchmark's servers do: the client, its hashing and its PUTs stay on the
// benchmark's CPU, and the server's work (with the ffprobe it starts) does
// not take turns with them on one core, where no deployment puts it.
// With UPLOAD_BENCH_S3_DELAY (say 20ms) the server reaches S3 through a
// proxy that delays each request that long, as a cloud's S3 would: what
// the completion's round trips to S3 cost shows in complete-s/op.
func BenchmarkUpload(b *testing.B) {
	e := benchServer(b)
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("%dMiB", size/mib), func(b *testing.B) { benchUpload(b, e, size) })
	}
}

func benchUpload(b *testing.B, e *env, benchSize int) {
	file := bigClip(b, benchSize-len(tinyClip(b))-8)
	partial := benchSize * 3 / 4 // what stream-x sends
	ctx := context.Background()
	browser := testenv.HTTP1Client()
	var bare, parts, presigned, whole, streamPart, stream time.Duration
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
	warmU, sum := e.sendHashingParts(b, browser, e.newVideo(b, alice), file, benchPart, 4)
	if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: warmU.Id, PartsSha256: sum})); err != nil {
		b.Fatal(err)
	}
	bare = 0
	b.SetBytes(int64(len(file)))
	for i := 0; b.Loop(); i++ {
		// The baseline goes first in one iteration and last in the next,
		// so that what a path leaves behind (PostgreSQL's writes, the
		// server's caches) falls on both alike; S3's side is reset before
		// each (quiesce).
		if i%2 == 0 {
			e.quiesce(b)
			putBare()
		}

		e.quiesce(b)
		start := time.Now()
		u, sum := e.sendHashingParts(b, browser, e.newVideo(b, alice), file, benchPart, 4)
		parts += time.Since(start)
		if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id, PartsSha256: sum})); err != nil {
			b.Fatal(err)
		}
		presigned += time.Since(start)

		e.quiesce(b)
		start = time.Now()
		u = e.create(b, alice, e.newVideo(b, alice), file)
		putParallel(b, browser, u, file, e.presign(b, alice, u, file, partNumbers(u)...), 4)
		if _, err := e.uploads(alice).CompleteUpload(ctx, connect.NewRequest(&uploadv1.CompleteUploadRequest{UploadId: u.Id})); err != nil {
			b.Fatal(err)
		}
		whole += time.Since(start)

		e.quiesce(b)
		start = time.Now()
		hdr := &uploadv1.UploadStreamHeader{VideoId: e.newVideo(b, alice), SizeBytes: uint64(len(file)), PartSize: benchPart, PartChecksums: true}
		if up, err := sendHashing(ctx, e.uploads(alice, connect.WithGRPC()), hdr, file, len(file), benchPart); err != nil || up.State != uploadv1.State_STATE_COMPLETED {
			b.Fatal(up, err)
		}
		stream += time.Since(start)

		e.quiesce(b)
		start = time.Now()
		hdr = &uploadv1.UploadStreamHeader{VideoId: e.newVideo(b, alice), SizeBytes: uint64(len(file)), PartSize: benchPart, PartChecksums: true}
		if _, err := sendHashing(ctx, e.uploads(alice, connect.WithGRPC()), hdr, file, partial, benchPart); err != nil {
			b.Fatal(err)
		}
		streamPart += time.Since(start)
		if i%2 == 1 {
			e.quiesce(b)
			putBare()
		}
	}
	n := float64(b.N)
	b.ReportMetric(bare.Seconds()/parts.Seconds(), "presigned-x")
	b.ReportMetric(bare.Seconds()/presigned.Seconds(), "presigned-e2e-x")
	b.ReportMetric(bare.Seconds()/whole.Seconds(), "whole-e2e-x")
	b.ReportMetric(bare.Seconds()/stream.Seconds(), "stream-e2e-x")
	b.ReportMetric(bare.Seconds()/(streamPart.Seconds()*float64(benchSize)/float64(partial)), "stream-x")
	b.ReportMetric(float64(len(file))*n/bare.Seconds()/mib, "bare-MiB/s")
	b.ReportMetric((presigned-parts).Seconds()/n, "complete-s/op")
	// b.Loop ran this function once: b.N is the whole run.
	rate := func(d time.Duration) string {
		return fmt.Sprintf("%.0f MiB/s", float64(len(file))*n/d.Seconds()/mib)
	}
	put := "PutObject " + rate(bare)
	benchreport.Print(benchreport.Figure{
		Path:     fmt.Sprintf("upload, presigned parts + CompleteUpload (each part hashed as sent, the parts' checksum declared at completion), vs bare PutObject (%d MiB)", benchSize/mib),
		Baseline: put, StreamGate: fmt.Sprintf("%s (CompleteUpload %.2f s)", rate(presigned), (presigned-parts).Seconds()/n),
		Ratio: bare.Seconds() / presigned.Seconds(), Target: 0.8,
	})
	benchreport.Print(benchreport.Figure{
		Path:     fmt.Sprintf("upload, presigned parts + CompleteUpload, the whole file's SHA-256 declared (%d MiB)", benchSize/mib),
		Baseline: put, StreamGate: rate(whole),
		Ratio: bare.Seconds() / whole.Seconds(),
	})
	benchreport.Print(benchreport.Figure{
		Path:     fmt.Sprintf("upload, UploadStream (gRPC) with completion (the parts' checksum in the trailer), vs bare PutObject (%d MiB)", benchSize/mib),
		Baseline: put, StreamGate: rate(stream),
		Ratio: bare.Seconds() / stream.Seconds(), Target: 0.8,
	})
}

// quiesce runs, untimed, before each of an iteration's timed uploads,
// so that each starts from the same state of the S3 server's disk: it
// removes what the earlier ones stored (their objects, and the partial
// stream's open upload, whose parts S3 would keep), syncs, so that the
// filesystem's deferred work for the removal is done before timing, and
// collects this process's garbage. Without the removal the objects
// piled up (about a GiB per 256 MiB iteration), and later uploads, the
// bare PutObject's as much as the service's, ran slower by amounts that
// changed from run to run (docs/BENCHMARKS.md, "Every upload from the
// same disk state").
func (e *env) quiesce(b *testing.B) {
	b.StopTimer()
	defer b.StartTimer()
	if err := testenv.EmptyBucket(context.Background(), e.s3, e.bucket); err != nil {
		b.Fatal(err)
	}
	syscall.Sync()
	benchreport.Settle()
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

// sendHashingParts does what the SDKs' presigned upload does: creates an
// upload that declares no checksum, then, lanes parts at a time, hashes
// a part, presigns it with its digest and PUTs it; it returns the upload
// and the parts' composite SHA-256 for CompleteUpload.
func (e *env) sendHashingParts(b testing.TB, client *http.Client, videoID string, file []byte, partSize, lanes int) (*uploadv1.Upload, string) {
	b.Helper()
	ctx := context.Background()
	res, err := e.uploads(alice).CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
		VideoId: videoID, SizeBytes: uint64(len(file)), PartSize: uint64(partSize), ContentType: "video/mp4",
	}))
	if err != nil {
		b.Fatal(err)
	}
	u := res.Msg.Upload
	digests := make([][32]byte, u.PartCount)
	var wg sync.WaitGroup
	sem := make(chan struct{}, lanes)
	for n := uint32(1); n <= u.PartCount; n++ {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			body := partOf(u, file, n)
			digests[n-1] = sha256.Sum256(body)
			urls, err := e.uploads(alice).PresignParts(ctx, connect.NewRequest(&uploadv1.PresignPartsRequest{
				UploadId: u.Id, Parts: []*uploadv1.PartChecksum{{Number: n, Sha256: base64.StdEncoding.EncodeToString(digests[n-1][:])}},
			}))
			if err != nil {
				b.Error(err)
				return
			}
			if code, msg := put(b, client, urls.Msg.Parts[0], body); code != http.StatusOK {
				b.Errorf("part %d: %d %s", n, code, msg)
			}
		})
	}
	wg.Wait()
	all := sha256.New()
	for _, d := range digests {
		all.Write(d[:])
	}
	return u, hex.EncodeToString(all.Sum(nil))
}

// sendHashing streams file[:to] after hdr as a client that hashes each
// part as it sends it does: with each part's checksum after the part when
// hdr sets part_checksums, and the trailer that declares the parts'
// checksum when the file is whole. Chunks end at the parts' boundaries
// (partSize is a multiple of chunk).
func sendHashing(ctx context.Context, c streamer, hdr *uploadv1.UploadStreamHeader, file []byte, to, partSize int) (*uploadv1.Upload, error) {
	s := c.UploadStream(ctx)
	if err := s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Header{Header: hdr}}); err != nil {
		_, err = s.CloseAndReceive()
		return nil, err
	}
	all, part := sha256.New(), sha256.New()
	for off := 0; off < to; off += chunk {
		c := file[off:min(off+chunk, to)]
		part.Write(c)
		if s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Chunk{Chunk: c}}) != nil {
			break // the server answered early; CloseAndReceive has its error
		}
		if end := off + len(c); end%partSize == 0 || end == len(file) {
			d := part.Sum(nil)
			all.Write(d)
			part.Reset()
			if hdr.PartChecksums {
				sum := &uploadv1.PartChecksum{Number: uint32(end+partSize-1) / uint32(partSize), Sha256: base64.StdEncoding.EncodeToString(d)}
				if s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_PartChecksum{PartChecksum: sum}}) != nil {
					break
				}
			}
		}
	}
	if to == len(file) {
		trailer := &uploadv1.UploadStreamTrailer{PartsSha256: hex.EncodeToString(all.Sum(nil))}
		_ = s.Send(&uploadv1.UploadStreamRequest{Msg: &uploadv1.UploadStreamRequest_Trailer{Trailer: trailer}})
	}
	res, err := s.CloseAndReceive()
	if err != nil {
		return nil, err
	}
	return res.Msg.Upload, nil
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

// benchServerInfo is what the benchmark's server process tells the
// benchmark.
type benchServerInfo struct {
	URL    string `json:"url"`
	Bucket string `json:"bucket"`
}

// TestBenchUploadServer is BenchmarkUpload's server: newEnv's services on
// a database and bucket of their own, in this test binary started again
// (benchServer). It runs only when UPLOAD_BENCH_DIR names where to write
// its address, and until its stdin closes.
func TestBenchUploadServer(t *testing.T) {
	dir := os.Getenv("UPLOAD_BENCH_DIR")
	if dir == "" {
		t.Skip("BenchmarkUpload starts it")
	}
	// UPLOAD_BENCH_S3_DELAY (a duration): S3 as far away as a cloud's,
	// each of the server's requests to it (and the presigned PUTs, whose
	// URLs name the same endpoint) waiting that long first.
	var via func(*minio.Client) *minio.Client
	if d, err := time.ParseDuration(os.Getenv("UPLOAD_BENCH_S3_DELAY")); err == nil {
		via = s3Proxy(t, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			time.Sleep(d)
			next.ServeHTTP(w, r)
		})
	}
	e := newEnvS3(t, nil, transcode.DefaultConfig(), via)
	data, err := json.Marshal(benchServerInfo{URL: e.url, Bucket: e.bucket})
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "server.json.tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "server.json")); err != nil {
		t.Fatal(err)
	}
	// The server process's CPU over the whole benchmark.
	stop, err := benchreport.CPUProfile(os.Getenv("UPLOAD_BENCH_CPUPROFILE"))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// benchServer starts TestBenchUploadServer in a process of its own,
// pinned to UPLOAD_BENCH_SERVER_CPU when set, and returns an env whose
// clients reach it; the process ends with the benchmark.
func benchServer(b *testing.B) *env {
	b.Helper()
	dir := b.TempDir()
	args := []string{os.Args[0], "-test.run", "^TestBenchUploadServer$", "-test.count", "1", "-test.timeout", "0"}
	if cpu := os.Getenv("UPLOAD_BENCH_SERVER_CPU"); cpu != "" {
		if _, err := exec.LookPath("taskset"); err == nil {
			args = append([]string{"taskset", "-c", cpu}, args...)
		}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "UPLOAD_BENCH_DIR="+dir)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	var info benchServerInfo
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		data, err := os.ReadFile(filepath.Join(dir, "server.json"))
		if err == nil && json.Unmarshal(data, &info) == nil {
			break
		}
		if time.Now().After(deadline) {
			b.Fatal("the benchmark's server did not start")
		}
	}
	return &env{s3: testenv.S3Client(b, testenv.S3Endpoint()), bucket: info.Bucket, url: info.URL, http: testenv.H2CClient()}
}
