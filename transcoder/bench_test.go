package transcoder

import (
	"context"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// benchClip makes the clip every ladder benchmark encodes: 8 s of
// 1280x720 at 30 fps with a tone, so the ladder is 720p/480p/360p.
func benchClip(b *testing.B) string {
	b.Helper()
	out := filepath.Join(b.TempDir(), "clip.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=8",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=8", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", out)
	if o, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("make clip: %v: %s", err, o)
	}
	return out
}

func benchKey() Key {
	k, iv := make([]byte, 16), make([]byte, 16)
	_, _ = rand.Read(k)
	_, _ = rand.Read(iv)
	return Key{Key: k, IV: iv, URI: "../key"}
}

func benchEncoder() Encoder {
	return Encoder{FFmpeg: "ffmpeg", FFprobe: "ffprobe", Profile: DefaultProfile(), MaxWall: time.Hour}
}

// dirs returns a fresh tmp and output folder.
func dirs(b *testing.B) (string, string) {
	tmp := b.TempDir()
	out := filepath.Join(tmp, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		b.Fatal(err)
	}
	return tmp, out
}

// BenchmarkWorkerLadderVsBareFFmpeg encodes the clip through the worker's
// Encode (probe, ffmpeg with progress parsing, playlist checks, master)
// and with the identical ffmpeg command run alone, alternating, and
// reports the ratio of wall times (target <= 1.05).
func BenchmarkWorkerLadderVsBareFFmpeg(b *testing.B) {
	src := Source{Path: benchClip(b)}
	enc, key := benchEncoder(), benchKey()
	ctx := context.Background()
	var worker, bare time.Duration
	for b.Loop() {
		tmp, out := dirs(b)
		start := time.Now()
		if _, err := enc.Encode(ctx, src, key, tmp, out, func(float64) {}); err != nil {
			b.Fatal(err)
		}
		worker += time.Since(start)

		tmp, out = dirs(b)
		job, _, err := enc.Prepare(ctx, src, key, tmp)
		if err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command("ffmpeg", Args(job)...)
		cmd.Dir = out
		start = time.Now()
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("bare ffmpeg: %v: %s", err, o)
		}
		bare += time.Since(start)
	}
	b.ReportMetric(worker.Seconds()/float64(b.N), "worker-s/op")
	b.ReportMetric(bare.Seconds()/float64(b.N), "bare-s/op")
	b.ReportMetric(worker.Seconds()/bare.Seconds(), "wall-ratio")
}

// BenchmarkOneDecodeVsPerRendition encodes the ladder in one ffmpeg run
// (one decode, split) and in one run per rendition (a decode each; the
// stills in the first), alternating, and reports wall and CPU ratios
// (targets <= 0.9 and <= 0.85).
func BenchmarkOneDecodeVsPerRendition(b *testing.B) {
	src := Source{Path: benchClip(b)}
	enc, key := benchEncoder(), benchKey()
	ctx := context.Background()
	var oneWall, oneCPU, perWall, perCPU time.Duration
	for b.Loop() {
		tmp, out := dirs(b)
		job, _, err := enc.Prepare(ctx, src, key, tmp)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		run, err := RunFFmpeg(ctx, "ffmpeg", Args(job), out, time.Hour, nil)
		if err != nil {
			b.Fatal(err)
		}
		oneWall += time.Since(start)
		oneCPU += run.CPU

		_, out = dirs(b)
		start = time.Now()
		for i, r := range job.Renditions {
			single := job
			single.Renditions = []Rendition{r}
			single.NoStills = i > 0
			run, err := RunFFmpeg(ctx, "ffmpeg", Args(single), out, time.Hour, nil)
			if err != nil {
				b.Fatal(err)
			}
			perCPU += run.CPU
		}
		perWall += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(oneWall.Seconds()/n, "one-wall-s/op")
	b.ReportMetric(perWall.Seconds()/n, "per-wall-s/op")
	b.ReportMetric(oneCPU.Seconds()/n, "one-cpu-s/op")
	b.ReportMetric(perCPU.Seconds()/n, "per-cpu-s/op")
	b.ReportMetric(oneWall.Seconds()/perWall.Seconds(), "wall-ratio")
	b.ReportMetric(oneCPU.Seconds()/perCPU.Seconds(), "cpu-ratio")
}
