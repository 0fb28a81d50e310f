package transcoder

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"connectrpc.com/connect"

	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
)

// outputs lists every file under dir, as slash-separated relative paths.
func outputs(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		paths = append(paths, filepath.ToSlash(rel))
		return err
	})
	return paths, err
}

// uploadFiles puts the named files of dir under the attempt's prefix
// through presigned PUT URLs, a few at a time.
func (w *Worker) uploadFiles(ctx context.Context, job *transcodev1.Job, dir string, paths []string) error {
	return w.presigned(ctx, job, paths, func(ctx context.Context, o *transcodev1.PresignedOutput) error {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(o.GetPath())))
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		return w.put(ctx, f, st.Size(), o)
	})
}

// uploadBytes puts data (by relative path) under the attempt's prefix:
// a playlist as it was read, though ffmpeg may have replaced the file.
func (w *Worker) uploadBytes(ctx context.Context, job *transcodev1.Job, data map[string][]byte) error {
	paths := make([]string, 0, len(data))
	for p := range data {
		paths = append(paths, p)
	}
	return w.presigned(ctx, job, paths, func(ctx context.Context, o *transcodev1.PresignedOutput) error {
		b, ok := data[o.GetPath()]
		if !ok {
			return fmt.Errorf("the server presigned %q, which was not asked for", o.GetPath())
		}
		return w.put(ctx, bytes.NewReader(b), int64(len(b)), o)
	})
}

// presigned has paths presigned in batches and calls put for each URL.
func (w *Worker) presigned(ctx context.Context, job *transcodev1.Job, paths []string, put func(context.Context, *transcodev1.PresignedOutput) error) error {
	for len(paths) > 0 {
		batch := paths[:min(len(paths), 500)]
		paths = paths[len(batch):]
		res, err := w.client.PresignOutputs(ctx, connect.NewRequest(&transcodev1.PresignOutputsRequest{
			JobId: job.GetId(), LeaseToken: job.GetLeaseToken(), Paths: batch,
		}))
		if err != nil {
			return fmt.Errorf("presign outputs: %w", err)
		}
		if err := putAll(ctx, res.Msg.GetOutputs(), put); err != nil {
			return err
		}
	}
	return nil
}

func putAll(ctx context.Context, outs []*transcodev1.PresignedOutput, put func(context.Context, *transcodev1.PresignedOutput) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan *transcodev1.PresignedOutput)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for o := range work {
				if err := put(ctx, o); err != nil {
					cancel(fmt.Errorf("upload %s: %w", o.GetPath(), err))
				}
			}
		})
	}
	for _, o := range outs {
		select {
		case work <- o:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	return context.Cause(ctx)
}

func (w *Worker) put(ctx context.Context, body io.Reader, size int64, o *transcodev1.PresignedOutput) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, o.GetUrl(), body)
	if err != nil {
		return err
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", contentType(o.GetPath()))
	res, err := w.storage.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("PUT answered %s", res.Status)
	}
	return nil
}

func contentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".m3u8"):
		return "application/vnd.apple.mpegurl"
	case strings.HasSuffix(name, ".ts"):
		return "video/mp2t"
	case strings.HasSuffix(name, ".jpg"):
		return "image/jpeg"
	case strings.HasSuffix(name, ".vtt"):
		return "text/vtt"
	case strings.HasSuffix(name, ".json"):
		return "application/json"
	case strings.HasSuffix(name, ".mp4"):
		return "video/mp4"
	}
	return "application/octet-stream"
}

// download saves the original to path.
func (w *Worker) download(ctx context.Context, src *transcodev1.Source, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src.GetUrl(), nil)
	if err != nil {
		return err
	}
	res, err := w.storage.Do(req)
	if err != nil {
		return fmt.Errorf("download original: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("download original: GET answered %s", res.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	n, err := f.ReadFrom(res.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("download original: %w", err)
	}
	if want := src.GetSizeBytes(); want > 0 && uint64(n) != want {
		return fmt.Errorf("download original: got %d bytes, want %d", n, want)
	}
	return nil
}
