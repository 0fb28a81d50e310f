package gate

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum/common"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// ChainInfo is what people call a chain: its name, block explorer and
// native currency. The server knows well-known chains by itself
// (knownChains); --chain-info adds others or overrides them.
type ChainInfo struct {
	ID       uint64
	Name     string
	Explorer string
	Currency string
}

// knownChains are the well-known EVM chains, by id.
var knownChains = map[uint64]ChainInfo{
	1:        {1, "Ethereum", "https://etherscan.io", "ETH"},
	10:       {10, "OP Mainnet", "https://optimistic.etherscan.io", "ETH"},
	56:       {56, "BNB Smart Chain", "https://bscscan.com", "BNB"},
	137:      {137, "Polygon", "https://polygonscan.com", "POL"},
	8453:     {8453, "Base", "https://basescan.org", "ETH"},
	42161:    {42161, "Arbitrum One", "https://arbiscan.io", "ETH"},
	43114:    {43114, "Avalanche C-Chain", "https://snowtrace.io", "AVAX"},
	84532:    {84532, "Base Sepolia", "https://sepolia.basescan.org", "ETH"},
	11155111: {11155111, "Sepolia", "https://sepolia.etherscan.io", "ETH"},
	31337:    {31337, "Local dev chain", "", "ETH"},
	1337:     {1337, "Local dev chain", "", "ETH"},
}

// Limits of --chain-info's texts, which reach every viewer's page.
const (
	maxChainName     = 64
	maxChainCurrency = 12
)

// ParseChainInfos reads --chain-info: "ID=NAME|EXPLORER_URL|CURRENCY",
// chains split by commas or semicolons; trailing parts may be left out
// and an empty part keeps the built-in value.
func ParseChainInfos(s string) ([]ChainInfo, error) {
	var out []ChainInfo
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		id, rest, ok := strings.Cut(part, "=")
		n, err := strconv.ParseUint(strings.TrimSpace(id), 10, 64)
		if !ok || err != nil || n == 0 {
			return nil, fmt.Errorf("chain info %q: want CHAIN_ID=NAME[|EXPLORER_URL[|CURRENCY]]", part)
		}
		f := strings.SplitN(rest, "|", 3)
		f = append(f, "", "", "")
		out = append(out, ChainInfo{ID: n, Name: strings.TrimSpace(f[0]), Explorer: strings.TrimRight(strings.TrimSpace(f[1]), "/"), Currency: strings.TrimSpace(f[2])})
	}
	return out, nil
}

// FormatChainInfos writes infos the way ParseChainInfos reads them.
func FormatChainInfos(infos []ChainInfo) string {
	s := make([]string, len(infos))
	for i, c := range infos {
		s[i] = strconv.FormatUint(c.ID, 10) + "=" + c.Name + "|" + c.Explorer + "|" + c.Currency
	}
	return strings.Join(s, ",")
}

// validateChainInfos checks --chain-info.
func validateChainInfos(infos []ChainInfo) error {
	var errs []error
	seen := map[uint64]bool{}
	for _, c := range infos {
		if seen[c.ID] {
			errs = append(errs, fmt.Errorf("--chain-info: chain %d appears twice", c.ID))
		}
		seen[c.ID] = true
		if !printable(c.Name, maxChainName) || !printable(c.Currency, maxChainCurrency) {
			errs = append(errs, fmt.Errorf("--chain-info: chain %d: a name is at most %d and a currency %d printable characters", c.ID, maxChainName, maxChainCurrency))
		}
		if c.Explorer != "" {
			u, err := url.Parse(c.Explorer)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
				errs = append(errs, fmt.Errorf("--chain-info: chain %d: explorer %q is not an http(s) URL", c.ID, c.Explorer))
			}
		}
	}
	return errors.Join(errs...)
}

func printable(s string, max int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// chainInfo is what the server says of chain id: --chain-info over the
// built-in table, field by field.
func (g *Checker) chainInfo(id uint64) ChainInfo {
	c := knownChains[id]
	c.ID = id
	for _, o := range g.cfg.Chains {
		if o.ID != id {
			continue
		}
		if o.Name != "" {
			c.Name = o.Name
		}
		if o.Explorer != "" {
			c.Explorer = o.Explorer
		}
		if o.Currency != "" {
			c.Currency = o.Currency
		}
	}
	return c
}

func (g *Checker) chainMessage(id uint64) *gatev1.Chain {
	c := g.chainInfo(id)
	return &gatev1.Chain{ChainId: id, Name: c.Name, ExplorerUrl: c.Explorer, NativeCurrency: c.Currency}
}

// explorerLink is a contract's page on its chain's explorer, or "".
func (g *Checker) explorerLink(id uint64, contract common.Address) string {
	if e := g.chainInfo(id).Explorer; e != "" {
		return e + "/address/" + contract.Hex()
	}
	return ""
}

// chainIDs lists the chains the checker reads, when its Chains can say
// (*chain.Registry can).
func (g *Checker) chainIDs() []uint64 {
	l, ok := g.chains.(interface{ IDs() []uint64 })
	if !ok {
		return nil
	}
	return slices.Sorted(slices.Values(l.IDs()))
}

// ListChains lists the chains this server reads: the chains a rule may
// name. It needs no session: a rule builder and a viewer's page both
// show them.
func (s *Service) ListChains(context.Context, *connect.Request[gatev1.ListChainsRequest]) (*connect.Response[gatev1.ListChainsResponse], error) {
	ids := s.g.chainIDs()
	out := make([]*gatev1.Chain, len(ids))
	for i, id := range ids {
		out[i] = s.g.chainMessage(id)
	}
	return connect.NewResponse(&gatev1.ListChainsResponse{Chains: out}), nil
}
