package webhook_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	"github.com/streamgate/streamgate/internal/teststack"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// The demo's story, start to end: every event arrives once, verified
// by the Standard Webhooks library, in order, carrying the API's own
// message for what changed.
func TestEveryEventOfAFlowArrivesSigned(t *testing.T) {
	t.Parallel()
	s := stack(t, true, loopback)
	ctx := t.Context()
	creator := signIn(t, s, "creator")
	rcv := newReceiver(t)
	ep, secret := register(t, creator, rcv.URL)
	if !strings.HasPrefix(secret, "whsec_") || !ep.GetEnabled() || len(ep.GetEventTypes()) != 0 {
		t.Fatalf("endpoint %v, secret %q", ep, secret)
	}
	rcv.set(func(r *receiver) { r.secrets = []string{secret} })

	v, err := creator.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{Title: "hooks", Visibility: videov1.Visibility_VISIBILITY_PUBLIC}))
	if err != nil {
		t.Fatal(err)
	}
	id := v.Msg.GetVideo().GetId()
	if _, err := creator.UploadFile(ctx, id, teststack.TinyMP4(t), streamgate.UploadOptions{}); err != nil {
		t.Fatal(err)
	}
	if ready, err := creator.WaitReady(ctx, id, nil); err != nil || ready.GetStatus() != videov1.Status_STATUS_READY {
		t.Fatalf("wait ready: %v %v", ready, err)
	}
	rule := &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
		ChainId: s.ChainID, Contract: s.NFT.Hex(), Standard: gatev1.Standard_STANDARD_ERC721,
	}}}
	if _, err := creator.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: id, Rule: rule})); err != nil {
		t.Fatal(err)
	}
	if _, err := creator.Videos.DeleteVideo(ctx, connect.NewRequest(&videov1.DeleteVideoRequest{Id: id})); err != nil {
		t.Fatal(err)
	}

	want := []string{"video.created", "video.upload.completed", "video.ready", "gate.rule.changed", "video.deleted"}
	got := rcv.waitFor(len(want))
	if !slices.Equal(types(got), want) {
		t.Fatalf("events %v, want %v", types(got), want)
	}
	ids := map[string]bool{}
	for _, e := range got {
		if e.Subject != id || ids[e.ID] || e.ID == "" {
			t.Errorf("event %s %s: subject %s (want %s), duplicate id %v", e.Type, e.ID, e.Subject, id, ids[e.ID])
		}
		ids[e.ID] = true
	}
	var created, ready, deleted videov1.Video
	var up uploadv1.Upload
	var change webhookv1.RuleChange
	mustUnmarshal(t, got[0].Data, &created)
	mustUnmarshal(t, got[1].Data, &up)
	mustUnmarshal(t, got[2].Data, &ready)
	mustUnmarshal(t, got[3].Data, &change)
	mustUnmarshal(t, got[4].Data, &deleted)
	switch {
	case created.GetStatus() != videov1.Status_STATUS_WAITING_UPLOAD || created.GetTitle() != "hooks":
		t.Errorf("video.created data %v", &created)
	case up.GetState() != uploadv1.State_STATE_COMPLETED || up.GetVideoId() != id:
		t.Errorf("video.upload.completed data %v", &up)
	case ready.GetStatus() != videov1.Status_STATUS_READY || len(ready.GetRenditions()) == 0:
		t.Errorf("video.ready data %v", &ready)
	case change.GetVideoId() != id || change.GetRule().GetCondition().GetContract() != s.NFT.Hex():
		t.Errorf("gate.rule.changed data %v", &change)
	case deleted.GetId() != id || !deleted.GetGated():
		t.Errorf("video.deleted data %v", &deleted)
	}
	ds := waitDeliveries(t, creator, ep.GetId(), func(ds []*webhookv1.Delivery) bool {
		return len(ds) == len(want) && !slices.ContainsFunc(ds, func(d *webhookv1.Delivery) bool {
			return d.GetState() == webhookv1.DeliveryState_DELIVERY_STATE_PENDING
		})
	})
	for i, d := range ds {
		if d.GetState() != webhookv1.DeliveryState_DELIVERY_STATE_DELIVERED || d.GetResponseCode() != 204 || d.GetAttempts() != 1 ||
			d.GetEventId() != got[i].ID || d.GetEventType() == webhookv1.EventType_EVENT_TYPE_UNSPECIFIED {
			t.Errorf("delivery %d: %v", i, d)
		}
	}
}

func mustUnmarshal(t *testing.T, data []byte, m proto.Message) {
	t.Helper()
	if err := protojson.Unmarshal(data, m); err != nil {
		t.Fatalf("event data is not the API's message: %v: %s", err, data)
	}
}

// A file that is not a video fails the video; video.failed says why.
func TestRefusedFileSendsVideoFailed(t *testing.T) {
	t.Parallel()
	s := stack(t, false, loopback)
	creator := signIn(t, s, "creator")
	rcv := newReceiver(t)
	_, secret := register(t, creator, rcv.URL, webhookv1.EventType_EVENT_TYPE_VIDEO_FAILED)
	rcv.set(func(r *receiver) { r.secrets = []string{secret} })
	id := createVideo(t, creator, "not a video")
	path := filepath.Join(t.TempDir(), "notes.mp4")
	if err := os.WriteFile(path, []byte(strings.Repeat("definitely not a video\n", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := creator.UploadFile(t.Context(), id, path, streamgate.UploadOptions{}); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("upload of a text file: %v, want invalid_argument", err)
	}
	got := rcv.waitFor(1)
	var v videov1.Video
	mustUnmarshal(t, got[0].Data, &v)
	if got[0].Type != "video.failed" || v.GetId() != id || v.GetStatus() != videov1.Status_STATUS_FAILED || v.GetFailureReason() == "" {
		t.Fatalf("event %s: %v", got[0].Type, &v)
	}
}
