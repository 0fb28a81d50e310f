package transcoder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"

	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
)

// publisher uploads a ladder while ffmpeg writes it. ffmpeg lists a
// segment in a rendition's EVENT playlist only once the segment is
// finished (and renamed into place), and replaces the playlist by rename,
// so what a playlist lists is safe to upload. Segments go up before the
// playlist that names them, playlists before the master that names them,
// and once every rendition has min segments the server is told the video
// is playable. finish finalises the playlists to VOD, once.
type publisher struct {
	w   *Worker
	job *transcodev1.Job
	dir string
	enc Job
	fps float64
	min int

	// done holds the uploaded segments; listed, each rendition's segment
	// count in the playlist last uploaded.
	done   map[string]bool
	listed map[string]int
	// live: the server made the video playable; refused: it would not (it
	// serves another attempt's ladder), so nothing is published early.
	live, refused bool
}

func (w *Worker) newPublisher(job *transcodev1.Job, dir string, enc Job, fps float64) *publisher {
	return &publisher{w: w, job: job, dir: dir, enc: enc, fps: fps, min: w.cfg.EarlySegments,
		done: map[string]bool{}, listed: map[string]int{}}
}

// during runs encode while publishing what it writes. A failure to
// publish stops the encode: the attempt fails and is retried whole.
func (p *publisher) during(ctx context.Context, encode func(context.Context) (Result, error)) (Result, error) {
	if p.min == 0 {
		return encode(ctx)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := make(chan struct{})
	var perr error
	var wg sync.WaitGroup
	wg.Go(func() {
		if perr = p.run(ctx, stop); perr != nil {
			cancel(perr)
		}
	})
	res, err := encode(ctx)
	close(stop)
	wg.Wait()
	if perr != nil {
		return res, perr
	}
	return res, err
}

// run sweeps the output folder every EarlyPoll until stop closes or ctx
// ends (the encode's end decides the job's fate then).
func (p *publisher) run(ctx context.Context, stop <-chan struct{}) error {
	t := time.NewTicker(p.w.cfg.EarlyPoll)
	defer t.Stop()
	for !p.refused {
		select {
		case <-stop:
			return nil
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if err := p.sweep(ctx); err != nil && ctx.Err() == nil {
			return fmt.Errorf("publish early: %w", err)
		}
	}
	return nil
}

// snapshot is one rendition's playlist as read, uploaded as these bytes.
type snapshot struct {
	path     string
	data     []byte
	segments int
}

// sweep uploads the segments and playlists written since the last sweep
// and, once every rendition has enough, publishes the ladder.
func (p *publisher) sweep(ctx context.Context) error {
	var segs []string
	var lists []snapshot
	enough := true
	for _, r := range p.enc.all() {
		path := r.Name + "/index.m3u8"
		data, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(path)))
		if errors.Is(err, fs.ErrNotExist) {
			enough = false
			continue
		}
		if err != nil {
			return err
		}
		pl, err := parsePlaylist(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("rendition %s playlist: %w", r.Name, err)
		}
		if pl.Ended {
			// ffmpeg is done with it: finish publishes it, as VOD.
			enough = false
			continue
		}
		if len(pl.Segments) > 0 && pl.Key.Method != "AES-128" {
			return fmt.Errorf("rendition %s playlist is unencrypted", r.Name)
		}
		enough = enough && len(pl.Segments) >= p.min
		if len(pl.Segments) == p.listed[path] {
			continue
		}
		for _, s := range pl.Segments {
			if seg := r.Name + "/" + s.URI; !p.done[seg] {
				segs = append(segs, seg)
			}
		}
		lists = append(lists, snapshot{path: path, data: data, segments: len(pl.Segments)})
	}
	if enough && !p.live {
		p.w.cfg.Log.Debug("every rendition has its first segments; uploading", "job", p.job.GetId())
	}
	if err := p.w.uploadFiles(ctx, p.job, p.dir, segs); err != nil {
		return err
	}
	for _, s := range segs {
		p.done[s] = true
	}
	if err := p.putSnapshots(ctx, lists); err != nil {
		return err
	}
	if enough && !p.live {
		return p.publish(ctx)
	}
	return nil
}

