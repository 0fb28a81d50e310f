package transcode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sync"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/db/dbq"
	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
	"github.com/streamgate/streamgate/server/video"
	"github.com/streamgate/streamgate/server/webhook"
)

// outputPath is the shape PresignOutputs accepts; a published name must
// be one of those, or it could not have been uploaded.
var outputPath = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)?(/[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)?)?$`)

// Rendition is one entry of videos.renditions (jsonb), read by the video
// and playback services.
type Rendition struct {
	Name      string `json:"name"`
	Width     uint32 `json:"width"`
	Height    uint32 `json:"height"`
	Bandwidth uint64 `json:"bandwidth"`
	Codecs    string `json:"codecs"`
	// Playlist is the media playlist relative to hls_prefix.
	Playlist string `json:"playlist"`
}

// CompleteJob checks that the attempt's playlists were uploaded, then
// publishes them: the job succeeds and the video becomes ready pointing
// at the attempt's prefix, in one transaction fenced by the lease.
func (s *Service) CompleteJob(ctx context.Context, req *connect.Request[transcodev1.CompleteJobRequest]) (*connect.Response[transcodev1.CompleteJobResponse], error) {
	m := req.Msg
	l, err := parseLease(m.GetJobId(), m.GetLeaseToken())
	if err != nil {
		return nil, err
	}
	renditions, files, err := completion(m)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadCompletion, err)
	}
	j, err := s.locked(ctx, s.store.Queries, l)
	if err != nil {
		return nil, err
	}
	prefix := AttemptPrefix(j.VideoID, j.ID, j.Attempt)
	if err := s.checkUploaded(ctx, prefix, files); err != nil {
		return nil, err
	}
	doc, err := json.Marshal(renditions)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(q *dbq.Queries) error {
		if _, err := q.CompleteTranscodeJob(ctx, dbq.CompleteTranscodeJobParams{ID: l.job, LeaseToken: l.token}); err != nil {
			return s.fenced(ctx, q, l.job, err)
		}
		old, err := q.TranscodeLockVideoPrefix(ctx, j.VideoID)
		if err != nil {
			return fmt.Errorf("lock video: %w", err)
		}
		if err := q.TranscodePublishVideo(ctx, dbq.TranscodePublishVideoParams{
			ID: j.VideoID, HlsPrefix: prefix, Renditions: doc, DownloadObject: m.GetDownload(),
		}); err != nil {
			return fmt.Errorf("publish video: %w", err)
		}
		if err := video.Emit(ctx, q, webhook.VideoReady, j.VideoID); err != nil {
			return err
		}
		if old != "" && old != prefix {
			return q.TranscodeQueueDeletion(ctx, old)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&transcodev1.CompleteJobResponse{}), nil
}

// checkUploaded stats every named file at once and reports the first
// missing one, in the order given.
func (s *Service) checkUploaded(ctx context.Context, prefix string, files []string) error {
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			ok, err := s.objects.Exists(ctx, prefix+f)
			if err == nil && !ok {
				err = fmt.Errorf("%w: %s was not uploaded", ErrOutputMissing, f)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// completion checks the meaning of a CompleteJobRequest and returns the
// renditions to store and the files that must exist.
func completion(m *transcodev1.CompleteJobRequest) ([]Rendition, []string, error) {
	out, files, err := outputsOf(m.GetMasterPlaylist(), m.GetRenditions())
	if err != nil {
		return nil, nil, err
	}
	for _, f := range []string{m.GetPoster(), m.GetStoryboard(), m.GetDownload()} {
		if f == "" {
			continue
		}
		if !outputPath.MatchString(f) {
			return nil, nil, fmt.Errorf("output path %q is not a relative path PresignOutputs accepts", f)
		}
		files = append(files, f)
	}
	return out, files, nil
}

// outputsOf checks a master playlist and renditions a worker names and
// returns the renditions to store and the files that must exist.
func outputsOf(master string, renditions []*transcodev1.RenditionOutput) ([]Rendition, []string, error) {
	files := []string{master}
	seen := map[string]bool{}
	var out []Rendition
	for _, r := range renditions {
		if seen[r.GetName()] {
			return nil, nil, fmt.Errorf("rendition %q is named twice", r.GetName())
		}
		seen[r.GetName()] = true
		// An audio-only rendition (AAC alone) has no size.
		audioOnly := r.GetCodecs() == "mp4a.40.2" && r.GetWidth() == 0 && r.GetHeight() == 0
		if !audioOnly && (r.GetWidth() == 0 || r.GetHeight() == 0) || r.GetBandwidth() == 0 {
			return nil, nil, fmt.Errorf("rendition %q needs width, height and bandwidth (or, audio only, codecs mp4a.40.2 and bandwidth)", r.GetName())
		}
		files = append(files, r.GetPlaylist())
		out = append(out, Rendition{
			Name: r.GetName(), Width: r.GetWidth(), Height: r.GetHeight(),
			Bandwidth: r.GetBandwidth(), Codecs: r.GetCodecs(), Playlist: r.GetPlaylist(),
		})
	}
	for _, f := range files {
		if !outputPath.MatchString(f) {
			return nil, nil, errors.New("output path " + fmt.Sprintf("%q", f) + " is not a relative path PresignOutputs accepts")
		}
	}
	return out, files, nil
}
