package chain

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Head returns the newest block header at the configured block tag
// (latest, safe or finalized): the chain watcher scans no further.
func (c *Chain) Head(ctx context.Context) (*types.Header, error) {
	return c.HeaderAt(ctx, c.block)
}

// HeaderAt returns the header of block n; nil n means the latest block.
func (c *Chain) HeaderAt(ctx context.Context, n *big.Int) (*types.Header, error) {
	return do(ctx, c, "eth_getBlockByNumber", func(ctx context.Context, cl *ethclient.Client) (*types.Header, error) {
		return cl.HeaderByNumber(ctx, n)
	})
}

// Logs runs eth_getLogs; the caller bounds the block range.
func (c *Chain) Logs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	return do(ctx, c, "eth_getLogs", func(ctx context.Context, cl *ethclient.Client) ([]types.Log, error) {
		return cl.FilterLogs(ctx, q)
	})
}
