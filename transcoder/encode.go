package transcoder

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/streamgate/streamgate/media"
)

// Encoder turns a local source into an encrypted HLS ladder in a folder.
type Encoder struct {
	FFmpeg, FFprobe string
	Profile         Profile
	MaxWall         time.Duration
	// Poll is how often ffmpeg's pieces are joined into segments while
	// it runs (regroup.go); 0 is 250 ms.
	Poll time.Duration
}

// Source is a downloaded original.
type Source struct {
	Path string
	// Format is the container found at upload; empty means probe it.
	Format string
}

// Key is the AES-128 content key and this attempt's IV.
type Key struct {
	Key, IV []byte
	URI     string
}

// Result is what an encode produced.
type Result struct {
	// Variants are the video renditions, highest first, then the
	// audio-only ones.
	Variants []Variant
	// Stills says whether the poster and storyboard were made (not for
	// audio only).
	Stills bool
	Probe  media.Info
	Run    Run
	// Prepared is how long probing and writing the key files took.
	Prepared time.Duration
}

// Prepare probes the source and returns the encode job: the ladder and
// the key files, written to tmp (never to the output folder). The probe is
// media's, forced to the container the upload's probe found (that is what
// the upload checks accepted); a file it refuses wraps media.ErrRejected.
func (e Encoder) Prepare(ctx context.Context, src Source, key Key, tmp string) (Job, media.Info, error) {
	p, err := media.Prober{Path: e.FFprobe}.Inspect(ctx, src.Path, src.Format)
	if err != nil {
		return Job{}, p, err
	}
	if len(key.Key) != 16 || len(key.IV) != 16 {
		return Job{}, p, errors.New("the content key and IV must be 16 bytes")
	}
	keyFile := filepath.Join(tmp, "content.key")
	if err := os.WriteFile(keyFile, key.Key, 0o600); err != nil {
		return Job{}, p, err
	}
	info := filepath.Join(tmp, "keyinfo")
	if err := os.WriteFile(info, []byte(key.URI+"\n"+keyFile+"\n"+hex.EncodeToString(key.IV)+"\n"), 0o600); err != nil {
		return Job{}, p, err
	}
	j := Job{
		Input: src.Path, Format: p.Format, KeyInfo: info, Key: key, Renditions: Plan(e.Profile, p), AudioRenditions: PlanAudio(e.Profile, p),
		Audio: p.AudioCodec != "", Duration: p.Duration.Seconds(), FPS: OutputFPS(p.FPS), HDR: p.HDR, Profile: e.Profile,
		Storyboard: PlanStoryboard(p.Duration.Seconds(), p.Width, p.Height),
	}
	if len(j.Renditions) == 0 && len(j.AudioRenditions) == 0 {
		return Job{}, p, fmt.Errorf("%w: it has no video or audio stream", media.ErrRejected)
	}
	return j, p, nil
}

// Encode runs the one ffmpeg command into out, checks every media
// playlist, and writes the master playlist. progress gets [0, 1].
func (e Encoder) Encode(ctx context.Context, src Source, key Key, tmp, out string, progress func(float64)) (Result, error) {
	start := time.Now()
	job, p, err := e.Prepare(ctx, src, key, tmp)
	prepared := time.Since(start)
	if err != nil {
		return Result{Probe: p, Prepared: prepared}, err
	}
	res, err := e.Run(ctx, job, p, out, progress)
	res.Prepared = prepared
	return res, err
}

// Run is Encode after Prepare: the worker starts publishing early
// between the two, once it knows the renditions.
func (e Encoder) Run(ctx context.Context, job Job, p media.Info, out string, progress func(float64)) (Result, error) {
	if job.stills() {
		// ffmpeg's image muxer writes into the folder but does not make it.
		if err := os.MkdirAll(filepath.Join(out, StoryboardDir), 0o755); err != nil {
			return Result{Probe: p}, err
		}
	}
	group, err := newRegrouper(job, out)
	if err != nil {
		return Result{Probe: p}, err
	}
	// The pieces are joined every Poll while ffmpeg runs (not on its
	// progress reports: ffmpeg holds back its first one until every
	// output has a frame, and the storyboard's first sheet may come only
	// at the end), then once more after it exits.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(cmp.Or(e.Poll, 250*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if err := group.advance(false); err != nil {
				stop(fmt.Errorf("segment the ladder: %w", err))
				return
			}
		}
	})
	run, err := RunFFmpeg(ctx, e.FFmpeg, Args(job), out, e.MaxWall, func(at time.Duration) {
		if progress != nil {
			progress(fraction(at, p.Duration))
		}
	})
	close(done)
	wg.Wait()
	res := Result{Probe: p, Run: run, Stills: job.stills()}
	if err != nil {
		return res, err
	}
	if err := group.advance(true); err != nil {
		return res, fmt.Errorf("segment the ladder: %w", err)
	}
	for _, r := range append(slices.Clone(job.Renditions), job.AudioRenditions...) {
		v, err := measure(out, r)
		if err != nil {
			return res, err
		}
		v.Codecs = r.Codecs(job.Audio)
		if !r.AudioOnly() {
			v.FPS = job.FPS
		}
		res.Variants = append(res.Variants, v)
	}
	if res.Stills {
		if err := writeStoryboard(out, job.Storyboard, job.Duration); err != nil {
			return res, err
		}
	}
	err = os.WriteFile(filepath.Join(out, MasterPlaylist), []byte(RenderMaster(res.Variants)), 0o644)
	return res, err
}

// measure reads a rendition's playlist and its segments' sizes: HLS
// wants BANDWIDTH to be the peak segment bit rate.
func measure(out string, r Rendition) (Variant, error) {
	f, err := os.Open(filepath.Join(out, r.Name, "index.m3u8"))
	if err != nil {
		return Variant{}, fmt.Errorf("rendition %s: %w", r.Name, err)
	}
	defer f.Close()
	pl, err := parsePlaylist(f)
	if err != nil {
		return Variant{}, fmt.Errorf("rendition %s playlist: %w", r.Name, err)
	}
	if !pl.Ended || len(pl.Segments) == 0 || pl.Key.Method != "AES-128" {
		return Variant{}, fmt.Errorf("rendition %s playlist is incomplete or unencrypted", r.Name)
	}
	v := Variant{Rendition: r}
	var bits, secs float64
	for _, s := range pl.Segments {
		st, err := os.Stat(filepath.Join(out, r.Name, s.URI))
		if err != nil {
			return v, fmt.Errorf("rendition %s: %w", r.Name, err)
		}
		b := float64(st.Size() * 8)
		bits, secs = bits+b, secs+s.Duration
		if s.Duration > 0.5 {
			v.Peak = max(v.Peak, uint64(b/s.Duration))
		}
	}
	if secs > 0 {
		v.Average = uint64(bits / secs)
	}
	if v.Peak == 0 {
		v.Peak = max(v.Average, 1)
	}
	if v.Average == 0 {
		v.Average = v.Peak
	}
	return v, nil
}
