package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"

	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// hooks is a webhook receiver on this machine, registered as one of the
// creator's endpoints for the length of the demo. It checks every
// request's Standard Webhooks signature as any receiver should.
type hooks struct {
	client   *streamgate.Client
	endpoint string
	secret   string
	srv      *http.Server
	mu       sync.Mutex
	got      []string
	bad      error
}

func startHooks(ctx context.Context, c *streamgate.Client) (*hooks, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := &hooks{client: c}
	h.srv = &http.Server{Handler: http.HandlerFunc(h.serve), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = h.srv.Serve(ln) }()
	url := "http://" + ln.Addr().String() + "/hooks"
	step("creator registers a webhook endpoint %s", url)
	res, err := c.Webhooks.CreateEndpoint(ctx, connect.NewRequest(&webhookv1.CreateEndpointRequest{Url: url, Description: "make demo"}))
	if err != nil {
		_ = h.srv.Close()
		return nil, fmt.Errorf("create webhook endpoint: %w", err)
	}
	h.endpoint, h.secret = res.Msg.GetEndpoint().GetId(), res.Msg.GetSecret()
	info("endpoint %s, secret %s…", h.endpoint, h.secret[:12])
	return h, nil
}

func (h *hooks) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := verify(h.secret, r.Header, body); err != nil {
		h.bad = err
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var ev struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(body, &ev)
	h.got = append(h.got, ev.Type)
	info("webhook %-22s signature verified (webhook-id %s)", ev.Type, r.Header.Get("webhook-id"))
	w.WriteHeader(http.StatusNoContent)
}

// verify checks a Standard Webhooks signature: v1 = base64 HMAC-SHA256
// of "id.timestamp.body" under the secret's key.
func verify(secret string, hdr http.Header, body []byte) error {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(hdr.Get("webhook-id") + "." + hdr.Get("webhook-timestamp") + "."))
	mac.Write(body)
	want := mac.Sum(nil)
	for _, sig := range strings.Fields(hdr.Get("webhook-signature")) {
		v, b64, _ := strings.Cut(sig, ",")
		got, err := base64.StdEncoding.DecodeString(b64)
		if v == "v1" && err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return errors.New("no valid webhook-signature")
}

// expect waits until every wanted event type arrived, then removes the
// endpoint.
func (h *hooks) expect(ctx context.Context, want ...string) error {
	step("waiting for the webhooks: %s", strings.Join(want, ", "))
	defer func() {
		_, _ = h.client.Webhooks.DeleteEndpoint(context.WithoutCancel(ctx), connect.NewRequest(&webhookv1.DeleteEndpointRequest{Id: h.endpoint}))
		_ = h.srv.Close()
	}()
	deadline := time.Now().Add(time.Minute)
	for {
		h.mu.Lock()
		got, bad := slices.Clone(h.got), h.bad
		h.mu.Unlock()
		if bad != nil {
			return fmt.Errorf("a webhook failed verification: %w", bad)
		}
		missing := slices.DeleteFunc(slices.Clone(want), func(w string) bool { return slices.Contains(got, w) })
		if len(missing) == 0 {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("webhooks %v never arrived (got %v); does the server allow loopback endpoints (--webhook-allow-networks, set by make run)?", missing, got)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
