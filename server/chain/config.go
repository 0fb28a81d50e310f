package chain

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config is the set of chains the server reads, filled in by cmd/streamgate.
type Config struct {
	// Chains are the configured chains, each with its RPC endpoints in order
	// of preference.
	Chains []Spec
	// BlockTag is the state reads run against: latest, safe or finalized.
	BlockTag string
	// CallTimeout bounds one call to one endpoint; a slower endpoint is
	// skipped for the next one.
	CallTimeout time.Duration
	// HealthInterval is how often every endpoint's chain id and head are
	// checked.
	HealthInterval time.Duration
	// CallGas caps the gas of every eth_call (view calls run for free on
	// the endpoint, so an unbounded one is an amplifier): a call asking
	// for none or more runs with this much.
	CallGas uint64
	// MulticallSize is the most view calls batched into one eth_call on a
	// chain that has Multicall3.
	MulticallSize int
	// MaxHeadAge marks an endpoint whose newest block is older than this as
	// unhealthy; zero disables the check (for chains that idle).
	MaxHeadAge time.Duration
}

// DefaultCallGas is CallGas's default: plenty for balanceOf, ownerOf,
// supportsInterface and EIP-1271's isValidSignature, short of a loop.
const DefaultCallGas = 1_000_000

// Spec is one chain: its id and its RPC endpoints.
type Spec struct {
	ID        uint64
	Endpoints []string
}

// DefaultConfig is the settings cmd/streamgate starts from (its flags'
// defaults): no chain, reads against the latest block.
func DefaultConfig() Config {
	return Config{
		BlockTag:       "latest",
		CallTimeout:    3 * time.Second,
		HealthInterval: 15 * time.Second,
		MaxHeadAge:     5 * time.Minute,
		CallGas:        DefaultCallGas,
		MulticallSize:  256,
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if !slices.Contains([]string{"latest", "safe", "finalized"}, c.BlockTag) {
		errs = append(errs, fmt.Errorf("--chain-block-tag %q: want latest, safe or finalized", c.BlockTag))
	}
	if c.CallTimeout <= 0 || c.HealthInterval <= 0 {
		errs = append(errs, errors.New("--chain-call-timeout and --chain-health-interval must be positive"))
	}
	if c.CallGas == 0 {
		errs = append(errs, errors.New("--chain-call-gas must be positive"))
	}
	if c.MulticallSize < 1 || c.MulticallSize > 1024 {
		errs = append(errs, fmt.Errorf("--chain-multicall-size %d: want 1 to 1024", c.MulticallSize))
	}
	if c.MaxHeadAge < 0 {
		errs = append(errs, errors.New("--chain-max-head-age must not be negative"))
	}
	seen := map[uint64]bool{}
	for _, s := range c.Chains {
		if s.ID == 0 {
			errs = append(errs, errors.New("--chain-rpc: chain id 0 is not a chain"))
		}
		if seen[s.ID] {
			errs = append(errs, fmt.Errorf("--chain-rpc: chain %d is configured twice", s.ID))
		}
		seen[s.ID] = true
		if len(s.Endpoints) == 0 {
			errs = append(errs, fmt.Errorf("--chain-rpc: chain %d has no RPC endpoint", s.ID))
		}
		for _, e := range s.Endpoints {
			u, err := url.Parse(e)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
				errs = append(errs, fmt.Errorf("--chain-rpc: chain %d: endpoint %q is not an http(s) or ws(s) URL", s.ID, e))
			}
		}
	}
	return errors.Join(errs...)
}

// ParseSpecs reads chains written as "ID=URL|URL,ID=URL": chains split by
// commas (or semicolons), endpoints of one chain by "|", in order of
// preference. An empty string is no chain.
func ParseSpecs(s string) ([]Spec, error) {
	var specs []Spec
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		id, urls, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("chain %q: want CHAIN_ID=URL[|URL...]", part)
		}
		n, err := strconv.ParseUint(strings.TrimSpace(id), 10, 64)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("chain %q: %q is not a chain id", part, id)
		}
		var eps []string
		for e := range strings.SplitSeq(urls, "|") {
			if e = strings.TrimSpace(e); e != "" {
				eps = append(eps, e)
			}
		}
		specs = append(specs, Spec{ID: n, Endpoints: eps})
	}
	return specs, nil
}
