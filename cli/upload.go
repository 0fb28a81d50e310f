package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"connectrpc.com/connect"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// pending remembers an unfinished upload so a rerun resumes it.
type pending struct {
	VideoID  string `json:"video_id"`
	UploadID string `json:"upload_id"`
}

func upload(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	videoID := fs.String("video", "", "upload into this existing video (default: create one)")
	title := fs.String("title", "", "title of the video to create (default: the file name)")
	vis := fs.String("visibility", "public", "visibility of the video to create")
	parallel := fs.Int("parallel", 4, "parts in flight")
	pos, err := e.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "upload FILE"); err != nil {
		return err
	}
	defer e.persist()
	path, err := filepath.Abs(pos[0])
	if err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return usageError{err}
	}
	key := fmt.Sprintf("%s|%s|%d|%d", e.server, path, st.Size(), st.ModTime().UnixNano())
	state := e.loadPending()
	p := state[key]
	if *videoID != "" && p.VideoID != *videoID {
		p = pending{VideoID: *videoID}
	}
	if p.VideoID == "" {
		name := *title
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		}
		v, err := createVideo(ctx, e, name, "", "", *vis)
		if err != nil {
			return err
		}
		p.VideoID = v.GetId()
	}
	state[key] = p
	if err := e.savePending(state); err != nil {
		return err
	}
	if p.UploadID != "" && !e.json {
		fmt.Fprintf(e.stderr, "resuming upload %s\n", p.UploadID)
	}
	up, err := e.client.UploadFile(ctx, p.VideoID, path, streamgate.UploadOptions{
		Parallel: *parallel,
		UploadID: p.UploadID,
		OnCreate: func(id string) {
			p.UploadID = id
			state[key] = p
			_ = e.savePending(state)
		},
		Progress: e.progress(),
	})
	if err != nil {
		return err
	}
	delete(state, key)
	_ = e.savePending(state)
	return e.printUpload(p.VideoID, up)
}

func (e *env) printUpload(videoID string, up *uploadv1.Upload) error {
	if e.json {
		e.printJSON(map[string]any{"video_id": videoID, "upload_id": up.GetId(), "state": up.GetState().String()})
		return nil
	}
	fmt.Fprintf(e.stderr, "\n")
	fmt.Fprintf(e.stdout, "uploaded %s: video %s\n", up.GetId(), videoID)
	fmt.Fprintf(e.stdout, "follow it with: streamgate watch %s\n", videoID)
	return nil
}

// progress draws a one-line bar on stderr, redrawn at most 10 times a second.
func (e *env) progress() func(stored, total int64) {
	if e.json {
		return nil
	}
	var last time.Time
	return func(stored, total int64) {
		if time.Since(last) < 100*time.Millisecond && stored < total {
			return
		}
		last = time.Now()
		pct := 100.0
		if total > 0 {
			pct = float64(stored) * 100 / float64(total)
		}
		width := 30
		filled := int(pct / 100 * float64(width))
		fmt.Fprintf(e.stderr, "\r[%s%s] %5.1f%% %s / %s", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
			pct, mib(stored), mib(total))
	}
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func (e *env) pendingFile() string { return filepath.Join(e.configDir, "uploads.json") }

func (e *env) loadPending() map[string]pending {
	m := map[string]pending{}
	if b, err := os.ReadFile(e.pendingFile()); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

func (e *env) savePending(m map[string]pending) error { return writePrivate(e.pendingFile(), m) }

func (e *env) whoAmI(ctx context.Context) (string, error) {
	res, err := e.client.Auth.WhoAmI(ctx, connect.NewRequest(&authv1.WhoAmIRequest{}))
	if err != nil {
		return "", err
	}
	return res.Msg.GetAddress(), nil
}
