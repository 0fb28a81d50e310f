// Package web serves StreamGate's web app (the studio, the watch pages and
// the embeddable player) from assets built out of web/ by `make generate`
// and embedded in the binary, so `go build` needs no Node.
package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed all:dist
var dist embed.FS

// Config shapes what the web app may load and who may frame it.
type Config struct {
	// Enabled serves the app; off, the server is API-only.
	Enabled bool
	// ConnectSrc are origins the pages may call besides their own (the
	// object store that takes upload parts, another API server).
	ConnectSrc []string
	// FrameAncestors may frame the app's pages ("'self'" by default).
	FrameAncestors []string
	// EmbedFrameAncestors may frame /embed/{id} ("*" by default).
	EmbedFrameAncestors []string
	// CSP replaces the whole Content-Security-Policy of the pages except
	// frame-ancestors, when set.
	CSP string
}

// DefaultConfig serves the app, framable anywhere only as an embed.
func DefaultConfig() Config {
	return Config{
		Enabled:             true,
		FrameAncestors:      []string{"'self'"},
		EmbedFrameAncestors: []string{"*"},
	}
}

// Validate reports settings that would produce a broken policy.
func (c Config) Validate() error {
	var errs []error
	for _, list := range [][]string{c.ConnectSrc, c.FrameAncestors, c.EmbedFrameAncestors} {
		for _, s := range list {
			if s == "" || strings.ContainsAny(s, ";,\r\n ") {
				errs = append(errs, fmt.Errorf("web: %q is not one CSP source", s))
			}
		}
	}
	if strings.Contains(strings.ToLower(c.CSP), "frame-ancestors") {
		errs = append(errs, errors.New("web: set frame-ancestors with its own flags, not in the CSP"))
	}
	if c.Enabled && len(c.FrameAncestors) == 0 {
		errs = append(errs, errors.New("web: frame-ancestors is empty (use 'none' to forbid framing)"))
	}
	if c.Enabled && len(c.EmbedFrameAncestors) == 0 {
		errs = append(errs, errors.New("web: embed frame-ancestors is empty (use 'none' to forbid framing)"))
	}
	return errors.Join(errs...)
}

// policy is the CSP of a page: scripts only from this origin (WebAssembly
// allowed for the SDK's hashing), media and workers from blobs (hls.js
// feeds MediaSource from blob URLs), media also from data: (hls.js gives
// each subtitle <track> an empty "data:,WEBVTT" source, for Chrome's
// captions menu), calls to this origin and ConnectSrc.
func (c Config) policy(ancestors []string) string {
	base := c.CSP
	if base == "" {
		base = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
			"img-src 'self' data: blob:; media-src 'self' blob: data:; worker-src 'self' blob:; " +
			"connect-src " + strings.Join(append([]string{"'self'"}, c.ConnectSrc...), " ") + "; " +
			"object-src 'none'; base-uri 'none'; form-action 'self'"
	}
	return strings.TrimRight(base, "; ") + "; frame-ancestors " + strings.Join(ancestors, " ")
}

// Register mounts the app's routes on mux.
func Register(mux *http.ServeMux, cfg Config) error {
	root, err := fs.Sub(dist, "dist")
	if err != nil {
		return err
	}
	index, err := fs.ReadFile(root, "index.html")
	if err != nil {
		return fmt.Errorf("web: the embedded app has no index.html (run make generate): %w", err)
	}
	player, err := fs.ReadFile(root, "embed/player.js")
	if err != nil {
		return fmt.Errorf("web: the embedded app has no embed/player.js (run make generate): %w", err)
	}
	page := servePage(index, cfg.policy(cfg.FrameAncestors))
	for _, p := range []string{"GET /{$}", "GET /v/{id}", "GET /studio", "GET /studio/{rest...}"} {
		mux.Handle(p, page)
	}
	mux.Handle("GET /embed/{id}", servePage(index, cfg.policy(cfg.EmbedFrameAncestors)))
	mux.Handle("GET /embed/player.js", servePlayer(player))
	assets, err := fs.Sub(root, "assets")
	if err != nil {
		return err
	}
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", immutable(http.FileServerFS(assets))))
	return nil
}

// servePage answers the one HTML page of the app; the script routes.
// It is revalidated on every load so a new release shows at once.
func servePage(index []byte, csp string) http.Handler {
	mod := time.Now()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "index.html", mod, bytes.NewReader(index))
	})
}

// servePlayer answers the embed script, which pages of any origin load;
// its name is stable, so it is cached briefly, not forever.
func servePlayer(js []byte) http.Handler {
	mod := time.Now()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		h.Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "player.js", mod, bytes.NewReader(js))
	})
}

// immutable marks content-hashed assets cacheable for a year.
func immutable(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no directory listings
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}
