package faulttest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

// result is what one surface answered: a Connect code ("ok" for none)
// or an HTTP status, how long it took, whether an unavailable answer
// said when to retry, and whether access was granted.
type result struct {
	answer  string
	took    time.Duration
	retry   bool
	allowed bool
	detail  string
}

func (r result) String() string {
	s := fmt.Sprintf("%s in %v", r.answer, r.took.Round(10*time.Millisecond))
	if r.retry {
		s += " (Retry-After)"
	}
	if r.allowed {
		s += " (allowed)"
	}
	if !r.ok() {
		s += ": " + r.detail
	}
	return s
}

// ok reports the healthy answer.
func (r result) ok() bool { return r.answer == "ok" || r.answer == "200" }

// surface is one call a client makes; fresh is prepared before a fault
// (a video to upload to).
type surface struct {
	name string
	call func(ctx context.Context, e *env, fresh uuid.UUID) result
}

func rpc(start time.Time, err error) result {
	r := result{answer: "ok", took: time.Since(start)}
	if err != nil {
		r.answer = connect.CodeOf(err).String()
		r.detail = err.Error()
		var cerr *connect.Error
		if errors.As(err, &cerr) {
			r.retry = cerr.Meta().Get("Retry-After") != ""
		}
	}
	return r
}

func get(ctx context.Context, e *env, url string) result {
	start := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	res, err := e.h2c.Do(req)
	if err != nil {
		return result{answer: "error", took: time.Since(start), detail: err.Error()}
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return result{answer: strconv.Itoa(res.StatusCode), took: time.Since(start),
		retry: res.Header.Get("Retry-After") != "", detail: strings.TrimSpace(string(body[:min(len(body), 2000)]))}
}

func authorize(ctx context.Context, e *env) result {
	start := time.Now()
	res, err := e.holder.Playback.Authorize(ctx, connect.NewRequest(&playbackv1.AuthorizeRequest{VideoId: e.gated.String()}))
	r := rpc(start, err)
	if err == nil {
		r.allowed = true
		if e.play == "" {
			e.play = res.Msg.GetGrant().GetPlaybackUrl()
			if m := get(ctx, e, e.play); !m.ok() {
				return m
			}
		}
	}
	return r
}

// staged names a segment and a playlist put in S3 for one fault case
// only, so /play cannot serve them from its memory cache.
func staged(fresh uuid.UUID) string { return "s" + strings.ReplaceAll(fresh.String(), "-", "")[:16] }

// stage puts fresh's segment and playlist in S3.
func (e *env) stageFor(t *testing.T, fresh uuid.UUID) {
	e.stage(t, "120p/"+staged(fresh)+".m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n"+staged(fresh)+".ts\n#EXT-X-ENDLIST\n")
	e.stage(t, "120p/"+staged(fresh)+".ts", strings.Repeat("\x47", 188*64))
}

var surfaces = []surface{
	{"AuthService.GetChallenge", func(ctx context.Context, e *env, _ uuid.UUID) result {
		start := time.Now()
		_, err := e.stranger.Auth.GetChallenge(ctx, connect.NewRequest(&authv1.GetChallengeRequest{
			Address: "0x00000000000000000000000000000000000000a1", ChainId: 31337}))
		return rpc(start, err)
	}},
	{"AuthService.WhoAmI", func(ctx context.Context, e *env, _ uuid.UUID) result {
		start := time.Now()
		_, err := e.holder.Auth.WhoAmI(ctx, connect.NewRequest(&authv1.WhoAmIRequest{}))
		return rpc(start, err)
	}},
	{"VideoService.GetVideo", func(ctx context.Context, e *env, _ uuid.UUID) result {
		start := time.Now()
		_, err := e.stranger.Videos.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: e.ungated.String()}))
		return rpc(start, err)
	}},
	{"VideoService.CreateVideo", func(ctx context.Context, e *env, _ uuid.UUID) result {
		start := time.Now()
		_, err := e.creator.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{Title: "during a fault", Visibility: videov1.Visibility_VISIBILITY_PUBLIC}))
		return rpc(start, err)
	}},
	{"UploadService.CreateUpload", func(ctx context.Context, e *env, fresh uuid.UUID) result {
		start := time.Now()
		_, err := e.creator.Uploads.CreateUpload(ctx, connect.NewRequest(&uploadv1.CreateUploadRequest{
			VideoId: fresh.String(), SizeBytes: 1 << 20, Sha256: strings.Repeat("ab", 32), ContentType: "video/mp4"}))
		return rpc(start, err)
	}},
	{"GateService.CheckAccess (ungated)", func(ctx context.Context, e *env, _ uuid.UUID) result {
		start := time.Now()
		res, err := e.stranger.Gate.CheckAccess(ctx, connect.NewRequest(&gatev1.CheckAccessRequest{VideoId: e.ungated.String()}))
		r := rpc(start, err)
		r.allowed = err == nil && res.Msg.GetAllowed()
		return r
	}},
	{"GateService.CheckAccess (holder, cached)", func(ctx context.Context, e *env, _ uuid.UUID) result {
		start := time.Now()
		res, err := e.holder.Gate.CheckAccess(ctx, connect.NewRequest(&gatev1.CheckAccessRequest{VideoId: e.gated.String()}))
		r := rpc(start, err)
		r.allowed = err == nil && res.Msg.GetAllowed()
		return r
	}},
	{"GateService.CheckAccess (non-holder)", func(ctx context.Context, e *env, _ uuid.UUID) result {
		start := time.Now()
		res, err := e.stranger.Gate.CheckAccess(ctx, connect.NewRequest(&gatev1.CheckAccessRequest{VideoId: e.gated.String()}))
		r := rpc(start, err)
		r.allowed = err == nil && res.Msg.GetAllowed()
		return r
	}},
	{"GateService.ExplainAccess (uncached wallet)", func(ctx context.Context, e *env, fresh uuid.UUID) result {
		start := time.Now()
		addr := "0x" + strings.ReplaceAll(fresh.String(), "-", "") + "00000000"
		res, err := e.creator.Gate.ExplainAccess(ctx, connect.NewRequest(&gatev1.ExplainAccessRequest{VideoId: e.gated.String(), Address: addr}))
		r := rpc(start, err)
		r.allowed = err == nil && res.Msg.GetAllowed()
		return r
	}},
	{"PlaybackService.Authorize (holder)", func(ctx context.Context, e *env, _ uuid.UUID) result {
		return authorize(ctx, e)
	}},
	{"/play master playlist (fetched before)", func(ctx context.Context, e *env, _ uuid.UUID) result {
		return get(ctx, e, e.play)
	}},
	{"/play rendition playlist", func(ctx context.Context, e *env, fresh uuid.UUID) result {
		return get(ctx, e, strings.TrimSuffix(e.play, "master.m3u8")+"120p/"+staged(fresh)+".m3u8")
	}},
	{"/play segment", func(ctx context.Context, e *env, fresh uuid.UUID) result {
		return get(ctx, e, strings.TrimSuffix(e.play, "master.m3u8")+"120p/"+staged(fresh)+".ts")
	}},
	{"/play key", func(ctx context.Context, e *env, _ uuid.UUID) result {
		return get(ctx, e, strings.TrimSuffix(e.play, "master.m3u8")+"key")
	}},
	{"TranscodeService.ClaimJob", func(ctx context.Context, e *env, _ uuid.UUID) result {
		start := time.Now()
		_, err := e.worker.ClaimJob(ctx, connect.NewRequest(&transcodev1.ClaimJobRequest{WorkerId: "faulttest"}))
		return rpc(start, err)
	}},
}

// readyz polls /readyz until it names dep as down (or, with want empty,
// until it is ready), and returns the last answer and how long it took.
func readyz(ctx context.Context, e *env, dep string) result {
	start := time.Now()
	for {
		r := get(ctx, e, e.url+"/readyz")
		r.took = time.Since(start)
		var body struct {
			Failures map[string]string `json:"failures"`
		}
		_ = json.Unmarshal([]byte(r.detail), &body)
		_, named := body.Failures[dep]
		if (dep == "" && r.ok()) || (dep != "" && r.answer == "503" && named) || ctx.Err() != nil || time.Since(start) > 15*time.Second {
			return r
		}
		time.Sleep(100 * time.Millisecond)
	}
}
