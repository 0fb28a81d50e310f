package web_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/internal/teststack"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/web"
)

const webDir = "../../web"

// TestBrowser runs web/test/browser.mjs in Debian's Chromium against a
// whole StreamGate (server, transcoder worker, simulated chain) serving
// the embedded app, with a second origin hosting the embed. With
// SG_SCREENSHOTS=dir it leaves the screenshots there (make screenshots).
func TestBrowser(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(filepath.Join(webDir, "node_modules", "playwright-core")); err != nil {
		t.Fatal("web/node_modules is missing: run make web/node_modules")
	}
	// browser.mjs drives the studio's SDK session through the built SDK,
	// which sdk/ts's own test builds (it runs first under go test ./...);
	// the shared lock waits for a build under way to finish.
	testenv.LockBuild(t, "../../sdk/ts/dist", false)
	if _, err := os.Stat("../../sdk/ts/dist/index.js"); err != nil {
		t.Fatal("sdk/ts/dist is missing: run make sdk/ts/node_modules && (cd sdk/ts && npm run build), or go test ./... (sdk/ts's test builds it)")
	}
	wallet := filepath.Join(t.TempDir(), "wallet.js")
	run(t, exec.Command(filepath.Join(webDir, "node_modules", ".bin", "esbuild"), filepath.Join(webDir, "test", "wallet.js"),
		"--bundle", "--format=iife", "--platform=browser", "--log-level=warning", "--outfile="+wallet))

	chain := &chainProxy{}
	hostMux := http.NewServeMux()
	host := httptest.NewServer(hostMux)
	t.Cleanup(host.Close)
	st := teststack.Start(t, teststack.Options{
		CORSOrigins: []string{host.URL},
		BucketCORS:  []string{"*"},
		ChainURL:    chain.start(t),
		Configure: func(c *server.Config) {
			c.Web = web.DefaultConfig()
			// Browsers PUT upload parts straight to the object store.
			c.Web.ConnectSrc = []string{"http://" + testenv.S3Endpoint()}
			// Renew two seconds after each grant, so playback crosses renewals.
			c.Svc.Playback.TokenTTL, c.Svc.Playback.RenewBefore = 30*time.Second, 28*time.Second
			// A name and an explorer for the test chain (31337), as an operator
			// gives them with --chain-info.
			c.Svc.Gate.Chains = []gate.ChainInfo{{ID: 31337, Name: "Test chain", Explorer: "https://explorer.example"}}
		},
	})
	hostPages(hostMux, st.URL, chain)

	shots := os.Getenv("SG_SCREENSHOTS")
	if shots != "" {
		shots, _ = filepath.Abs(shots)
	}
	// Nine minutes: the player's control steps added about a minute on a
	// loaded machine to the seven the rest could take.
	ctx, cancel := context.WithTimeout(context.Background(), 9*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(webDir, "test", "browser.mjs"))
	cmd.Env = append(os.Environ(),
		"SG_URL="+st.URL,
		"SG_HOST_URL="+host.URL,
		fmt.Sprintf("SG_CHAIN_ID=%d", st.ChainID),
		"SG_NFT="+st.NFT.Hex(),
		"SG_CREATOR_KEY="+keyHex(st.Creator),
		"SG_HOLDER_KEY="+keyHex(st.Holder),
		"SG_STRANGER_KEY="+keyHex(st.Stranger),
		"SG_HOLDER_ADDRESS="+crypto.PubkeyToAddress(st.Holder.PublicKey).Hex(),
		"SG_STRANGER_ADDRESS="+crypto.PubkeyToAddress(st.Stranger.PublicKey).Hex(),
		"SG_CLIP="+teststack.NoiseMP4(t),
		"SG_WALLET_JS="+wallet,
		"SG_SCREENSHOTS="+shots,
	)
	run(t, cmd)
}

// hostPages serves another origin's pages: one embedding the player by
// its script and element, one by an iframe, and the switch of the chain.
func hostPages(mux *http.ServeMux, api string, chain *chainProxy) {
	mux.HandleFunc("GET /host.html", func(w http.ResponseWriter, r *http.Request) {
		id := url.QueryEscape(r.URL.Query().Get("video"))
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A fan site</title>
<script src="%s/embed/player.js"></script></head>
<body style="font-family:sans-serif;margin:2em"><h1>A fan site on another origin</h1>
<streamgate-player server="%s" video-id="%s"></streamgate-player></body></html>`, api, api, id)
	})
	mux.HandleFunc("GET /iframe.html", func(w http.ResponseWriter, r *http.Request) {
		id := url.QueryEscape(r.URL.Query().Get("video"))
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An iframe</title></head>
<body><iframe src="%s/embed/%s" width="640" height="480" allow="fullscreen" style="border:0"></iframe></body></html>`, api, id)
	})
	mux.HandleFunc("POST /chain/down", func(w http.ResponseWriter, _ *http.Request) { chain.down.Store(true) })
	mux.HandleFunc("POST /chain/up", func(w http.ResponseWriter, _ *http.Request) { chain.down.Store(false) })
}

// chainProxy stands between the server and the chain's RPC; down, it
// drops every connection, as a dead RPC endpoint would.
type chainProxy struct {
	down   atomic.Bool
	target atomic.Pointer[url.URL]
}

func (p *chainProxy) start(t *testing.T) func(string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.down.Load() {
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					_ = c.Close()
					return
				}
			}
			http.Error(w, "chain down", http.StatusBadGateway)
			return
		}
		httputil.NewSingleHostReverseProxy(p.target.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return func(real string) string {
		u, err := url.Parse(real)
		if err != nil {
			t.Fatal(err)
		}
		p.target.Store(u)
		return srv.URL
	}
}

func keyHex(k *ecdsa.PrivateKey) string {
	return "0x" + hex.EncodeToString(crypto.FromECDSA(k))
}

func run(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v", cmd.Path, err)
	}
}
