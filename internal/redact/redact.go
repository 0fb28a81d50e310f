// Package redact takes secrets out of text that may reach a client: the
// query strings (presigned signatures, tokens) and userinfo of URLs that
// errors quote, as Go's *url.Error does.
package redact

import (
	"regexp"
	"strings"
)

// urlPattern finds absolute URLs as error texts print them: bare, or in
// quotes, ending at white space, a quote or an angle bracket.
var urlPattern = regexp.MustCompile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>`]*")

// Redacted replaces a URL's query and fragment, and its userinfo.
const Redacted = "REDACTED"

// URLs returns s with every URL's userinfo, query and fragment replaced
// by REDACTED; the scheme, host and path stay, so the error still says
// what failed where.
func URLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	return urlPattern.ReplaceAllStringFunc(s, url)
}

func url(u string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	tail := ""
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest, tail = rest[:i], rest[i:i+1]+Redacted
	}
	host, path, hasPath := strings.Cut(rest, "/")
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = Redacted + "@" + host[at+1:]
	}
	if hasPath {
		host += "/" + path
	}
	return scheme + "://" + host + tail
}
