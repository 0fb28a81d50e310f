package chain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamgate/streamgate/internal/tracing"
)

// Chain is one chain's endpoints behind one failover caller. It satisfies
// bind.ContractCaller.
type Chain struct {
	id        uint64
	cfg       *Config
	log       *slog.Logger
	block     *big.Int
	endpoints []*endpoint
	// multicall is set when the probes found Multicall3's code.
	multicall atomic.Bool
}

type endpoint struct {
	url    string
	client *ethclient.Client
	// down is set by a failed call or probe and cleared by a good one.
	down atomic.Bool
	// answered is when the endpoint last answered a call (UnixNano): a
	// call that timed out while others got answers met a busy endpoint,
	// not a dead one.
	answered atomic.Int64
	mu       sync.Mutex
	lastErr  string
	checked  time.Time
}

// EndpointStatus is one endpoint's health, for logs and readiness.
type EndpointStatus struct {
	ChainID   uint64
	URL       string
	Healthy   bool
	LastError string
	CheckedAt time.Time
}

// ID is the chain id.
func (c *Chain) ID() uint64 { return c.id }

// CodeAt returns the code at contract, at the configured block tag when
// blockNumber is nil.
func (c *Chain) CodeAt(ctx context.Context, contract common.Address, blockNumber *big.Int) ([]byte, error) {
	return do(ctx, c, "eth_getCode", func(ctx context.Context, cl *ethclient.Client) ([]byte, error) {
		return cl.CodeAt(ctx, contract, c.at(blockNumber))
	})
}

// gas is what a call asking for g runs with: CallGas when it asks for
// none or more.
func (c *Chain) gas(g uint64) uint64 {
	if g == 0 || g > c.cfg.CallGas {
		return c.cfg.CallGas
	}
	return g
}

// CallContract runs a read-only call, at the configured block tag when
// blockNumber is nil, with at most the configured gas.
func (c *Chain) CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error) {
	call.Gas = c.gas(call.Gas)
	return do(ctx, c, "eth_call", func(ctx context.Context, cl *ethclient.Client) ([]byte, error) {
		return cl.CallContract(ctx, call, c.at(blockNumber))
	})
}

func (c *Chain) at(n *big.Int) *big.Int {
	if n == nil {
		return c.block
	}
	return n
}

// do runs fn on healthy endpoints first, in configured order, then on the
// ones marked down as a last resort; each try has its own deadline. An
// EVM failure is an answer and ends the search.
func do[T any](ctx context.Context, c *Chain, method string, fn func(context.Context, *ethclient.Client) (T, error)) (_ T, err error) {
	if trace.SpanFromContext(ctx).IsRecording() {
		// The span's attributes are built only when a trace records it:
		// an untraced call (the gate's checks without a sampled trace)
		// pays for none of them.
		var span trace.Span
		ctx, span = tracing.Start(ctx, method, trace.SpanKindClient,
			attribute.String("rpc.system.name", "jsonrpc"), attribute.String("rpc.method", method), attribute.Int64("chain.id", int64(c.id)))
		defer func() { tracing.End(span, err) }()
	}
	var zero T
	var errs []error
	for _, e := range c.order() {
		if err := ctx.Err(); err != nil {
			return zero, fmt.Errorf("chain %d %s: %w: %w", c.id, method, ErrUnavailable, err)
		}
		cctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
		start := time.Now().UnixNano()
		v, err := fn(cctx, e.client)
		cancel()
		if err == nil {
			e.answered.Store(time.Now().UnixNano())
			e.markUp()
			return v, nil
		}
		if ctx.Err() != nil {
			// The caller gave up, not the endpoint.
			return zero, fmt.Errorf("chain %d %s: %w: %w", c.id, method, ErrUnavailable, err)
		}
		if isExecution(err) {
			e.answered.Store(time.Now().UnixNano())
			e.markUp()
			return zero, fmt.Errorf("chain %d %s: %w: %w", c.id, method, ErrExecution, err)
		}
		errs = append(errs, fmt.Errorf("%s: %w", e.url, err))
		if errors.Is(err, context.DeadlineExceeded) && e.answered.Load() > start {
			// Slow, not down: the endpoint answered other calls meanwhile
			// (it is busy, or this call is heavy). Marking it down would
			// move everyone's calls off it for this one call's sake.
			c.log.Warn("chain call timed out on a live endpoint, trying the next", "endpoint", e.url, "method", method)
			continue
		}
		e.markDown(err)
		c.log.Warn("chain endpoint failed, trying the next", "endpoint", e.url, "method", method, "err", err)
	}
	// %v, not %w: an endpoint's timeout is not the caller's deadline.
	return zero, fmt.Errorf("chain %d %s: %w: %v", c.id, method, ErrUnavailable, errors.Join(errs...))
}

