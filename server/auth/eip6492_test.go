package auth_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/streamgate/streamgate/contracts/devnet"
	"github.com/streamgate/streamgate/server/auth"
)

var magic6492 = common.FromHex("0x6492649264926492649264926492649264926492649264926492649264926492")

// wrap6492 is the wrapping a wallet does (viem's serializeErc6492Signature):
// abi.encode(factory, factoryCalldata, signature) ++ the magic suffix,
// packed here by go-ethereum's ABI encoder, not by the parser under test.
func wrap6492(t testing.TB, factory common.Address, calldata, sig []byte) []byte {
	t.Helper()
	addrT, _ := abi.NewType("address", "", nil)
	bytesT, _ := abi.NewType("bytes", "", nil)
	enc, err := abi.Arguments{{Type: addrT}, {Type: bytesT}, {Type: bytesT}}.Pack(factory, calldata, sig)
	if err != nil {
		t.Fatal(err)
	}
	return append(enc, magic6492...)
}

// smartAccount is a counterfactual OwnerWallet of a WalletFactory.
type smartAccount struct {
	factory  common.Address
	address  common.Address
	calldata []byte // createAccount(owner, salt)
}

func newSmartAccount(t *testing.T, dev *devnet.Chain, factory common.Address, owner common.Address, salt byte) smartAccount {
	t.Helper()
	parsed, err := walletContracts(t)["WalletFactory"].ParseABI()
	if err != nil {
		t.Fatal(err)
	}
	s := [32]byte{31: salt}
	calldata, err := parsed.Pack("createAccount", owner, s)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := parsed.Pack("accountAddress", owner, s)
	out, err := dev.Backend.Client().CallContract(context.Background(), callMsg(factory, q), nil)
	if err != nil {
		t.Fatal(err)
	}
	return smartAccount{factory: factory, address: common.BytesToAddress(out), calldata: calldata}
}

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}

// TestSmartAccountNotYetDeployed: a smart account signs in (EIP-6492)
// before its code exists, nothing is deployed by doing so, and after its
// deployment both the wrapped and the plain EIP-1271 signature still
// sign in; a stranger's, or another account's factory call, does not.
func TestSmartAccountNotYetDeployed(t *testing.T) {
	t.Parallel()
	dev, err := devnet.New(devnet.Options{ChainID: 31337, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dev.Close() })
	metas := walletContracts(t)
	factory, err := dev.Deploy(metas["WalletFactory"], nil)
	if err != nil {
		t.Fatal(err)
	}
	owner, stranger := newWallet(t), newWallet(t)
	acct := newSmartAccount(t, dev, factory, common.HexToAddress(owner.address), 1)
	other := newSmartAccount(t, dev, factory, common.HexToAddress(owner.address), 2)
	e := chainEnv(t, dev.URL)
	signIn := func(sig func(msg string) []byte) (*struct{ id string }, error) {
		ch := e.challenge(t, wallet{address: acct.address.Hex()}, 31337)
		res, err := e.signIn(context.Background(), ch.Message, hexutil.Encode(sig(ch.Message)))
		if err != nil {
			return nil, err
		}
		return &struct{ id string }{res.GetSessionId()}, nil
	}
	wrapped := func(key wallet, a smartAccount) func(string) []byte {
		return func(msg string) []byte {
			return wrap6492(t, a.factory, a.calldata, hexutil.MustDecode(key.sign(t, msg)))
		}
	}
	codeAt := func() int {
		code, err := dev.Backend.Client().CodeAt(context.Background(), acct.address, nil)
		if err != nil {
			t.Fatal(err)
		}
		return len(code)
	}

	// Before deployment.
	res, err := signIn(wrapped(owner, acct))
	if err != nil {
		t.Fatalf("the undeployed account's owner was refused: %v", err)
	}
	if n := e.count(t, "SELECT count(*) FROM sessions WHERE id = $1 AND address = $2 AND contract_chain_id = 31337", res.id, acct.address.Hex()); n != 1 {
		t.Fatal("no session scoped to chain 31337 for the smart account")
	}
	if codeAt() != 0 {
		t.Fatal("verifying the signature deployed the account")
	}
	_, err = signIn(wrapped(stranger, acct))
	wantCode(t, err, connect.CodeUnauthenticated)
	// The factory call deploys another account (another salt): no code
	// lands at the signer's address, so nothing approves.
	_, err = signIn(wrapped(owner, other))
	wantCode(t, err, connect.CodeUnauthenticated)
	// Without the wrapping, an address without code is judged as an EOA.
	_, err = signIn(func(msg string) []byte { return hexutil.MustDecode(owner.sign(t, msg)) })
	wantCode(t, err, connect.CodeUnauthenticated)
	// A suffix on bytes that are no wrapper is a malformed signature,
	// refused before any chain call.
	_, err = signIn(func(string) []byte { return append(make([]byte, 40), magic6492...) })
	wantCode(t, err, connect.CodeInvalidArgument)

	// After deployment.
	if err := dev.Send(nil, metas["WalletFactory"], factory, acct.calldata); err != nil {
		t.Fatal(err)
	}
	if codeAt() == 0 {
		t.Fatal("the factory did not deploy the account")
	}
	if _, err := signIn(wrapped(owner, acct)); err != nil {
		t.Fatalf("the deployed account's wrapped signature was refused: %v", err)
	}
	if _, err := signIn(func(msg string) []byte { return hexutil.MustDecode(owner.sign(t, msg)) }); err != nil {
		t.Fatalf("the deployed account's plain EIP-1271 signature was refused: %v", err)
	}
	_, err = signIn(wrapped(stranger, acct))
	wantCode(t, err, connect.CodeUnauthenticated)
}

