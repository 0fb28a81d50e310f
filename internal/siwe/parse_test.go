package siwe_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/internal/siwe"
)

// full is the EIP-4361 example with every optional field.
const full = `https://example.com wants you to sign in with your Ethereum account:
0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

I accept the ExampleOrg Terms of Service: https://example.com/tos

URI: https://example.com/login
Version: 1
Chain ID: 1
Nonce: 32891756
Issued At: 2021-09-30T16:25:24Z
Expiration Time: 2021-10-30T16:25:24.000Z
Not Before: 2021-09-30T16:25:24+02:00
Request ID: req-1:@x
Resources:
- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
- https://example.com/my-web2-claim.json`

// minimal has no scheme, no statement and no optional field.
const minimal = `127.0.0.1:8080 wants you to sign in with your Ethereum account:
0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2


URI: http://127.0.0.1:8080
Version: 1
Chain ID: 31337
Nonce: abcdefgh12345678
Issued At: 2026-11-25T19:00:00.000Z`

func TestParseFull(t *testing.T) {
	t.Parallel()
	m, err := siwe.Parse(full)
	if err != nil {
		t.Fatal(err)
	}
	if m.Scheme != "https" || m.Domain != "example.com" || m.ChainID != 1 || m.Nonce != "32891756" ||
		m.Statement == nil || *m.Statement != "I accept the ExampleOrg Terms of Service: https://example.com/tos" ||
		m.RequestID == nil || *m.RequestID != "req-1:@x" || len(m.Resources) != 2 {
		t.Fatalf("parsed %+v", m)
	}
	if !m.NotBefore.Time.Equal(time.Date(2021, 9, 30, 14, 25, 24, 0, time.UTC)) {
		t.Errorf("not before %v", m.NotBefore.Time)
	}
	if m.String() != full {
		t.Fatalf("round trip:\n%s", m.String())
	}
}

func TestParseMinimal(t *testing.T) {
	t.Parallel()
	m, err := siwe.Parse(minimal)
	if err != nil {
		t.Fatal(err)
	}
	if m.Scheme != "" || m.Statement != nil || m.Resources != nil || !m.ExpirationTime.IsZero() || m.String() != minimal {
		t.Fatalf("parsed %+v\n%s", m, m.String())
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	replace := func(old, new string) string { return strings.Replace(full, old, new, 1) }
	for name, text := range map[string]string{
		"empty":               "",
		"no header":           strings.SplitN(full, "\n", 2)[1],
		"bad scheme":          replace("https://", "1http://"),
		"space in domain":     replace("example.com wants", "exa mple.com wants"),
		"empty domain":        replace("https://example.com wants", "https:// wants"),
		"lowercase address":   replace("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2"),
		"bad checksum":        replace("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "0xC02AAA39b223FE8D0A0e5C4F27eAD9083C756Cc2"),
		"short address":       replace("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756C"),
		"statement newline":   replace("Terms of Service:", "Terms\nof Service:"),
		"statement quote":     replace("Terms of", "\"Terms\" of"),
		"statement non-ascii": replace("Terms", "Térms"),
		"missing blank":       replace("/tos\n\nURI", "/tos\nURI"),
		"version 2":           replace("Version: 1", "Version: 2"),
		"chain id leading 0":  replace("Chain ID: 1", "Chain ID: 01"),
		"chain id overflow":   replace("Chain ID: 1", "Chain ID: 18446744073709551616"),
		"chain id negative":   replace("Chain ID: 1", "Chain ID: -1"),
		"short nonce":         replace("Nonce: 32891756", "Nonce: 3289175"),
		"nonce symbol":        replace("Nonce: 32891756", "Nonce: 3289175!"),
		"bad issued at":       replace("Issued At: 2021-09-30T16:25:24Z", "Issued At: 2021-09-30 16:25:24Z"),
		"no offset":           replace("Issued At: 2021-09-30T16:25:24Z", "Issued At: 2021-09-30T16:25:24"),
		"month 13":            replace("Issued At: 2021-09-30T16:25:24Z", "Issued At: 2021-13-30T16:25:24Z"),
		"empty fraction":      replace("16:25:24.000Z", "16:25:24.Z"),
		"fields out of order": replace("Version: 1\nChain ID: 1", "Chain ID: 1\nVersion: 1"),
		"optional reordered":  replace("Not Before: 2021-09-30T16:25:24+02:00\nRequest ID: req-1:@x", "Request ID: req-1:@x\nNot Before: 2021-09-30T16:25:24+02:00"),
		"uri without scheme":  replace("URI: https://example.com/login", "URI: example.com/login"),
		"uri with space":      replace("URI: https://example.com/login", "URI: https://example.com/log in"),
		"bad percent":         replace("URI: https://example.com/login", "URI: https://example.com/%zz"),
		"bad resource":        replace("- https://example.com/my-web2-claim.json", "- not a uri"),
		"resource no dash":    replace("- https://example.com/my-web2-claim.json", "https://example.com/my-web2-claim.json"),
		"trailing newline":    full + "\n",
		"crlf":                strings.ReplaceAll(full, "\n", "\r\n"),
		"trailing junk":       minimal + "\nHello: world",
		"too long":            replace("Request ID: req-1:@x", "Request ID: "+strings.Repeat("a", siwe.MaxMessageBytes)),
		"too many resources":  full + strings.Repeat("\n- https://x.example/", siwe.MaxResources),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if m, err := siwe.Parse(text); !errors.Is(err, siwe.ErrMalformed) {
				t.Fatalf("got %+v, %v; want ErrMalformed", m, err)
			}
		})
	}
}

