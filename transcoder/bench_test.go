package transcoder

import (
	"context"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// benchClip makes the clip every ladder benchmark encodes: 4 s of
// 1920x1080 at 30 fps with a tone, so the ladder is the whole default
// 1080p/720p/480p/360p.
func benchClip(b *testing.B) string {
	b.Helper()
	out := filepath.Join(b.TempDir(), "clip.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=4",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", out)
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
// and with the identical ffmpeg command run alone, alternating which goes
// first, and reports the ratio of wall times (target <= 1.05): over the
// whole run, and the median of the per-iteration ratios, which a load
// spike on the shared machine moves less.
func BenchmarkWorkerLadderVsBareFFmpeg(b *testing.B) {
	src := Source{Path: benchClip(b)}
	enc, key := benchEncoder(), benchKey()
	ctx := context.Background()
	var worker, bare, probe time.Duration
	var ratios, noProbe []float64
	for i := 0; b.Loop(); i++ {
		var prepared time.Duration
		runWorker := func() time.Duration {
			tmp, out := dirs(b)
			start := time.Now()
			res, err := enc.Encode(ctx, src, key, tmp, out, func(float64) {})
			if err != nil {
				b.Fatal(err)
			}
			prepared = res.Prepared
			return time.Since(start)
		}
		runBare := func() time.Duration {
			tmp, out := dirs(b)
			job, _, err := enc.Prepare(ctx, src, key, tmp)
			if err != nil {
				b.Fatal(err)
			}
			cmd := exec.Command("ffmpeg", Args(job)...)
			cmd.Dir = out
			start := time.Now()
			if o, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("bare ffmpeg: %v: %s", err, o)
			}
			return time.Since(start)
		}
		var w, bw time.Duration
		if i%2 == 0 {
			w, bw = runWorker(), runBare()
		} else {
			bw, w = runBare(), runWorker()
		}
		worker, bare, probe = worker+w, bare+bw, probe+prepared
		ratios = append(ratios, w.Seconds()/bw.Seconds())
		noProbe = append(noProbe, (w-prepared).Seconds()/bw.Seconds())
	}
	b.ReportMetric(worker.Seconds()/float64(b.N), "worker-s/op")
	b.ReportMetric(bare.Seconds()/float64(b.N), "bare-s/op")
	b.ReportMetric(worker.Seconds()/bare.Seconds(), "wall-ratio")
	b.ReportMetric(median(ratios), "wall-ratio-median")
	// The worker's one extra process is ffprobe; without it the ratio is
	// the cost of how the worker runs ffmpeg (containment, progress
	// parsing) and checks its output.
	b.ReportMetric(probe.Seconds()/float64(b.N), "probe-s/op")
	b.ReportMetric(median(noProbe), "wall-ratio-median-after-probe")
}

// BenchmarkOneDecodeVsPerRendition encodes the ladder in one ffmpeg run
// (one decode, split) and in one run per rendition (a decode each; the
// stills in the first), alternating which goes first, and reports wall
// and CPU ratios (targets <= 0.9 and <= 0.85), overall and as medians of
// the per-iteration ratios.
func BenchmarkOneDecodeVsPerRendition(b *testing.B) {
	src := Source{Path: benchClip(b)}
	enc, key := benchEncoder(), benchKey()
	ctx := context.Background()
	var oneWall, oneCPU, perWall, perCPU time.Duration
	var wallRatios, cpuRatios []float64
	for i := 0; b.Loop(); i++ {
		tmp, _ := dirs(b)
		job, _, err := enc.Prepare(ctx, src, key, tmp)
		if err != nil {
			b.Fatal(err)
		}
		one := func() (time.Duration, time.Duration) {
			_, out := dirs(b)
			start := time.Now()
			run, err := RunFFmpeg(ctx, "ffmpeg", Args(job), out, time.Hour, nil)
			if err != nil {
				b.Fatal(err)
			}
			return time.Since(start), run.CPU
		}
		per := func() (time.Duration, time.Duration) {
			_, out := dirs(b)
			start := time.Now()
			var cpu time.Duration
			for i, r := range job.Renditions {
				single := job
				single.Renditions = []Rendition{r}
				single.NoStills = i > 0
				run, err := RunFFmpeg(ctx, "ffmpeg", Args(single), out, time.Hour, nil)
				if err != nil {
					b.Fatal(err)
				}
				cpu += run.CPU
			}
			return time.Since(start), cpu
		}
		var ow, oc, pw, pc time.Duration
		if i%2 == 0 {
			ow, oc = one()
			pw, pc = per()
		} else {
			pw, pc = per()
			ow, oc = one()
		}
		oneWall, oneCPU, perWall, perCPU = oneWall+ow, oneCPU+oc, perWall+pw, perCPU+pc
		wallRatios = append(wallRatios, ow.Seconds()/pw.Seconds())
		cpuRatios = append(cpuRatios, oc.Seconds()/pc.Seconds())
	}
	n := float64(b.N)
	b.ReportMetric(oneWall.Seconds()/n, "one-wall-s/op")
	b.ReportMetric(perWall.Seconds()/n, "per-wall-s/op")
	b.ReportMetric(oneCPU.Seconds()/n, "one-cpu-s/op")
	b.ReportMetric(perCPU.Seconds()/n, "per-cpu-s/op")
	b.ReportMetric(oneWall.Seconds()/perWall.Seconds(), "wall-ratio")
	b.ReportMetric(oneCPU.Seconds()/perCPU.Seconds(), "cpu-ratio")
	b.ReportMetric(median(wallRatios), "wall-ratio-median")
	b.ReportMetric(median(cpuRatios), "cpu-ratio-median")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// BenchmarkDownloadAndStoryboardCPU measures the extra CPU (user+sys of
// ffmpeg) of the storyboard (with the poster) and the download MP4 over
// the ladder alone, in one run: the ladder without stills, then the
// ladder with them plus the download's remux, alternating which goes
// first. Target: extra-cpu-ratio-median under 0.10.
func BenchmarkDownloadAndStoryboardCPU(b *testing.B) {
	src := Source{Path: benchClip(b)}
	enc, key := benchEncoder(), benchKey()
	ctx := context.Background()
	var ladder, stills, download time.Duration
	var ratios, dlRatios, sbRatios []float64
	for i := 0; b.Loop(); i++ {
		alone := func() time.Duration {
			tmp, out := dirs(b)
			job, _, err := enc.Prepare(ctx, src, key, tmp)
			if err != nil {
				b.Fatal(err)
			}
			job.NoStills = true
			run, err := RunFFmpeg(ctx, "ffmpeg", Args(job), out, time.Hour, nil)
			if err != nil {
				b.Fatal(err)
			}
			return run.CPU
		}
		with := func() (time.Duration, time.Duration) {
			tmp, out := dirs(b)
			res, err := enc.Encode(ctx, src, key, tmp, out, nil)
			if err != nil {
				b.Fatal(err)
			}
			dl, err := enc.Download(ctx, res, key, tmp, out)
			if err != nil {
				b.Fatal(err)
			}
			return res.Run.CPU, dl.CPU
		}
		var a, w, d time.Duration
		if i%2 == 0 {
			a = alone()
			w, d = with()
		} else {
			w, d = with()
			a = alone()
		}
		ladder, stills, download = ladder+a, stills+w, download+d
		ratios = append(ratios, (w+d-a).Seconds()/a.Seconds())
		sbRatios = append(sbRatios, (w-a).Seconds()/a.Seconds())
		dlRatios = append(dlRatios, d.Seconds()/a.Seconds())
	}
	n := float64(b.N)
	b.ReportMetric(ladder.Seconds()/n, "ladder-cpu-s/op")
	b.ReportMetric(stills.Seconds()/n, "ladder+stills-cpu-s/op")
	b.ReportMetric(download.Seconds()/n, "download-cpu-s/op")
	b.ReportMetric((stills+download-ladder).Seconds()/ladder.Seconds(), "extra-cpu-ratio")
	b.ReportMetric(median(ratios), "extra-cpu-ratio-median")
	b.ReportMetric(median(sbRatios), "storyboard-cpu-ratio-median")
	b.ReportMetric(median(dlRatios), "download-cpu-ratio-median")
}
