// Package health answers liveness and readiness: /healthz, /readyz and the
// gRPC health protocol, from one list of dependency probes.
package health

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"connectrpc.com/grpchealth"
)

// Probe checks one dependency.
type Probe struct {
	Name  string
	Check func(ctx context.Context) error
}

// Checker runs the probes.
type Checker struct {
	probes   []Probe
	services map[string]bool
	timeout  time.Duration
}

// New returns a checker over probes for the named gRPC services.
func New(services []string, probes ...Probe) *Checker {
	set := map[string]bool{"": true}
	for _, s := range services {
		set[s] = true
	}
	return &Checker{probes: probes, services: set, timeout: 3 * time.Second}
}

// Failures runs every probe concurrently and returns the failing ones.
func (c *Checker) Failures(ctx context.Context) map[string]string {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		failed = map[string]string{}
	)
	for _, p := range c.probes {
		wg.Go(func() {
			if err := p.Check(ctx); err != nil {
				mu.Lock()
				failed[p.Name] = err.Error()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return failed
}

// Check implements grpchealth.Checker: SERVING when every probe passes.
func (c *Checker) Check(ctx context.Context, req *grpchealth.CheckRequest) (*grpchealth.CheckResponse, error) {
	if !c.services[req.Service] {
		return nil, fmt.Errorf("%w %q", ErrUnknownService, req.Service)
	}
	if len(c.Failures(ctx)) > 0 {
		return &grpchealth.CheckResponse{Status: grpchealth.StatusNotServing}, nil
	}
	return &grpchealth.CheckResponse{Status: grpchealth.StatusServing}, nil
}

// Live answers /healthz: the process is up.
func Live(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// Ready answers /readyz: 200 when every dependency answers, else 503
// with the failures by name.
func (c *Checker) Ready(w http.ResponseWriter, r *http.Request) {
	failed := c.Failures(r.Context())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	status := "ready"
	if len(failed) > 0 {
		status = "not ready"
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"status": status, "failures": failed})
}
