package webhook_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	"github.com/streamgate/streamgate/internal/teststack"
	streamgate "github.com/streamgate/streamgate/sdk/go"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/webhook"
)

// wait is how long a test waits for deliveries on a loaded machine.
const wait = 3 * time.Minute

// loopback lets test endpoints (httptest servers on 127.0.0.1) receive.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}

// stack starts a whole StreamGate whose deliverer retries fast and may
// reach allow.
func stack(t *testing.T, worker bool, allow []netip.Prefix, set ...func(*webhook.Config)) *teststack.Stack {
	t.Helper()
	return teststack.Start(t, teststack.Options{NoWorker: !worker, Configure: func(c *server.Config) {
		w := &c.Svc.Webhook
		w.AllowNetworks, w.PollInterval = allow, 200*time.Millisecond
		w.BackoffBase, w.BackoffMax = 100*time.Millisecond, 400*time.Millisecond
		w.ConnectTimeout, w.ResponseTimeout = 2*time.Second, 5*time.Second
		for _, f := range set {
			f(w)
		}
	}})
}

// signIn returns a client signed in as key's wallet.
func signIn(t *testing.T, s *teststack.Stack, who string) *streamgate.Client {
	t.Helper()
	key := s.Creator
	switch who {
	case "holder":
		key = s.Holder
	case "stranger":
		key = s.Stranger
	}
	c := streamgate.New(s.URL)
	if _, err := c.SignIn(t.Context(), streamgate.NewKeySigner(key), s.ChainID); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	return c
}

// event is one verified delivery a receiver accepted.
type event struct {
	ID, Type, Subject string
	Data              json.RawMessage
	Header            http.Header
	Body              []byte
}

// receiver is a webhook endpoint that verifies every request with the
// Standard Webhooks reference library (an implementation independent of
// ours) before it accepts it.
type receiver struct {
	t   *testing.T
	URL string
	mu  sync.Mutex
	// secrets verify requests; the first is the current one.
	secrets []string
	// status answers instead of accepting, while not 0.
	status int
	// hold, while set, blocks each request until it is closed.
	hold chan struct{}
	// tried counts requests by webhook-id, accepted or not.
	tried  map[string]int
	events []event
	// inFlight and maxInFlight count requests being answered at once.
	inFlight, maxInFlight int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t, tried: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/hooks"
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.tried[req.Header.Get("webhook-id")]++
	r.inFlight++
	r.maxInFlight = max(r.maxInFlight, r.inFlight)
	hold, status, secrets := r.hold, r.status, r.secrets
	r.mu.Unlock()
	defer r.set(func(r *receiver) { r.inFlight-- })
	if hold != nil {
		select {
		case <-hold:
		case <-req.Context().Done():
			return
		}
	}
	if status != 0 {
		http.Error(w, "endpoint is down", status)
		return
	}
	for _, secret := range secrets {
		wh, err := standardwebhooks.NewWebhook(secret)
		if err != nil {
			r.t.Errorf("secret %q: %v", secret, err)
			return
		}
		if err := wh.Verify(body, req.Header); err != nil {
			r.t.Errorf("event %s does not verify with %s: %v", req.Header.Get("webhook-id"), secret, err)
			http.Error(w, "bad signature", http.StatusBadRequest)
			return
		}
	}
	var env struct {
		Type      string          `json:"type"`
		Timestamp time.Time       `json:"timestamp"`
		Data      json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Type == "" || env.Timestamp.IsZero() {
		r.t.Errorf("body is not a Standard Webhooks payload: %v: %s", err, body)
	}
	var subject struct {
		ID      string `json:"id"`
		VideoID string `json:"videoId"`
	}
	_ = json.Unmarshal(env.Data, &subject)
	if subject.VideoID == "" {
		subject.VideoID = subject.ID
	}
	r.mu.Lock()
	r.events = append(r.events, event{ID: req.Header.Get("webhook-id"), Type: env.Type, Subject: subject.VideoID, Data: env.Data, Header: req.Header.Clone(), Body: body})
	r.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) set(f func(r *receiver)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(r)
}

// waitFor waits until at least n events were accepted and returns them.
func (r *receiver) waitFor(n int) []event {
	r.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		r.mu.Lock()
		got := append([]event(nil), r.events...)
		r.mu.Unlock()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%d events arrived, want %d: %v", len(got), n, types(got))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func types(evs []event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}

// register creates an endpoint for url and returns it with its secret.
func register(t *testing.T, c *streamgate.Client, url string, types ...webhookv1.EventType) (*webhookv1.Endpoint, string) {
	t.Helper()
	res, err := c.Webhooks.CreateEndpoint(t.Context(), connect.NewRequest(&webhookv1.CreateEndpointRequest{Url: url, EventTypes: types}))
	if err != nil {
		t.Fatalf("create endpoint: %v", err)
	}
	return res.Msg.GetEndpoint(), res.Msg.GetSecret()
}

// deliveries lists an endpoint's deliveries, oldest first.
func deliveries(t *testing.T, c *streamgate.Client, endpointID string) []*webhookv1.Delivery {
	t.Helper()
	res, err := c.Webhooks.ListDeliveries(t.Context(), connect.NewRequest(&webhookv1.ListDeliveriesRequest{EndpointId: endpointID, PageSize: 200}))
	if err != nil {
		t.Fatalf("list deliveries: %v", err)
	}
	out := res.Msg.GetDeliveries()
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// waitDeliveries waits until ok holds for the endpoint's deliveries.
func waitDeliveries(t *testing.T, c *streamgate.Client, endpointID string, ok func([]*webhookv1.Delivery) bool) []*webhookv1.Delivery {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		ds := deliveries(t, c, endpointID)
		if ok(ds) {
			return ds
		}
		if time.Now().After(deadline) {
			t.Fatalf("deliveries never reached the expected state: %v", ds)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
