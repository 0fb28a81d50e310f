package webhook_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server/webhook"
)

func createVideo(t *testing.T, c *streamgate.Client, title string) string {
	t.Helper()
	v, err := c.Videos.CreateVideo(t.Context(), connect.NewRequest(&videov1.CreateVideoRequest{Title: title, Visibility: videov1.Visibility_VISIBILITY_PUBLIC}))
	if err != nil {
		t.Fatal(err)
	}
	return v.Msg.GetVideo().GetId()
}

func deleteVideo(t *testing.T, c *streamgate.Client, id string) {
	t.Helper()
	if _, err := c.Videos.DeleteVideo(t.Context(), connect.NewRequest(&videov1.DeleteVideoRequest{Id: id})); err != nil {
		t.Fatal(err)
	}
}

// An endpoint that is down keeps its events: once it answers again it
// gets every one, each video's in the order they happened, each with the
// id it was first tried with; meanwhile its deliveries show the failures.
func TestEndpointDownGetsEveryEventInOrder(t *testing.T) {
	t.Parallel()
	s := stack(t, false, loopback)
	ctx := t.Context()
	creator := signIn(t, s, "creator")
	rcv := newReceiver(t)
	ep, secret := register(t, creator, rcv.URL)
	rcv.set(func(r *receiver) { r.secrets, r.status = []string{secret}, http.StatusServiceUnavailable })

	a, b := createVideo(t, creator, "a"), createVideo(t, creator, "b")
	rule := &gatev1.Rule{Node: &gatev1.Rule_Condition{Condition: &gatev1.Condition{
		ChainId: s.ChainID, Contract: s.NFT.Hex(), Standard: gatev1.Standard_STANDARD_ERC721,
	}}}
	if _, err := creator.Gate.SetAccessRule(ctx, connect.NewRequest(&gatev1.SetAccessRuleRequest{VideoId: a, Rule: rule})); err != nil {
		t.Fatal(err)
	}
	deleteVideo(t, creator, b)
	if _, err := creator.Gate.ClearAccessRule(ctx, connect.NewRequest(&gatev1.ClearAccessRuleRequest{VideoId: a})); err != nil {
		t.Fatal(err)
	}
	deleteVideo(t, creator, a)

	// Down: the deliveries are retried and say why they failed.
	waitDeliveries(t, creator, ep.GetId(), func(ds []*webhookv1.Delivery) bool {
		return len(ds) == 6 && ds[0].GetAttempts() >= 3
	})
	recorded := 0
	for _, d := range deliveries(t, creator, ep.GetId()) {
		if d.GetState() != webhookv1.DeliveryState_DELIVERY_STATE_PENDING {
			t.Fatalf("delivery while down: %v", d)
		}
		// An attempt in flight has no outcome yet; a finished one has 503.
		if d.GetResponseCode() != 0 || d.GetLastError() != "" {
			if d.GetResponseCode() != 503 || !strings.Contains(d.GetLastError(), "endpoint is down") || d.GetNextAttemptTime() == nil {
				t.Fatalf("failed attempt recorded wrong: %v", d)
			}
			recorded++
		}
	}
	if recorded == 0 {
		t.Fatal("no failed attempt is shown")
	}
	rcv.mu.Lock()
	triedWhileDown := len(rcv.tried)
	rcv.mu.Unlock()

	rcv.set(func(r *receiver) { r.status = 0 })
	got := rcv.waitFor(6)
	perVideo := map[string][]string{}
	for _, e := range got {
		perVideo[e.Subject] = append(perVideo[e.Subject], e.Type)
	}
	if w := []string{"video.created", "gate.rule.changed", "gate.rule.changed", "video.deleted"}; !slices.Equal(perVideo[a], w) {
		t.Errorf("video a's events %v, want %v", perVideo[a], w)
	}
	if w := []string{"video.created", "video.deleted"}; !slices.Equal(perVideo[b], w) {
		t.Errorf("video b's events %v, want %v", perVideo[b], w)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if len(rcv.events) != 6 || triedWhileDown == 0 {
		t.Fatalf("%d events accepted (want 6), %d ids tried while down", len(rcv.events), triedWhileDown)
	}
	for _, e := range rcv.events {
		if rcv.tried[e.ID] < 2 && triedWhileDown == 6 {
			t.Errorf("event %s was accepted on its first try although the endpoint was down", e.ID)
		}
	}
	if len(rcv.tried) != 6 {
		t.Errorf("%d distinct webhook-ids were sent for 6 events: ids changed between retries", len(rcv.tried))
	}
	// /metrics counts the attempts: the six that got through, and the
	// failures before them (an attempt is counted just after its answer).
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		m := scrape(t, s.URL)
		if strings.Contains(m, `streamgate_webhook_attempts_total{result="delivered"} 6`+"\n") {
			if strings.Contains(m, `streamgate_webhook_attempts_total{result="failed"} 0`+"\n") ||
				!strings.Contains(m, `streamgate_webhook_attempts_total{result="failed"}`) ||
				!strings.Contains(m, "streamgate_webhook_attempt_duration_seconds_count") ||
				!strings.Contains(m, `streamgate_webhook_deliveries_dead_total{reason="failed"} 0`+"\n") {
				t.Errorf("metrics after the endpoint came back:\n%s", grep(m, "streamgate_webhook_"))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics never counted 6 delivered attempts:\n%s", grep(m, "streamgate_webhook_"))
		}
	}
}

// scrape reads the server's /metrics.
func scrape(t *testing.T, base string) string {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d %v", res.StatusCode, err)
	}
	return string(b)
}

