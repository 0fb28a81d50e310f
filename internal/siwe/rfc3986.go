package siwe

import (
	"net/netip"
	"strings"
)

// The RFC 3986 grammar, checked rule by rule rather than with net/url,
// which accepts what the grammar does not ("#" in a fragment, "[" in a
// path, "@@" in an authority) and rejects what it allows ("%41" in a
// reg-name). Each function reports whether all of s matches its rule.

// isAuthority matches authority = [ userinfo "@" ] host [ ":" port ].
func isAuthority(s string) bool {
	if at := strings.IndexByte(s, '@'); at >= 0 {
		// userinfo has no "@", so the first one ends it.
		if !isUserinfo(s[:at]) {
			return false
		}
		s = s[at+1:]
	}
	host, port := s, ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return false
		}
		host, port = s[:end+1], s[end+1:]
		if port != "" && port[0] != ':' {
			return false
		}
		if !isIPLiteral(host) {
			return false
		}
	} else if colon := strings.IndexByte(s, ':'); colon >= 0 {
		// reg-name and IPv4address have no ":", so the first one starts the port.
		host, port = s[:colon], s[colon:]
		if !isRegName(host) {
			return false
		}
	} else if !isRegName(host) {
		return false
	}
	// IPv4address is a subset of reg-name: no separate rule is needed.
	return port == "" || digitSet.all(port[1:])
}

// isUserinfo matches userinfo = *( unreserved / pct-encoded / sub-delims / ":" ).
func isUserinfo(s string) bool { return userinfoSet.all(s) && pctOK(s) }

// isRegName matches reg-name = *( unreserved / pct-encoded / sub-delims ).
func isRegName(s string) bool { return regNameSet.all(s) && pctOK(s) }

// isIPLiteral matches IP-literal = "[" ( IPv6address / IPvFuture ) "]".
func isIPLiteral(s string) bool {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	s = s[1 : len(s)-1]
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		return isIPvFuture(s)
	}
	return isIPv6(s)
}

// isIPvFuture matches IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
func isIPvFuture(s string) bool {
	ver, rest, ok := strings.Cut(s[1:], ".")
	return ok && ver != "" && hexSet.all(ver) && rest != "" && futureSet.all(rest)
}

// isIPv6 matches IPv6address: hex groups of at most four digits, "::"
// at most once, an IPv4address (without leading zeros) as the last 32
// bits, and no zone. netip implements exactly these forms once the
// characters are restricted (it would also take a zone after "%").
func isIPv6(s string) bool {
	if !ipv6Set.all(s) {
		return false
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6()
}

// isURI matches URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ].
func isURI(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || !isScheme(scheme) {
		return false
	}
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		if !isQuery(rest[i+1:]) { // fragment has query's grammar
			return false
		}
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		if !isQuery(rest[i+1:]) {
			return false
		}
		rest = rest[:i]
	}
	return isHierPart(rest)
}

// isHierPart matches hier-part = "//" authority path-abempty /
// path-absolute / path-rootless / path-empty. Without an authority, a
// path cannot start with "//", which the first branch already takes.
func isHierPart(s string) bool {
	if auth, ok := strings.CutPrefix(s, "//"); ok {
		path := ""
		if i := strings.IndexByte(auth, '/'); i >= 0 {
			auth, path = auth[:i], auth[i:]
		}
		return isAuthority(auth) && isPath(path)
	}
	return isPath(s)
}

// isPath matches a sequence of "/"-separated segments of pchar.
func isPath(s string) bool { return pathSet.all(s) && pctOK(s) }

// isQuery matches query = fragment = *( pchar / "/" / "?" ).
func isQuery(s string) bool { return querySet.all(s) && pctOK(s) }
