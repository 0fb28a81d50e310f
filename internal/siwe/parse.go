package siwe

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Parse reads text as an EIP-4361 message. Every error wraps ErrMalformed.
func Parse(text string) (*Message, error) {
	if len(text) > MaxMessageBytes {
		return nil, malformed("message is %d bytes, over %d", len(text), MaxMessageBytes)
	}
	p := &parser{lines: strings.Split(text, "\n")}
	m := &Message{}
	steps := []func(*Message) error{p.origin, p.address, p.statement, p.fields, p.optional, p.resources}
	for _, step := range steps {
		if err := step(m); err != nil {
			return nil, err
		}
	}
	if p.i != len(p.lines) {
		return nil, malformed("unexpected line %d %q", p.i+1, clip(p.lines[p.i]))
	}
	return m, nil
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}

type parser struct {
	lines []string
	i     int
}

// next returns the next line, or false at the end.
func (p *parser) next() (string, bool) {
	if p.i >= len(p.lines) {
		return "", false
	}
	p.i++
	return p.lines[p.i-1], true
}

func (p *parser) peek() (string, bool) {
	if p.i >= len(p.lines) {
		return "", false
	}
	return p.lines[p.i], true
}

// field reads the line "<name>: <value>".
func (p *parser) field(name string) (string, error) {
	line, ok := p.next()
	if !ok {
		return "", malformed("missing %q line", name)
	}
	v, found := strings.CutPrefix(line, name+": ")
	if !found {
		return "", malformed("line %d: want %q, got %q", p.i, name+": ...", clip(line))
	}
	return v, nil
}

func (p *parser) origin(m *Message) error {
	line, _ := p.next()
	origin, ok := strings.CutSuffix(line, header)
	if !ok {
		return malformed("first line must end with %q", header)
	}
	if scheme, rest, ok := strings.Cut(origin, "://"); ok {
		if !isScheme(scheme) {
			return malformed("bad scheme %q", clip(scheme))
		}
		m.Scheme, origin = scheme, rest
	}
	if origin == "" || !isAuthority(origin) {
		return malformed("bad domain %q", clip(origin))
	}
	m.Domain = origin
	return nil
}

func (p *parser) address(m *Message) error {
	line, ok := p.next()
	if !ok || len(line) != 42 || !strings.HasPrefix(line, "0x") || !hexSet.all(line[2:]) {
		return malformed("line 2 must be a 0x-prefixed 40-digit hex address")
	}
	if common.HexToAddress(line).Hex() != line {
		return malformed("address %s is not EIP-55 checksummed", line)
	}
	m.Address = line
	return nil
}

// statement reads the blank line, the optional statement and its blank
// line: "\n\n[statement\n]\nURI".
func (p *parser) statement(m *Message) error {
	if line, ok := p.next(); !ok || line != "" {
		return malformed("line 3 must be empty")
	}
	line, ok := p.next()
	if !ok {
		return malformed("message ends after the address")
	}
	if line == "" {
		if next, _ := p.peek(); strings.HasPrefix(next, "URI: ") {
			return nil // no statement
		}
	}
	if len(line) > MaxStatement || !statementSet.all(line) {
		return malformed("statement must be at most %d characters of RFC 3986 reserved, unreserved or space", MaxStatement)
	}
	if blank, ok := p.next(); !ok || blank != "" {
		return malformed("statement must be followed by an empty line")
	}
	m.Statement = &line
	return nil
}

func (p *parser) fields(m *Message) error {
	var err error
	if m.URI, err = p.field("URI"); err != nil {
		return err
	}
	if !isURI(m.URI) {
		return malformed("URI %q is not an RFC 3986 URI", clip(m.URI))
	}
	if m.Version, err = p.field("Version"); err != nil {
		return err
	}
	if m.Version != "1" {
		return malformed("version %q: only 1 exists", clip(m.Version))
	}
	chain, err := p.field("Chain ID")
	if err != nil {
		return err
	}
	if m.ChainID, err = parseChainID(chain); err != nil {
		return err
	}
	if m.Nonce, err = p.field("Nonce"); err != nil {
		return err
	}
	if len(m.Nonce) < MinNonce || len(m.Nonce) > MaxNonce || !alnumSet.all(m.Nonce) {
		return malformed("nonce must be %d to %d letters or digits", MinNonce, MaxNonce)
	}
	issued, err := p.field("Issued At")
	if err != nil {
		return err
	}
	m.IssuedAt, err = parseTime("Issued At", issued)
	return err
}

func (p *parser) optional(m *Message) error {
	var err error
	if v, ok := p.optionalField("Expiration Time"); ok {
		if m.ExpirationTime, err = parseTime("Expiration Time", v); err != nil {
			return err
		}
	}
	if v, ok := p.optionalField("Not Before"); ok {
		if m.NotBefore, err = parseTime("Not Before", v); err != nil {
			return err
		}
	}
	if v, ok := p.optionalField("Request ID"); ok {
		if !pcharSet.all(v) || !pctOK(v) {
			return malformed("request id %q is not RFC 3986 pchars", clip(v))
		}
		m.RequestID = &v
	}
	return nil
}

func (p *parser) optionalField(name string) (string, bool) {
	line, ok := p.peek()
	if !ok {
		return "", false
	}
	v, found := strings.CutPrefix(line, name+": ")
	if found {
		p.i++
	}
	return v, found
}

func (p *parser) resources(m *Message) error {
	if line, ok := p.peek(); !ok || line != "Resources:" {
		return nil
	}
	p.i++
	m.Resources = []string{}
	for {
		line, ok := p.peek()
		if !ok {
			return nil
		}
		r, found := strings.CutPrefix(line, "- ")
		if !found {
			return malformed("line %d: want \"- <uri>\" in Resources", p.i+1)
		}
		if !isURI(r) {
			return malformed("resource %q is not an RFC 3986 URI", clip(r))
		}
		if len(m.Resources) == MaxResources {
			return malformed("more than %d resources", MaxResources)
		}
		m.Resources = append(m.Resources, r)
		p.i++
	}
}

func parseChainID(s string) (uint64, error) {
	if s == "" || !digitSet.all(s) || (len(s) > 1 && s[0] == '0') {
		return 0, malformed("chain id %q must be digits without leading zeros", clip(s))
	}
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, malformed("chain id %q is out of range", clip(s))
	}
	return id, nil
}

// parseTime accepts an RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM).
func parseTime(name, s string) (Timestamp, error) {
	bad := func() (Timestamp, error) {
		return Timestamp{}, malformed("%s %q is not an RFC 3339 date-time", name, clip(s))
	}
	if len(s) < 20 || len(s) > 40 || !shape(s[:19], "dddd-dd-ddTdd:dd:dd") {
		return bad()
	}
	rest := s[19:]
	if strings.HasPrefix(rest, ".") {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 {
			return bad()
		}
		rest = rest[n:]
	}
	if rest != "Z" && !(len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && shape(rest[1:], "dd:dd")) {
		return bad()
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return bad()
	}
	return Timestamp{Time: t, Text: s}, nil
}

// shape matches s against a pattern where 'd' is a digit and anything else
// is itself.
func shape(s, pattern string) bool {
	if len(s) != len(pattern) {
		return false
	}
	for i := range len(s) {
		if pattern[i] == 'd' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if s[i] != pattern[i] {
			return false
		}
	}
	return true
}

func isScheme(s string) bool {
	if s == "" || !alphaSet.has(s[0]) {
		return false
	}
	return schemeSet.all(s)
}

// pctOK reports whether every "%" starts a two-hex-digit escape.
func pctOK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !hexSet.has(s[i+1]) || !hexSet.has(s[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
