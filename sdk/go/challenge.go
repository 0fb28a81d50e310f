package streamgate

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/streamgate/streamgate/internal/siwe"
)

// ErrForeignChallenge is returned by SignIn, before anything is signed,
// when the server's challenge is not a sign-in to that server by the
// signer on the chain asked for: a hostile server (or anyone on a
// plain-http path) relaying another site's challenge to get the wallet's
// session there.
var ErrForeignChallenge = errors.New("refusing to sign the challenge")

// checkChallenge does what a wallet does before it signs an EIP-4361
// message: the message must parse, name the origin the client is talking
// to (scheme and host[:port], as domain and as the origin of the URI),
// the signer's address and the chain id requested.
func checkChallenge(text, origin, address string, chainID uint64) error {
	m, err := siwe.Parse(text)
	if err != nil {
		return fmt.Errorf("%w: not a sign-in message: %w", ErrForeignChallenge, err)
	}
	want, err := url.Parse(origin)
	if err != nil || want.Host == "" {
		return fmt.Errorf("%w: cannot tell this client's origin from %q", ErrForeignChallenge, origin)
	}
	scheme := m.Scheme
	if scheme == "" {
		scheme = "https" // EIP-4361: an absent scheme means HTTPS
	}
	uri, err := url.Parse(m.URI)
	switch {
	case !strings.EqualFold(scheme, want.Scheme) || !sameHost(m.Domain, want):
		return fmt.Errorf("%w: it signs in to %s://%s, but this client called %s", ErrForeignChallenge, scheme, m.Domain, origin)
	case err != nil || !strings.EqualFold(uri.Scheme, want.Scheme) || !sameHost(uri.Host, want):
		return fmt.Errorf("%w: its URI %s is not on %s", ErrForeignChallenge, m.URI, origin)
	case !strings.EqualFold(m.Address, address):
		return fmt.Errorf("%w: it is for address %s, not the signer's %s", ErrForeignChallenge, m.Address, address)
	case m.ChainID != chainID:
		return fmt.Errorf("%w: it is for chain %d, not the %d asked for", ErrForeignChallenge, m.ChainID, chainID)
	}
	return nil
}

// sameHost compares an authority (host[:port], no userinfo) with the
// host of want, a missing port meaning the scheme's default.
func sameHost(authority string, want *url.URL) bool {
	if strings.Contains(authority, "@") {
		return false // a userinfo can make a domain read like another
	}
	norm := func(hostport, scheme string) string {
		host, port, err := net.SplitHostPort(hostport)
		if err != nil {
			host, port = strings.Trim(hostport, "[]"), ""
		}
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(scheme)]
		}
		return strings.ToLower(host) + ":" + port
	}
	return norm(authority, want.Scheme) == norm(want.Host, want.Scheme)
}
