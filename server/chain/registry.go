// Package chain reads EVM chains for the gate and for sign-in: several
// chains, several RPC endpoints per chain with health tracking and
// failover, a deadline on every call, and a configurable block tag. A
// transport failure is always ErrUnavailable, never an answer.
package chain

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

// Registry holds the configured chains.
type Registry struct {
	cfg    Config
	log    *slog.Logger
	chains map[uint64]*Chain
	stop   chan struct{}
	done   sync.WaitGroup
	once   sync.Once
}

// New dials every endpoint, checks that each serves the chain id it is
// configured for (a mismatch is a configuration error and fails start-up),
// and starts the periodic health checks. An endpoint that cannot be reached
// yet is only marked unhealthy: the chain may come up later.
func New(ctx context.Context, cfg Config, log *slog.Logger) (*Registry, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Registry{cfg: cfg, log: log, chains: map[uint64]*Chain{}, stop: make(chan struct{})}
	for _, s := range cfg.Chains {
		c, err := r.dial(ctx, s)
		if err != nil {
			r.Close()
			return nil, err
		}
		r.chains[s.ID] = c
	}
	for _, c := range r.chains {
		if err := c.probeAll(ctx, true); err != nil {
			r.Close()
			return nil, err
		}
	}
	r.done.Add(1)
	go r.watch()
	return r, nil
}

func (r *Registry) dial(ctx context.Context, s Spec) (*Chain, error) {
	c := &Chain{id: s.ID, cfg: &r.cfg, log: r.log.With("chain", s.ID), block: blockArg(r.cfg.BlockTag)}
	for _, u := range s.Endpoints {
		rc, err := dialRPC(ctx, u)
		if err != nil {
			for _, e := range c.endpoints {
				e.client.Close()
			}
			return nil, fmt.Errorf("chain %d: dial %s: %w", s.ID, redact(u), err)
		}
		c.endpoints = append(c.endpoints, &endpoint{url: redact(u), client: ethclient.NewClient(rc)})
	}
	return c, nil
}

// maxIdlePerEndpoint is how many idle connections to one HTTP(S)
// endpoint are kept for the next calls: as many as the gate may have
// in flight by default (--gate-max-chain-calls).
const maxIdlePerEndpoint = 64

// dialRPC dials an endpoint. Over HTTP(S) its client keeps up to
// maxIdlePerEndpoint connections warm: go-ethereum's default client keeps
// Go's default of 2 per host, so after every burst of concurrent checks
// all but 2 connections were closed and the next burst opened new ones
// (TCP, and TLS with a provider, on the checks' path).
func dialRPC(ctx context.Context, u string) (*rpc.Client, error) {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return rpc.DialContext(ctx, u)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = maxIdlePerEndpoint, maxIdlePerEndpoint
	return rpc.DialOptions(ctx, u, rpc.WithHTTPClient(&http.Client{Transport: t}))
}

// watch re-checks every endpoint until Close.
func (r *Registry) watch() {
	defer r.done.Done()
	t := time.NewTicker(r.cfg.HealthInterval)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			for _, c := range r.chains {
				_ = c.probeAll(context.Background(), false)
			}
		}
	}
}

// Close stops the health checks and closes every connection.
func (r *Registry) Close() {
	if r == nil {
		return
	}
	r.once.Do(func() {
		close(r.stop)
		r.done.Wait()
		for _, c := range r.chains {
			for _, e := range c.endpoints {
				e.client.Close()
			}
		}
	})
}

// Chain returns one configured chain, or ErrUnknownChain.
func (r *Registry) Chain(chainID uint64) (*Chain, error) {
	if r != nil {
		if c, ok := r.chains[chainID]; ok {
			return c, nil
		}
	}
	return nil, fmt.Errorf("chain %d: %w", chainID, ErrUnknownChain)
}

// ContractCaller returns the failover caller of a chain, for bindings and
// for EIP-1271 checks; ErrUnknownChain when the chain is not configured.
// Its calls fail with ErrUnavailable when no endpoint answers and with
// ErrExecution when the EVM refused the call.
func (r *Registry) ContractCaller(chainID uint64) (bind.ContractCaller, error) {
	return r.Chain(chainID)
}

// IDs lists the configured chain ids, ascending.
func (r *Registry) IDs() []uint64 {
	if r == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(r.chains))
}

// Status reports the health of every endpoint of every chain.
func (r *Registry) Status() []EndpointStatus {
	var out []EndpointStatus
	for _, id := range r.IDs() {
		out = append(out, r.chains[id].Status()...)
	}
	return out
}
