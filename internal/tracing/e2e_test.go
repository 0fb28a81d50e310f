package tracing_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/internal/teststack"
	"github.com/streamgate/streamgate/internal/tracing"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// provider traces everything (parent-based, so a sampled parent's
// children are sampled too) and exports to recv.
func provider(t *testing.T, recv *receiver, service string) *tracing.Provider {
	t.Helper()
	p, err := tracing.New(t.Context(), tracing.Config{
		Enabled: true, Protocol: tracing.ProtocolHTTP, Endpoint: recv.URL, ServiceName: service,
		Sampler: sdktrace.ParentBased(sdktrace.AlwaysSample()),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

// await flushes the providers until done holds for what recv received.
func await(t *testing.T, recv *receiver, done func([]span) bool, ps ...*tracing.Provider) []span {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		for _, p := range ps {
			if err := p.ForceFlush(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		spans := recv.all()
		if done(spans) {
			return spans
		}
		if time.Now().After(deadline) {
			t.Fatalf("spans never arrived; received %d", len(spans))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestUploadToReadyIsOneTrace runs the real flow (sign-in, upload through
// the SDK, the worker's transcode, gate, authorize, play) on a traced
// server and worker, and checks what an OTLP collector receives.
func TestUploadToReadyIsOneTrace(t *testing.T) {
	t.Parallel()
	recv := newReceiver(t)
	srvTr, wTr := provider(t, recv, "streamgate"), provider(t, recv, "streamgate-transcoder")
	s := teststack.Start(t, teststack.Options{Tracing: srvTr, WorkerTracing: wTr})
	ctx := t.Context()
	creator := streamgate.New(s.URL)
	if _, err := creator.SignIn(ctx, streamgate.NewKeySigner(s.Creator), s.ChainID); err != nil {
		t.Fatal(err)
	}
	v, err := creator.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "traced", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		t.Fatal(err)
	}
	videoID := v.Msg.GetVideo().GetId()
	if _, err := creator.UploadFile(ctx, videoID, teststack.NoiseMP4(t), streamgate.UploadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := creator.WaitReady(ctx, videoID, nil); err != nil {
		t.Fatal(err)
	}
	spans := await(t, recv, func(spans []span) bool {
		_, ok := find(spans, func(s span) bool { return s.Name == "transcode job" })
		return ok
	}, wTr, srvTr)
	job, _ := find(spans, func(s span) bool { return s.Name == "transcode job" })
	if job.Attrs["streamgate.video.id"] != videoID || job.Service != "streamgate-transcoder" {
		t.Fatalf("job span %+v", job)
	}
	flow := inTrace(spans, job.Trace)
	root := connected(t, flow)
	if root.Service != "streamgate" || root.Kind != tracepb.Span_SPAN_KIND_SERVER ||
		!strings.HasPrefix(root.Name, "streamgate.upload.v1.UploadService/") {
		t.Errorf("the flow's root is %s %s %s, want the server's upload RPC", root.Service, root.Kind, root.Name)
	}
	for _, w := range []struct {
		service, name string
		kind          tracepb.Span_SpanKind
	}{
		{"streamgate", "ffprobe", tracepb.Span_SPAN_KIND_INTERNAL},
		{"streamgate", "query EnqueueTranscodeJob", tracepb.Span_SPAN_KIND_CLIENT},
		{"streamgate-transcoder", "transcode job", tracepb.Span_SPAN_KIND_CONSUMER},
		{"streamgate-transcoder", "s3 GET", tracepb.Span_SPAN_KIND_CLIENT},
		{"streamgate-transcoder", "ffmpeg", tracepb.Span_SPAN_KIND_INTERNAL},
		{"streamgate-transcoder", "s3 PUT", tracepb.Span_SPAN_KIND_CLIENT},
		{"streamgate-transcoder", "streamgate.transcode.v1.TranscodeService/CompleteJob", tracepb.Span_SPAN_KIND_CLIENT},
		{"streamgate", "streamgate.transcode.v1.TranscodeService/CompleteJob", tracepb.Span_SPAN_KIND_SERVER},
		{"streamgate", "query CompleteTranscodeJob", tracepb.Span_SPAN_KIND_CLIENT},
	} {
		if _, ok := find(flow, func(s span) bool { return s.Service == w.service && s.Name == w.name && s.Kind == w.kind }); !ok {
			t.Errorf("the flow has no %s span %q from %s", w.kind, w.name, w.service)
		}
	}
	// The probe started ahead, when the last part was presigned, is
	// recorded once, in the completion's trace.
	for _, sp := range spans {
		if sp.Service == "streamgate" && sp.Name == "ffprobe" && sp.Trace != job.Trace {
			t.Errorf("an ffprobe span outside the upload's flow: %+v", sp)
		}
	}
	if _, ok := find(flow, func(s span) bool { return s.Service == "streamgate" && strings.HasPrefix(s.Name, "s3 ") }); !ok {
		t.Error("the flow has no S3 span from the server")
	}
	if s, ok := find(spans, func(s span) bool { return strings.HasSuffix(s.Name, "/ClaimJob") }); ok {
		t.Errorf("a long-polling ClaimJob was traced: %+v", s)
	}
	secrets := []string{"X-Amz-Signature", "X-Amz-Credential", teststack.WorkerToken}

	// Gate the video on the NFT and play it as the holder.
	rule := &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
		ChainId: s.ChainID, Contract: s.NFT.Hex(), Standard: gatev1.Standard_STANDARD_ERC721,
	}}}
	if _, err := creator.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: videoID, Rule: rule})); err != nil {
		t.Fatal(err)
	}
	holder := streamgate.New(s.URL)
	if _, err := holder.SignIn(ctx, streamgate.NewKeySigner(s.Holder), s.ChainID); err != nil {
		t.Fatal(err)
	}
	grant, err := holder.Authorize(ctx, videoID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(grant.GetPlaybackUrl())
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("master playlist: %s", res.Status)
	}
	isPlay := func(s span) bool { return s.Name == "GET /play/{token}/{file...}" }
	spans = await(t, recv, func(spans []span) bool { _, ok := find(spans, isPlay); return ok }, srvTr)
	play, _ := find(spans, isPlay)
	if play.Attrs["url.path"] != "/play/REDACTED/master.m3u8" || play.Attrs["http.route"] != "/play/{token}/{file...}" ||
		play.Attrs["http.response.status_code"] != "200" || play.Kind != tracepb.Span_SPAN_KIND_SERVER {
		t.Errorf("/play span %+v", play)
	}
	auth, ok := find(spans, func(s span) bool {
		return s.Name == "streamgate.playback.v1.PlaybackService/Authorize" && s.Kind == tracepb.Span_SPAN_KIND_SERVER
	})
	if !ok {
		t.Fatal("no Authorize span")
	}
	authFlow := inTrace(spans, auth.Trace)
	connected(t, authFlow)
	if _, ok := find(authFlow, func(s span) bool { return s.Name == "eth_call" && s.Attrs["chain.id"] != "" }); !ok {
		t.Error("Authorize's first (uncached) gate check has no eth_call span")
	}
	if _, ok := find(authFlow, func(s span) bool { return s.Attrs["db.system.name"] == "redis" }); !ok {
		t.Error("Authorize has no Redis span")
	}
	secrets = append(secrets, grant.GetToken(), holder.Tokens().Access, creator.Tokens().Access)
	for _, s := range spans {
		text := s.Name + " " + s.Events + " " + s.StatusText
		for k, v := range s.Attrs {
			text += " " + k + "=" + v
		}
		for _, secret := range secrets {
			if secret != "" && strings.Contains(text, secret) {
				t.Errorf("span %s of %s carries a credential (%.12s...)", s.Name, s.Service, secret)
			}
		}
	}
}

func find(spans []span, f func(span) bool) (span, bool) {
	for _, s := range spans {
		if f(s) {
			return s, true
		}
	}
	return span{}, false
}

func inTrace(spans []span, trace string) []span {
	var out []span
	for _, s := range spans {
		if s.Trace == trace {
			out = append(out, s)
		}
	}
	return out
}

// connected checks the spans form one tree and returns its root.
func connected(t *testing.T, spans []span) span {
	t.Helper()
	ids := map[string]bool{}
	for _, s := range spans {
		ids[s.ID] = true
	}
	var roots []span
	for _, s := range spans {
		switch {
		case s.Parent == "":
			roots = append(roots, s)
		case !ids[s.Parent]:
			t.Errorf("span %s (%s) has parent %s, which is not in the trace", s.Name, s.Service, s.Parent)
		}
	}
	if len(roots) != 1 {
		for _, r := range roots {
			t.Logf("root: %s %s", r.Service, r.Name)
		}
		t.Fatalf("the trace has %d roots, want 1 (%d spans)", len(roots), len(spans))
	}
	return roots[0]
}
