package revoke

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

var (
	alice = common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	bob   = common.HexToAddress("0x0000000000000000000000000000000000000b0b")
	op    = common.HexToAddress("0x00000000000000000000000000000000000000aa")
)

func addrTopic(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }

func TestDecodeTransfer(t *testing.T) {
	t.Parallel()
	id := common.BigToHash(big.NewInt(7))
	dirty := addrTopic(alice)
	dirty[0] = 1
	for _, tc := range []struct {
		name   string
		topics []common.Hash
		ok     bool
	}{
		{"erc721", []common.Hash{topicTransfer, addrTopic(alice), addrTopic(bob), id}, true},
		{"erc20", []common.Hash{topicTransfer, addrTopic(alice), addrTopic(bob)}, true},
		{"erc1155 single", []common.Hash{topicTransferSingle, addrTopic(op), addrTopic(alice), addrTopic(bob)}, true},
		{"erc1155 batch", []common.Hash{topicTransferBatch, addrTopic(op), addrTopic(alice), addrTopic(bob)}, true},
		{"transfer with two topics", []common.Hash{topicTransfer, addrTopic(alice)}, false},
		{"transfer with five topics", []common.Hash{topicTransfer, addrTopic(alice), addrTopic(bob), id, id}, false},
		{"single with three topics", []common.Hash{topicTransferSingle, addrTopic(alice), addrTopic(bob)}, false},
		{"dirty address", []common.Hash{topicTransfer, dirty, addrTopic(bob)}, false},
		{"other event", []common.Hash{common.HexToHash("0x01"), addrTopic(alice), addrTopic(bob)}, false},
		{"no topics", nil, false},
	} {
		tr, ok := decodeTransfer(types.Log{Topics: tc.topics})
		if ok != tc.ok {
			t.Errorf("%s: ok %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		if ok && (tr.From != alice || tr.To != bob) {
			t.Errorf("%s: %+v, want alice to bob", tc.name, tr)
		}
	}
	if _, ok := decodeTransfer(types.Log{Topics: []common.Hash{topicTransfer, addrTopic(alice), addrTopic(bob)}, Removed: true}); ok {
		t.Error("a removed log counted")
	}
	mint := transfer{To: bob}
	if w := mint.wallets(); len(w) != 1 || w[0] != bob {
		t.Errorf("a mint's wallets: %v, want only the receiver", w)
	}
}

// FuzzDecodeTransfer feeds logs made of arbitrary topics: decoding never
// panics, and what it accepts has a known signature, the right topic
// count, and addresses that re-encode to the topics they came from.
func FuzzDecodeTransfer(f *testing.F) {
	f.Add(uint8(0), addrTopic(alice).Bytes(), addrTopic(bob).Bytes(), []byte{}, 3)
	f.Add(uint8(0), addrTopic(alice).Bytes(), addrTopic(bob).Bytes(), common.BigToHash(big.NewInt(1)).Bytes(), 4)
	f.Add(uint8(1), addrTopic(op).Bytes(), addrTopic(alice).Bytes(), addrTopic(bob).Bytes(), 4)
	f.Add(uint8(2), addrTopic(op).Bytes(), addrTopic(alice).Bytes(), []byte{1, 2}, 4)
	sigs := []common.Hash{topicTransfer, topicTransferSingle, topicTransferBatch, {}}
	f.Fuzz(func(t *testing.T, sig uint8, a, b, c []byte, n int) {
		all := []common.Hash{sigs[int(sig)%len(sigs)], common.BytesToHash(a), common.BytesToHash(b), common.BytesToHash(c), common.BytesToHash(a)}
		if n < 0 || n > len(all) {
			return
		}
		topics := all[:n]
		tr, ok := decodeTransfer(types.Log{Topics: topics})
		if !ok {
			return
		}
		from, to := 1, 2
		switch topics[0] {
		case topicTransfer:
			if n != 3 && n != 4 {
				t.Fatalf("Transfer with %d topics accepted", n)
			}
		case topicTransferSingle, topicTransferBatch:
			if n != 4 {
				t.Fatalf("ERC-1155 event with %d topics accepted", n)
			}
			from, to = 2, 3
		default:
			t.Fatalf("unknown signature %s accepted", topics[0])
		}
		if addrTopic(tr.From) != topics[from] || addrTopic(tr.To) != topics[to] {
			t.Fatalf("decoded %+v from %v", tr, topics)
		}
	})
}