func (p *publisher) putSnapshots(ctx context.Context, lists []snapshot) error {
	if len(lists) == 0 {
		return nil
	}
	data := map[string][]byte{}
	for _, s := range lists {
		data[s.path] = s.data
	}
	if err := p.w.uploadBytes(ctx, p.job, data); err != nil {
		return err
	}
	for _, s := range lists {
		p.listed[s.path] = s.segments
	}
	return nil
}

// publish uploads a master playlist with each rung's nominal bit rate
// (the final one, with measured rates, replaces it) and tells the server.
func (p *publisher) publish(ctx context.Context) error {
	vs := nominal(p.enc, p.fps)
	if err := p.w.uploadBytes(ctx, p.job, map[string][]byte{MasterPlaylist: []byte(RenderMaster(vs))}); err != nil {
		return err
	}
	req := &transcodev1.PublishEarlyRequest{JobId: p.job.GetId(), LeaseToken: p.job.GetLeaseToken(), MasterPlaylist: MasterPlaylist}
	for _, v := range vs {
		req.Renditions = append(req.Renditions, renditionOutput(v))
	}
	res, err := p.w.client.PublishEarly(ctx, connect.NewRequest(req))
	if err != nil {
		return err
	}
	p.live, p.refused = res.Msg.GetPublished(), !res.Msg.GetPublished()
	p.w.cfg.Log.Info("ladder published early", "job", p.job.GetId(), "published", p.live)
	return nil
}

// nominal is the master playlist's variants before any segment is
// measured: the bit rates the encoder aims at, the peak at the VBV
// buffer's bound.
func nominal(j Job, fps float64) []Variant {
	audio := 0
	if j.Audio {
		audio = j.Profile.AudioKbps
	}
	vs := make([]Variant, 0, len(j.Renditions)+len(j.AudioRenditions))
	for _, r := range j.Renditions {
		vs = append(vs, Variant{Rendition: r, Codecs: r.Codecs(j.Audio), FPS: fps,
			Peak: uint64(r.VideoKbps*3/2+audio) * 1000, Average: uint64(r.VideoKbps+audio) * 1000})
	}
	for _, r := range j.AudioRenditions { // AAC alone, at its constant rate
		vs = append(vs, Variant{Rendition: r, Codecs: r.Codecs(j.Audio),
			Peak: uint64(r.AudioKbps*3/2) * 1000, Average: uint64(r.AudioKbps) * 1000})
	}
	return vs
}

// finish finalises every rendition's playlist to VOD and uploads what is
// not up yet: media and stills first, then the media playlists, then the
// master, so no published playlist ever names a missing object.
func (p *publisher) finish(ctx context.Context) error {
	for _, r := range p.enc.all() {
		file := filepath.Join(p.dir, r.Name, "index.m3u8")
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		vod, err := FinalizeVOD(data)
		if err != nil {
			return fmt.Errorf("rendition %s playlist: %w", r.Name, err)
		}
		if err := os.WriteFile(file, vod, 0o644); err != nil {
			return err
		}
	}
	paths, err := outputs(p.dir)
	if err != nil {
		return err
	}
	paths = slices.DeleteFunc(paths, func(s string) bool { return p.done[s] })
	media := slices.DeleteFunc(slices.Clone(paths), func(s string) bool { return strings.HasSuffix(s, ".m3u8") })
	lists := slices.DeleteFunc(slices.Clone(paths), func(s string) bool { return !strings.HasSuffix(s, ".m3u8") || s == MasterPlaylist })
	for _, batch := range [][]string{media, lists, {MasterPlaylist}} {
		if err := p.w.uploadFiles(ctx, p.job, p.dir, batch); err != nil {
			return err
		}
	}
	return nil
}

// all is the job's renditions, video then audio-only: every media
// playlist ffmpeg writes.
func (j Job) all() []Rendition {
	return append(slices.Clone(j.Renditions), j.AudioRenditions...)
}