func TestRenderParse(t *testing.T) {
	t.Parallel()
	stmt := ""
	m := &siwe.Message{
		Domain: "127.0.0.1:8080", Address: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", Statement: &stmt,
		URI: "http://127.0.0.1:8080", Version: "1", ChainID: 31337, Nonce: "abcdefgh12345678",
		IssuedAt: siwe.At(time.Now()), Resources: []string{},
	}
	back, err := siwe.Parse(m.String())
	if err != nil {
		t.Fatal(err)
	}
	if back.String() != m.String() || back.Statement == nil || back.Resources == nil {
		t.Fatalf("render/parse lost something:\n%s\n---\n%s", m, back)
	}
}

// FuzzParse checks that Parse never panics and that whatever it accepts
// renders back to the identical text.
func FuzzParse(f *testing.F) {
	f.Add(full)
	f.Add(minimal)
	f.Fuzz(func(t *testing.T, text string) {
		m, err := siwe.Parse(text)
		if err != nil {
			if !errors.Is(err, siwe.ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if got := m.String(); got != text {
			t.Fatalf("round trip changed the text:\n%q\n%q", text, got)
		}
	})
}

// withOrigin puts domain (with its scheme, if any) and uri into minimal.
func withOrigin(domain, uri string) string {
	text := strings.Replace(minimal, "127.0.0.1:8080 wants", domain+" wants", 1)
	return strings.Replace(text, "URI: http://127.0.0.1:8080", "URI: "+uri, 1)
}

// TestParseRFC3986 checks domains against the RFC 3986 authority grammar
// and URIs and resources against the URI grammar, both ways: what the
// grammar allows parses and renders back byte for byte, what it does not
// is ErrMalformed (net/url alone would accept several of these).
func TestParseRFC3986(t *testing.T) {
	t.Parallel()
	const uri = "http://127.0.0.1:8080"
	good := map[string]string{
		"userinfo":          withOrigin("user:pa%20ss@example.com:443", uri),
		"empty userinfo":    withOrigin("@example.com", uri),
		"empty port":        withOrigin("example.com:", uri),
		"ipv4":              withOrigin("10.0.0.1:80", uri),
		"ipv6":              withOrigin("[2001:db8::7]:8080", uri),
		"ipv6 full":         withOrigin("[2001:0db8:0000:0000:0000:ff00:0042:8329]", uri),
		"ipv6 v4 tail":      withOrigin("[::ffff:192.0.2.128]", uri),
		"ipv6 loopback":     withOrigin("https://[::1]", uri),
		"ipvfuture":         withOrigin("[v1.fe80::a+en1]:1", uri),
		"pct reg-name":      withOrigin("ex%41mple.com", uri),
		"sub-delims":        withOrigin("a!$&'()*+,;=b.example", uri),
		"uri fragment":      withOrigin("example.com", "https://example.com/p?q=1/2?#frag/x?y"),
		"uri ipv6":          withOrigin("example.com", "http://[::1]:8080/a"),
		"uri no authority":  withOrigin("example.com", "urn:ietf:rfc:3986"),
		"uri empty host":    withOrigin("example.com", "file:///etc/hosts"),
		"uri pct in host":   withOrigin("example.com", "https://ex%41mple.com/"),
		"uri at in path":    withOrigin("example.com", "mailto:me@example.com"),
		"resource fragment": minimal + "\nResources:\n- ipfs://bafy/x#y\n- did:pkh:eip155:1:0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
	}
	for name, text := range good {
		t.Run("good/"+name, func(t *testing.T) {
			t.Parallel()
			m, err := siwe.Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			if m.String() != text {
				t.Fatalf("round trip:\n%s", m.String())
			}
		})
	}
	bad := map[string]string{
		"double at":             withOrigin("@@example.com", uri),
		"open bracket":          withOrigin("[", uri),
		"bracket in userinfo":   withOrigin("]@example.com", uri),
		"bracket in reg-name":   withOrigin("exa[mple.com", uri),
		"unclosed ip-literal":   withOrigin("[::1", uri),
		"empty ip-literal":      withOrigin("[]", uri),
		"ipv4 in brackets":      withOrigin("[127.0.0.1]", uri),
		"ipv6 zone":             withOrigin("[fe80::1%25en0]", uri),
		"ipv6 five hex":         withOrigin("[2001:db8::12345]", uri),
		"ipv6 two elisions":     withOrigin("[1::2::3]", uri),
		"ipv6 leading zero v4":  withOrigin("[::ffff:192.0.2.01]", uri),
		"ipvfuture no version":  withOrigin("[v.abc]", uri),
		"ipvfuture no address":  withOrigin("[v1.]", uri),
		"ipvfuture bad char":    withOrigin("[v1.a/b]", uri),
		"junk after literal":    withOrigin("[::1]x", uri),
		"letters in port":       withOrigin("example.com:80a", uri),
		"two ports":             withOrigin("example.com:80:81", uri),
		"bad pct in domain":     withOrigin("ex%4mple.com", uri),
		"slash in domain":       withOrigin("example.com/x", uri),
		"uri two fragments":     withOrigin("example.com", "https://example.com/#a#b"),
		"uri bracket in path":   withOrigin("example.com", "https://example.com/a[b]"),
		"uri bracket in query":  withOrigin("example.com", "https://example.com/?a=[1]"),
		"uri double at":         withOrigin("example.com", "https://@@example.com/"),
		"uri open bracket host": withOrigin("example.com", "https://[/"),
		"uri bad port":          withOrigin("example.com", "https://example.com:x/"),
		"uri empty scheme":      withOrigin("example.com", ":x"),
		"resource bracket":      minimal + "\nResources:\n- https://example.com/[x]",
		"resource two hashes":   minimal + "\nResources:\n- https://example.com/#x#y",
	}
	for name, text := range bad {
		t.Run("bad/"+name, func(t *testing.T) {
			t.Parallel()
			if m, err := siwe.Parse(text); !errors.Is(err, siwe.ErrMalformed) {
				t.Fatalf("got %+v, %v; want ErrMalformed", m, err)
			}
		})
	}
}
