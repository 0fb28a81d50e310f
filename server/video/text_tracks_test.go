package video_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/server/video"
)

const srt = "1\r\n00:00:00,500 --> 00:00:01,500\r\nHello <i>world</i> & co\r\n\r\n2\r\n00:00:02,000 --> 00:00:02,800\r\nBye\r\n"

func newCaptionedVideo(t *testing.T, e *env) (videov1connect.VideoServiceClient, string) {
	t.Helper()
	c := e.client(alice)
	res, err := c.CreateVideo(t.Context(), connect.NewRequest(&videov1.CreateVideoRequest{Title: "t", Visibility: videov1.Visibility_VISIBILITY_PUBLIC}))
	if err != nil {
		t.Fatal(err)
	}
	return c, res.Msg.Video.Id
}

// objects lists the keys under a video's text track prefix.
func (e *env) objects(t *testing.T, videoID string) []string {
	t.Helper()
	var keys []string
	for o := range e.s3.ListObjects(t.Context(), e.bucket, minio.ListObjectsOptions{Prefix: video.TextTrackPrefix(uuid.MustParse(videoID)), Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		keys = append(keys, o.Key)
	}
	return keys
}

func (e *env) read(t *testing.T, key string) string {
	t.Helper()
	o, err := e.s3.GetObject(t.Context(), e.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (e *env) trackKey(t *testing.T, id string) string {
	t.Helper()
	var key string
	if err := e.pool.QueryRow(t.Context(), `SELECT object_key FROM text_tracks WHERE id = $1`, id).Scan(&key); err != nil {
		t.Fatal(err)
	}
	return key
}

func TestTextTrackLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c, id := newCaptionedVideo(t, e)
	ctx := t.Context()
	add := func(lang, name, content string, def bool) *videov1.AddTextTrackResponse {
		t.Helper()
		res, err := c.AddTextTrack(ctx, connect.NewRequest(&videov1.AddTextTrackRequest{
			VideoId: id, Language: lang, Name: name, Content: []byte(content), IsDefault: def,
			Kind: videov1.TextTrackKind_TEXT_TRACK_KIND_CAPTIONS,
		}))
		if err != nil {
			t.Fatalf("add %s: %v", lang, err)
		}
		return res.Msg
	}
	en := add("en-us", "English", srt, true)
	if en.Replaced || en.Track.Language != "en-US" || en.Track.CueCount != 2 || !en.Track.IsDefault ||
		en.Track.Duration.AsDuration().Milliseconds() != 2800 {
		t.Fatalf("added %+v", en)
	}
	want := "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nHello <i>world</i> &amp; co\n\n00:00:02.000 --> 00:00:02.800\nBye\n"
	oldKey := e.trackKey(t, en.Track.Id)
	if got := e.read(t, oldKey); got != want {
		t.Fatalf("stored %q, want %q", got, want)
	}
	fr := add("fr", "Français", "WEBVTT\n\n00:01.000 --> 00:02.000\nBonjour\n", true)
	list, err := c.ListTextTracks(ctx, connect.NewRequest(&videov1.ListTextTracksRequest{VideoId: id}))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list.Msg.Tracks); n != 2 || list.Msg.Tracks[0].IsDefault || !list.Msg.Tracks[1].IsDefault {
		t.Fatalf("list after a second default: %v", list.Msg.Tracks)
	}

	// Replacing keeps the id, stores a new object, queues the old one.
	again := add("en-US", "English", "WEBVTT\n\n00:03.000 --> 00:04.000\nAgain\n", false)
	if !again.Replaced || again.Track.Id != en.Track.Id || again.Track.CueCount != 1 {
		t.Fatalf("replace: %+v", again)
	}
	newKey := e.trackKey(t, en.Track.Id)
	if newKey == oldKey || !strings.Contains(e.read(t, newKey), "Again") {
		t.Fatalf("replace kept key %s", newKey)
	}
	var queued bool
	if err := e.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM object_deletions WHERE prefix = $1)`, oldKey).Scan(&queued); err != nil || !queued {
		t.Fatalf("old object not queued for deletion: %v", err)
	}

	if _, err := c.DeleteTextTrack(ctx, connect.NewRequest(&videov1.DeleteTextTrackRequest{VideoId: id, TrackId: fr.Track.Id})); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteTextTrack(ctx, connect.NewRequest(&videov1.DeleteTextTrackRequest{VideoId: id, TrackId: fr.Track.Id}))
	wantCode(t, err, connect.CodeNotFound)
	list, err = c.ListTextTracks(ctx, connect.NewRequest(&videov1.ListTextTracksRequest{VideoId: id}))
	if err != nil || len(list.Msg.Tracks) != 1 || list.Msg.Tracks[0].Id != en.Track.Id {
		t.Fatalf("list after delete: %v %v", list, err)
	}
}

func TestTextTrackRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c, id := newCaptionedVideo(t, e)
	ctx := t.Context()
	good := &videov1.AddTextTrackRequest{VideoId: id, Language: "en", Name: "English", Content: []byte(srt)}
	if _, err := c.AddTextTrack(ctx, connect.NewRequest(good)); err != nil {
		t.Fatal(err)
	}
	before := e.objects(t, id)
	var many strings.Builder
	for i := range 10001 {
		fmt.Fprintf(&many, "%d\n%s --> %s\nx\n\n", i+1, srtStamp(i*100), srtStamp(i*100+50))
	}
	with := func(f func(r *videov1.AddTextTrackRequest)) *videov1.AddTextTrackRequest {
		r := &videov1.AddTextTrackRequest{VideoId: id, Language: "en", Name: "English", Content: []byte("WEBVTT\n\n00:05.000 --> 00:06.000\nnew\n")}
		f(r)
		return r
	}
	content := func(s string) *videov1.AddTextTrackRequest {
		return with(func(r *videov1.AddTextTrackRequest) { r.Content = []byte(s) })
	}
	for name, tc := range map[string]struct {
		who  string
		req  *videov1.AddTextTrackRequest
		code connect.Code
		msg  string
	}{
		"bad srt":      {alice, content("1\nnot a timing line\nx\n"), connect.CodeInvalidArgument, "cue timing"},
		"not utf8":     {alice, content("1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n"), connect.CodeInvalidArgument, "UTF-8"},
		"too many":     {alice, content(many.String()), connect.CodeInvalidArgument, "more than 10000 cues"},
		"overlap":      {alice, content("1\n00:00:01,000 --> 00:00:03,000\na\n\n2\n00:00:02,000 --> 00:00:04,000\nb\n"), connect.CodeInvalidArgument, "overlap"},
		"negative":     {alice, content("1\n-00:00:01,000 --> 00:00:02,000\na\n"), connect.CodeInvalidArgument, "not a timestamp"},
		"backwards":    {alice, content("1\n00:00:03,000 --> 00:00:02,000\na\n"), connect.CodeInvalidArgument, "not after it starts"},
		"empty":        {alice, content(""), connect.CodeInvalidArgument, "content"},
		"lang pattern": {alice, with(func(r *videov1.AddTextTrackRequest) { r.Language = "english" }), connect.CodeInvalidArgument, "language"},
		"lang bcp47":   {alice, with(func(r *videov1.AddTextTrackRequest) { r.Language = "en-a" }), connect.CodeInvalidArgument, "BCP-47"},
		"lang unknown": {alice, with(func(r *videov1.AddTextTrackRequest) { r.Language = "qq" }), connect.CodeInvalidArgument, "known language"},
		"name quote":   {alice, with(func(r *videov1.AddTextTrackRequest) { r.Name = `a"b` }), connect.CodeInvalidArgument, "name"},
		"not owner":    {bob, good, connect.CodePermissionDenied, ""},
		"anonymous":    {"", good, connect.CodeUnauthenticated, ""},
		"not found":    {alice, with(func(r *videov1.AddTextTrackRequest) { r.VideoId = uuid.NewString() }), connect.CodeNotFound, ""},
	} {
		_, err := e.client(tc.who).AddTextTrack(ctx, connect.NewRequest(tc.req))
		if connect.CodeOf(err) != tc.code || !strings.Contains(fmt.Sprint(err), tc.msg) {
			t.Errorf("%s: got %v, want %v saying %q", name, err, tc.code, tc.msg)
		}
	}
	_, err := e.client(bob).DeleteTextTrack(ctx, connect.NewRequest(&videov1.DeleteTextTrackRequest{VideoId: id, TrackId: uuid.NewString()}))
	wantCode(t, err, connect.CodePermissionDenied)
	// Nothing stored changed: the one track, its one object, its text.
	list, err := c.ListTextTracks(ctx, connect.NewRequest(&videov1.ListTextTracksRequest{VideoId: id}))
	if err != nil || len(list.Msg.Tracks) != 1 || list.Msg.Tracks[0].CueCount != 2 {
		t.Fatalf("list after refusals: %v %v", list, err)
	}
	after := e.objects(t, id)
	if strings.Join(after, ",") != strings.Join(before, ",") || !strings.Contains(e.read(t, after[0]), "Hello") {
		t.Fatalf("objects %v, then %v", before, after)
	}
}

func TestTextTrackLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c, id := newCaptionedVideo(t, e)
	for i := range video.MaxTextTracks + 1 {
		_, err := c.AddTextTrack(t.Context(), connect.NewRequest(&videov1.AddTextTrackRequest{
			VideoId: id, Language: "en", Name: fmt.Sprintf("English %d", i), Content: []byte(srt)}))
		if i < video.MaxTextTracks && err != nil {
			t.Fatal(err)
		}
		if i == video.MaxTextTracks {
			wantCode(t, err, connect.CodeResourceExhausted)
		}
	}
	if n := len(e.objects(t, id)); n != video.MaxTextTracks {
		t.Fatalf("%d objects stored, want %d", n, video.MaxTextTracks)
	}
}

func TestPublicPosterUpdate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c, id := newCaptionedVideo(t, e)
	res, err := c.UpdateVideo(context.Background(), connect.NewRequest(&videov1.UpdateVideoRequest{
		Id: id, PublicPoster: true, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"public_poster"}}}))
	if err != nil || !res.Msg.Video.PublicPoster {
		t.Fatalf("update: %v %v", res, err)
	}
	got, err := c.GetVideo(context.Background(), connect.NewRequest(&videov1.GetVideoRequest{Id: id}))
	if err != nil || !got.Msg.Video.PublicPoster {
		t.Fatalf("get: %v %v", got, err)
	}
}

func srtStamp(ms int) string {
	return fmt.Sprintf("%02d:%02d:%02d,%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}
