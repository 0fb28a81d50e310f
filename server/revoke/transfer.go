package revoke

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// The events the watcher follows. ERC-20 and ERC-721 share Transfer's
// signature; ERC-721 indexes the token id too (four topics, ERC-20's
// three). ERC-1155 indexes operator, from and to.
var (
	topicTransfer       = crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))
	topicTransferSingle = crypto.Keccak256Hash([]byte("TransferSingle(address,address,address,uint256,uint256)"))
	topicTransferBatch  = crypto.Keccak256Hash([]byte("TransferBatch(address,address,address,uint256[],uint256[])"))
	// transferTopics is the topic-0 filter of eth_getLogs.
	transferTopics = [][]common.Hash{{topicTransfer, topicTransferSingle, topicTransferBatch}}
)

// transfer is one log's move of tokens between two wallets; a mint has
// a zero From, a burn a zero To.
type transfer struct {
	From, To common.Address
}

// decodeTransfer reads a log the chain returned (untrusted: any contract
// can emit anything under these topics). It reports false for a log that
// is not a well-formed transfer: the wrong topic count for its kind, or
// an indexed address with non-zero upper bytes.
func decodeTransfer(l types.Log) (transfer, bool) {
	if len(l.Topics) == 0 || l.Removed {
		return transfer{}, false
	}
	var from, to common.Hash
	switch l.Topics[0] {
	case topicTransfer:
		// ERC-20: from, to (value in data); ERC-721: from, to, id.
		if len(l.Topics) != 3 && len(l.Topics) != 4 {
			return transfer{}, false
		}
		from, to = l.Topics[1], l.Topics[2]
	case topicTransferSingle, topicTransferBatch:
		if len(l.Topics) != 4 {
			return transfer{}, false
		}
		from, to = l.Topics[2], l.Topics[3]
	default:
		return transfer{}, false
	}
	f, ok1 := topicAddress(from)
	t, ok2 := topicAddress(to)
	if !ok1 || !ok2 {
		return transfer{}, false
	}
	return transfer{From: f, To: t}, true
}

// topicAddress reads an indexed address: 12 zero bytes, then 20.
func topicAddress(h common.Hash) (common.Address, bool) {
	for _, b := range h[:12] {
		if b != 0 {
			return common.Address{}, false
		}
	}
	return common.BytesToAddress(h[12:]), true
}

// wallets are the transfer's parties, without the zero address.
func (t transfer) wallets() []common.Address {
	var out []common.Address
	for _, a := range []common.Address{t.From, t.To} {
		if a != (common.Address{}) {
			out = append(out, a)
		}
	}
	return out
}
