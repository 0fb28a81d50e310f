package gate

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/streamgate/streamgate/server/chain"
)

// incomingABI encodes getIncomingDelegations' answer with go-ethereum's
// ABI encoder, independently of the parser under test.
var incomingABI = func() abi.Arguments {
	a, err := abi.JSON(strings.NewReader(`[{"type":"function","name":"getIncomingDelegations","inputs":[{"name":"to","type":"address"}],
	 "outputs":[{"name":"","type":"tuple[]","components":[{"name":"type_","type":"uint8"},{"name":"to","type":"address"},{"name":"from","type":"address"},
	 {"name":"rights","type":"bytes32"},{"name":"contract_","type":"address"},{"name":"tokenId","type":"uint256"},{"name":"amount","type":"uint256"}]}]}]`))
	if err != nil {
		panic(err)
	}
	return a.Methods["getIncomingDelegations"].Outputs
}()

type abiDelegation struct {
	Type     uint8          `abi:"type_"`
	To       common.Address `abi:"to"`
	From     common.Address `abi:"from"`
	Rights   [32]byte       `abi:"rights"`
	Contract common.Address `abi:"contract_"`
	TokenId  *big.Int       `abi:"tokenId"`
	Amount   *big.Int       `abi:"amount"`
}

func packIncoming(t testing.TB, ds ...abiDelegation) []byte {
	out, err := incomingABI.Pack(ds)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzParseIncoming: any answer is parsed into at most what it can hold,
// or refused as an EVM failure; never a panic.
func FuzzParseIncoming(f *testing.F) {
	f.Add(packIncoming(f))
	f.Add(packIncoming(f, abiDelegation{Type: 1, From: common.HexToAddress("0x01"), TokenId: big.NewInt(0), Amount: big.NewInt(0)},
		abiDelegation{Type: 3, From: common.HexToAddress("0x02"), Contract: common.HexToAddress("0x03"), TokenId: big.NewInt(5), Amount: big.NewInt(0)}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, out []byte) {
		ds, err := parseIncoming(out)
		if err != nil {
			if !errors.Is(err, chain.ErrExecution) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if len(ds)*7*32 > len(out) || len(ds) > maxIncoming {
			t.Fatalf("%d delegations from %d bytes", len(ds), len(out))
		}
	})
}

func TestParseIncoming(t *testing.T) {
	vault, token := common.HexToAddress("0x00000000000000000000000000000000000000aa"), common.HexToAddress("0x00000000000000000000000000000000000000bb")
	ds, err := parseIncoming(packIncoming(t,
		abiDelegation{Type: delegERC721, From: vault, Contract: token, Rights: [32]byte{31: 9}, TokenId: big.NewInt(42), Amount: big.NewInt(0)},
		abiDelegation{Type: delegAll, From: token, TokenId: big.NewInt(0), Amount: big.NewInt(0)}))
	if err != nil || len(ds) != 2 {
		t.Fatalf("%v, %v", ds, err)
	}
	if d := ds[0]; d.kind != delegERC721 || d.from != vault || d.contract != token || d.tokenID.Int64() != 42 || d.rights[31] != 9 {
		t.Fatalf("first delegation read as %+v", d)
	}
	if ds[1].kind != delegAll || ds[1].from != token {
		t.Fatalf("second delegation read as %+v", ds[1])
	}
	for name, out := range map[string][]byte{"empty": nil, "short": make([]byte, 40), "length past end": append(common.LeftPadBytes([]byte{32}, 32), common.LeftPadBytes([]byte{9}, 32)...)} {
		if _, err := parseIncoming(out); !errors.Is(err, chain.ErrExecution) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
