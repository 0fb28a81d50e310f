package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/internal/siwe"
)

// fixedKey is a fixed test key (address 0x620AA3Db6DF3610cbd637f472d80618F98022423).
const fixedKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaff8aa2b5a0e9b0b"

var npmOnce sync.Once

// nodeDir returns testdata/node with its locked packages installed.
func nodeDir(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node (20 or later) is needed for the independent-implementation tests")
	}
	dir, _ := filepath.Abs(filepath.Join("testdata", "node"))
	npmOnce.Do(func() {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "viem")); err == nil {
			return
		}
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	})
	return dir
}

// TestViemSignature has viem, a separate implementation, compose the
// SIWE message from the challenge's fields and sign it; the server must
// have offered the very same text and must accept viem's signature.
func TestViemSignature(t *testing.T) {
	t.Parallel()
	dir := nodeDir(t)
	e := start(t, nil)
	key, _ := crypto.HexToECDSA(fixedKey)
	w := wallet{key: key, address: crypto.PubkeyToAddress(key.PublicKey).Hex()}
	ch := e.challenge(t, w, 31337)
	m, err := siwe.Parse(ch.Message)
	if err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(map[string]any{
		"privateKey": "0x" + fixedKey, "domain": m.Domain, "scheme": m.Scheme, "uri": m.URI,
		"chainId": m.ChainID, "nonce": m.Nonce, "statement": *m.Statement,
		"issuedAt": m.IssuedAt.Text, "expirationTime": m.ExpirationTime.Text,
	})
	cmd := exec.Command("node", "sign.mjs")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node sign.mjs: %v", err)
	}
	var signed struct{ Address, Message, Signature string }
	if err := json.Unmarshal(out, &signed); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	if signed.Address != w.address {
		t.Fatalf("viem derived %s, go-ethereum %s", signed.Address, w.address)
	}
	if signed.Message != ch.Message {
		t.Fatalf("viem composed another text than the challenge:\n%s\n---\n%s", signed.Message, ch.Message)
	}
	res, err := e.signIn(context.Background(), signed.Message, signed.Signature)
	if err != nil {
		t.Fatalf("viem's signature refused: %v", err)
	}
	if res.Address != w.address {
		t.Fatalf("signed in as %s", res.Address)
	}
}