// grep keeps the lines of s that contain what.
func grep(s, what string) string {
	var out []string
	for l := range strings.Lines(s) {
		if strings.Contains(l, what) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

// An endpoint whose name resolves to a loopback address is refused at
// delivery time when no range allows it; a literal internal address is
// refused when registered.
func TestInternalAddressRefused(t *testing.T) {
	t.Parallel()
	s := stack(t, false, nil)
	ctx := t.Context()
	creator := signIn(t, s, "creator")
	for _, u := range []string{"http://127.0.0.1:9/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://10.0.0.1/", "ftp://example.com/", "http://user:pw@example.com/"} {
		_, err := creator.Webhooks.CreateEndpoint(ctx, connect.NewRequest(&webhookv1.CreateEndpointRequest{Url: u}))
		if connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("create %s: %v, want invalid_argument", u, err)
		}
	}
	rcv := newReceiver(t)
	ep, _ := register(t, creator, strings.Replace(rcv.URL, "127.0.0.1", "localhost", 1))
	createVideo(t, creator, "x")
	ds := waitDeliveries(t, creator, ep.GetId(), func(ds []*webhookv1.Delivery) bool {
		return len(ds) == 1 && ds[0].GetAttempts() >= 1 && ds[0].GetLastError() != ""
	})
	if d := ds[0]; d.GetResponseCode() != 0 || !strings.Contains(d.GetLastError(), "refused") || !strings.Contains(d.GetLastError(), "loopback") {
		t.Fatalf("delivery to localhost: %v", d)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if len(rcv.tried) != 0 {
		t.Fatalf("the loopback endpoint was reached: %v", rcv.tried)
	}
}

// A redirect is a failed attempt, never followed.
func TestRedirectsNotFollowed(t *testing.T) {
	t.Parallel()
	s := stack(t, false, loopback)
	creator := signIn(t, s, "creator")
	target := newReceiver(t)
	redirect := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
	t.Cleanup(redirect.Close)
	ep, _ := register(t, creator, redirect.URL)
	createVideo(t, creator, "x")
	ds := waitDeliveries(t, creator, ep.GetId(), func(ds []*webhookv1.Delivery) bool {
		return len(ds) == 1 && ds[0].GetResponseCode() != 0
	})
	if d := ds[0]; d.GetResponseCode() != 307 || d.GetState() != webhookv1.DeliveryState_DELIVERY_STATE_PENDING || !strings.Contains(d.GetLastError(), "not followed") {
		t.Fatalf("delivery to a redirect: %v", d)
	}
	target.mu.Lock()
	defer target.mu.Unlock()
	if len(target.tried) != 0 {
		t.Fatal("the redirect was followed")
	}
}

// Redelivery sends the same event (same webhook-id, same body) again as
// a new delivery; after a rotation both secrets sign for the grace period.
func TestRedeliverAndRotate(t *testing.T) {
	t.Parallel()
	s := stack(t, false, loopback)
	ctx := t.Context()
	creator := signIn(t, s, "creator")
	rcv := newReceiver(t)
	ep, secret := register(t, creator, rcv.URL, webhookv1.EventType_EVENT_TYPE_VIDEO_CREATED)
	rcv.set(func(r *receiver) { r.secrets = []string{secret} })
	id := createVideo(t, creator, "x")
	deleteVideo(t, creator, id) // not subscribed: never sent
	first := rcv.waitFor(1)[0]
	ds := waitDeliveries(t, creator, ep.GetId(), func(ds []*webhookv1.Delivery) bool {
		return len(ds) == 1 && ds[0].GetState() == webhookv1.DeliveryState_DELIVERY_STATE_DELIVERED
	})

	rot, err := creator.Webhooks.RotateSecret(ctx, connect.NewRequest(&webhookv1.RotateSecretRequest{Id: ep.GetId()}))
	if err != nil || rot.Msg.GetSecret() == secret || rot.Msg.GetPreviousExpireTime() == nil {
		t.Fatalf("rotate: %v %v", rot, err)
	}
	// The receiver now checks both: each must verify on its own.
	rcv.set(func(r *receiver) { r.secrets = []string{rot.Msg.GetSecret(), secret} })
	res, err := creator.Webhooks.Redeliver(ctx, connect.NewRequest(&webhookv1.RedeliverRequest{DeliveryId: ds[0].GetId()}))
	if err != nil {
		t.Fatal(err)
	}
	// The answer is the new delivery as it is when read back: pending, or
	// already delivered when the deliverer was quicker than the read.
	if d := res.Msg.GetDelivery(); d.GetId() == ds[0].GetId() || d.GetEventId() != ds[0].GetEventId() ||
		(d.GetState() != webhookv1.DeliveryState_DELIVERY_STATE_PENDING && d.GetState() != webhookv1.DeliveryState_DELIVERY_STATE_DELIVERED) {
		t.Fatalf("redelivery %v of %v", d, ds[0])
	}
	again := rcv.waitFor(2)[1]
	if again.ID != first.ID || string(again.Body) != string(first.Body) {
		t.Fatalf("redelivered %s %s, first %s %s", again.ID, again.Body, first.ID, first.Body)
	}
	if sigs := strings.Fields(again.Header.Get("webhook-signature")); len(sigs) != 2 {
		t.Fatalf("signatures after rotation: %v, want the new and the previous", sigs)
	}
	waitDeliveries(t, creator, ep.GetId(), func(ds []*webhookv1.Delivery) bool {
		return len(ds) == 2 && ds[1].GetState() == webhookv1.DeliveryState_DELIVERY_STATE_DELIVERED
	})
}

// A slow endpoint holds one delivery at a time and never delays another
// endpoint's.
func TestSlowEndpointDelaysNoOther(t *testing.T) {
	t.Parallel()
	s := stack(t, false, loopback)
	creator := signIn(t, s, "creator")
	slow, fast := newReceiver(t), newReceiver(t)
	hold := make(chan struct{})
	slow.set(func(r *receiver) { r.hold = hold })
	_, slowSecret := register(t, creator, slow.URL)
	_, fastSecret := register(t, creator, fast.URL)
	slow.set(func(r *receiver) { r.secrets = []string{slowSecret} })
	fast.set(func(r *receiver) { r.secrets = []string{fastSecret} })
	for range 3 {
		createVideo(t, creator, "v")
	}
	fast.waitFor(3)
	close(hold)
	slow.waitFor(3)
	slow.mu.Lock()
	defer slow.mu.Unlock()
	if slow.maxInFlight != 1 {
		t.Fatalf("the slow endpoint answered %d requests at once, want one at a time", slow.maxInFlight)
	}
}

// Endpoints are their owner's alone; a bad update is refused.
func TestOwnershipAndValidation(t *testing.T) {
	t.Parallel()
	s := stack(t, false, loopback)
	ctx := t.Context()
	creator, stranger := signIn(t, s, "creator"), signIn(t, s, "stranger")
	ep, _ := register(t, creator, "https://hooks.example.com/in")
	if _, err := stranger.Webhooks.GetEndpoint(ctx, connect.NewRequest(&webhookv1.GetEndpointRequest{Id: ep.GetId()})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("stranger reads the endpoint: %v", err)
	}
	if _, err := stranger.Webhooks.DeleteEndpoint(ctx, connect.NewRequest(&webhookv1.DeleteEndpointRequest{Id: ep.GetId()})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("stranger deletes the endpoint: %v", err)
	}
	if l, err := stranger.Webhooks.ListEndpoints(ctx, connect.NewRequest(&webhookv1.ListEndpointsRequest{})); err != nil || len(l.Msg.GetEndpoints()) != 0 {
		t.Errorf("stranger lists %v %v", l, err)
	}
	upd, err := creator.Webhooks.UpdateEndpoint(ctx, connect.NewRequest(&webhookv1.UpdateEndpointRequest{
		Id: ep.GetId(), Enabled: false, EventTypes: []webhookv1.EventType{webhookv1.EventType_EVENT_TYPE_VIDEO_READY},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"enabled", "event_types"}},
	}))
	if err != nil || upd.Msg.GetEndpoint().GetEnabled() || len(upd.Msg.GetEndpoint().GetEventTypes()) != 1 {
		t.Fatalf("update: %v %v", upd, err)
	}
	for _, paths := range [][]string{{"secret"}, {}} {
		_, err := creator.Webhooks.UpdateEndpoint(ctx, connect.NewRequest(&webhookv1.UpdateEndpointRequest{Id: ep.GetId(), UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}}))
		if connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("update mask %v: %v", paths, err)
		}
	}
	_, err = creator.Webhooks.UpdateEndpoint(ctx, connect.NewRequest(&webhookv1.UpdateEndpointRequest{Id: ep.GetId(), Url: "http://192.168.1.1/", UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"url"}}}))
	if connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Errorf("update to a private url: %v", err)
	}
	if _, err := creator.Webhooks.CreateEndpoint(ctx, connect.NewRequest(&webhookv1.CreateEndpointRequest{Url: "not a url"})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Errorf("create with a bad url: %v", err)
	}
	if _, err := creator.Webhooks.DeleteEndpoint(ctx, connect.NewRequest(&webhookv1.DeleteEndpointRequest{Id: ep.GetId()})); err != nil {
		t.Fatal(err)
	}
	if _, err := creator.Webhooks.GetEndpoint(ctx, connect.NewRequest(&webhookv1.GetEndpointRequest{Id: ep.GetId()})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("deleted endpoint: %v", err)
	}
}

// A delivery that keeps failing for the whole retry window is dead, and
// shown so; the endpoint's later events are not held up by it.
func TestDeadAfterTheRetryWindow(t *testing.T) {
	t.Parallel()
	s := stack(t, false, loopback, func(c *webhook.Config) { c.RetryWindow, c.Retention = 2*time.Second, 2*time.Second })
	creator := signIn(t, s, "creator")
	rcv := newReceiver(t)
	ep, _ := register(t, creator, rcv.URL)
	rcv.set(func(r *receiver) { r.status = http.StatusInternalServerError })
	createVideo(t, creator, "x")
	ds := waitDeliveries(t, creator, ep.GetId(), func(ds []*webhookv1.Delivery) bool {
		return len(ds) == 1 && ds[0].GetState() == webhookv1.DeliveryState_DELIVERY_STATE_DEAD
	})
	if d := ds[0]; d.GetAttempts() < 2 || d.GetResponseCode() != 500 || d.GetLastError() == "" || d.GetNextAttemptTime() != nil {
		t.Fatalf("dead delivery: %v", d)
	}
}
