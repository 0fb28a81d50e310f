package main

import (
	"flag"
	"strings"

	"github.com/streamgate/streamgate/server/web"
)

// webFlags registers the web app's flags; their defaults are c's.
func webFlags(fs *flag.FlagSet, c *web.Config) {
	fs.BoolVar(&c.Enabled, "web", c.Enabled, "serve the web app (studio, watch pages, /embed/player.js) at /; false for API-only")
	list := func(dst *[]string) func(string) error {
		return func(v string) error {
			*dst = strings.Fields(strings.ReplaceAll(v, ",", " "))
			return nil
		}
	}
	fs.Func("web-connect-src", "more origins the pages may call, space- or comma-separated (the S3 endpoint is added by itself)", list(&c.ConnectSrc))
	fs.Func("web-frame-ancestors", "CSP frame-ancestors of the app's pages (default 'self')", list(&c.FrameAncestors))
	fs.Func("web-embed-frame-ancestors", "CSP frame-ancestors of /embed/{id}, the iframe player (default *: any site)", list(&c.EmbedFrameAncestors))
	fs.StringVar(&c.CSP, "web-csp", "", "replace the pages' Content-Security-Policy (frame-ancestors is still added from its flags)")
}

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