// TestSmartAccountChainAccess: a wrapped signature needs the message's
// chain; without it, or with it down, sign-in fails closed with a code
// that says which.
func TestSmartAccountChainAccess(t *testing.T) {
	t.Parallel()
	owner := newWallet(t)
	sigFor := func(msg string) string {
		return hexutil.Encode(wrap6492(t, common.HexToAddress("0x1111111111111111111111111111111111111111"), []byte{1, 2, 3}, hexutil.MustDecode(owner.sign(t, msg))))
	}
	addr := wallet{address: "0x2222222222222222222222222222222222222222"}
	down := chainEnv(t, "http://127.0.0.1:1")
	ch := down.challenge(t, addr, 31337)
	_, err := down.signIn(context.Background(), ch.Message, sigFor(ch.Message))
	wantCode(t, err, connect.CodeUnavailable)
	none := start(t, nil)
	ch = none.challenge(t, addr, 31337)
	_, err = none.signIn(context.Background(), ch.Message, sigFor(ch.Message))
	wantCode(t, err, connect.CodeFailedPrecondition)
	// Over the size bound, refused by the request's validation.
	_, err = none.signIn(context.Background(), ch.Message, "0x"+strings.Repeat("00", 4097))
	wantCode(t, err, connect.CodeInvalidArgument)
}

// TestSmartAccountLimitedBeforeTheChain: junk EIP-6492 sign-ins each cost
// one eth_call, but only until the client IP's limit.
func TestSmartAccountLimitedBeforeTheChain(t *testing.T) {
	t.Parallel()
	dev, err := devnet.New(devnet.Options{ChainID: 31337, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dev.Close() })
	factory, err := dev.Deploy(walletContracts(t)["WalletFactory"], nil)
	if err != nil {
		t.Fatal(err)
	}
	acct := newSmartAccount(t, dev, factory, common.HexToAddress(newWallet(t).address), 1)
	proxy, url := newCountingProxy(t, dev.URL)
	const perIP = 5
	e := chainEnv(t, url, func(c *auth.Config) { c.RatePerIP, c.RateWindow = perIP, time.Hour })
	ch := e.challenge(t, wallet{address: acct.address.Hex()}, 31337)
	junk := hexutil.Encode(wrap6492(t, acct.factory, acct.calldata, hexutil.MustDecode(newWallet(t).sign(t, ch.Message))))
	limited := 0
	for range perIP - 1 + 20 {
		_, err := e.signIn(context.Background(), ch.Message, junk)
		switch connect.CodeOf(err) {
		case connect.CodeResourceExhausted:
			limited++
		case connect.CodeUnauthenticated:
		default:
			t.Fatalf("junk sign-in: %v", err)
		}
	}
	if call := proxy.count("eth_call"); limited != 20 || call != perIP-1 {
		t.Fatalf("%d of 20 over the limit refused; %d eth_calls, want %d", limited, call, perIP-1)
	}
}

// TestUnwrap6492 reads what go-ethereum's encoder wraps, leaves plain
// signatures alone, and refuses a suffix on anything else.
func TestUnwrap6492(t *testing.T) {
	t.Parallel()
	factory := common.HexToAddress("0x00000000000000000000000000000000000fac70")
	sig := wrap6492(t, factory, []byte("deploy me"), bytes.Repeat([]byte{7}, 65))
	w, wrapped, err := auth.Unwrap6492(sig)
	if err != nil || !wrapped || w.Factory != factory || string(w.FactoryCalldata) != "deploy me" || !bytes.Equal(w.Signature, bytes.Repeat([]byte{7}, 65)) {
		t.Fatalf("unwrap: %+v %v %v", w, wrapped, err)
	}
	if _, wrapped, err := auth.Unwrap6492(make([]byte, 65)); wrapped || err != nil {
		t.Fatalf("a plain signature: wrapped %v, %v", wrapped, err)
	}
	mutate := func(at int, b byte) []byte {
		out := append([]byte(nil), sig...)
		out[at] = b
		return out
	}
	for name, bad := range map[string][]byte{
		"suffix alone":        magic6492,
		"short head":          append(make([]byte, 95), magic6492...),
		"dirty address word":  mutate(0, 1),
		"offset past end":     mutate(63, 0xff),
		"offset over 64 bits": mutate(33, 1),
		"length past end":     mutate(0x60+31, 0xff),
		"truncated body":      append(append([]byte{}, sig[:len(sig)-64]...), magic6492...),
	} {
		if _, wrapped, err := auth.Unwrap6492(bad); !wrapped || err == nil {
			t.Errorf("%s: wrapped %v, err %v", name, wrapped, err)
		}
	}
}
