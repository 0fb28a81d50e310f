package main

import (
	"flag"
	"strings"

	"github.com/streamgate/streamgate/server/web"
)

// webFlags registers the web app's flags; their defaults are c's.
func webFlags(fs *flag.FlagSet, c *web.Config) {
	fs.BoolVar(&c.Enabled, "web", c.Enabled, "serve the web app (studio, watch pages, /embed/player.js) at /; false for API-only")
	fs.Var(parsed(&c.ConnectSrc, cspSources, joinSources), "web-connect-src", "more origins the pages may call, space- or comma-separated (the S3 endpoint is added by itself)")
	fs.Var(parsed(&c.FrameAncestors, cspSources, joinSources), "web-frame-ancestors", "CSP frame-ancestors of the app's pages")
	fs.Var(parsed(&c.EmbedFrameAncestors, cspSources, joinSources), "web-embed-frame-ancestors", "CSP frame-ancestors of /embed/{id}, the iframe player (* is any site)")
	fs.StringVar(&c.CSP, "web-csp", c.CSP, "replace the pages' Content-Security-Policy (frame-ancestors is still added from its flags)")
}

// cspSources reads a space- or comma-separated list of CSP sources.
func cspSources(v string) ([]string, error) {
	return strings.Fields(strings.ReplaceAll(v, ",", " ")), nil
}

func joinSources(s []string) string { return strings.Join(s, ",") }

// webConfig adds the object store's origin to what pages may call, since
// browsers PUT upload parts straight to it.
func (c *Config) webConfig() web.Config {
	w := c.Web
	scheme := "http://"
	if c.S3Secure {
		scheme = "https://"
	}
	w.ConnectSrc = append([]string{scheme + c.S3Endpoint}, w.ConnectSrc...)
	return w
}