// order puts healthy endpoints first, keeping the configured order: the
// configured slice itself when none is down (every call's common case,
// with no allocation; callers only read it).
func (c *Chain) order() []*endpoint {
	if !slices.ContainsFunc(c.endpoints, func(e *endpoint) bool { return e.down.Load() }) {
		return c.endpoints
	}
	out := make([]*endpoint, 0, len(c.endpoints))
	for _, e := range c.endpoints {
		if !e.down.Load() {
			out = append(out, e)
		}
	}
	for _, e := range c.endpoints {
		if e.down.Load() {
			out = append(out, e)
		}
	}
	return out
}

func (e *endpoint) markUp() {
	if e.down.Load() {
		e.down.Store(false)
		e.mu.Lock()
		e.lastErr = ""
		e.mu.Unlock()
	}
}

func (e *endpoint) markDown(err error) {
	e.down.Store(true)
	e.mu.Lock()
	e.lastErr = err.Error()
	e.checked = time.Now()
	e.mu.Unlock()
}

// errWrongChain is a probe finding an endpoint serving another chain.
var errWrongChain = errors.New("serves another chain")

// probeAll checks each endpoint's chain id and head. At start (strict), an
// endpoint on the wrong chain is a configuration error.
func (c *Chain) probeAll(ctx context.Context, strict bool) error {
	var wg sync.WaitGroup
	errs := make([]error, len(c.endpoints))
	for i, e := range c.endpoints {
		wg.Go(func() {
			err := c.probe(ctx, e)
			e.mu.Lock()
			e.checked = time.Now()
			e.mu.Unlock()
			if err != nil {
				e.markDown(err)
				c.log.Warn("chain endpoint unhealthy", "endpoint", e.url, "err", err)
				if errors.Is(err, errWrongChain) {
					errs[i] = fmt.Errorf("chain %d: endpoint %s: %w", c.id, e.url, err)
				}
				return
			}
			e.markUp()
		})
	}
	wg.Wait()
	if strict {
		return errors.Join(errs...)
	}
	return nil
}

func (c *Chain) probe(ctx context.Context, e *endpoint) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()
	id, err := e.client.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("eth_chainId: %w", err)
	}
	if !id.IsUint64() || id.Uint64() != c.id {
		return fmt.Errorf("%w: eth_chainId is %s, configured %d", errWrongChain, id, c.id)
	}
	if err := c.probeMulticall(ctx, e.client); err != nil {
		// Not the endpoint's health: the last answer stands.
		c.log.Warn("chain endpoint: could not look for Multicall3", "endpoint", e.url, "err", err)
	}
	if c.cfg.MaxHeadAge == 0 {
		return nil
	}
	h, err := e.client.HeaderByNumber(ctx, big.NewInt(int64(rpc.LatestBlockNumber)))
	if err != nil {
		return fmt.Errorf("head: %w", err)
	}
	if age := time.Since(time.Unix(int64(h.Time), 0)); age > c.cfg.MaxHeadAge {
		return fmt.Errorf("head %d is %s old (limit %s)", h.Number, age.Round(time.Second), c.cfg.MaxHeadAge)
	}
	return nil
}

// Status reports the health of the chain's endpoints.
func (c *Chain) Status() []EndpointStatus {
	out := make([]EndpointStatus, 0, len(c.endpoints))
	for _, e := range c.endpoints {
		e.mu.Lock()
		out = append(out, EndpointStatus{ChainID: c.id, URL: e.url, Healthy: !e.down.Load(), LastError: e.lastErr, CheckedAt: e.checked})
		e.mu.Unlock()
	}
	return slices.Clip(out)
}

func blockArg(tag string) *big.Int {
	switch tag {
	case "safe":
		return big.NewInt(int64(rpc.SafeBlockNumber))
	case "finalized":
		return big.NewInt(int64(rpc.FinalizedBlockNumber))
	}
	return nil
}

// redact drops credentials and the path (where API keys often live) from
// an endpoint URL before it reaches a log or an error.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "endpoint"
	}
	if u.Path != "" && u.Path != "/" {
		return u.Scheme + "://" + u.Host + "/…"
	}
	return u.Scheme + "://" + u.Host
}
