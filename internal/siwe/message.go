// Package siwe parses and renders Sign-In with Ethereum messages
// (EIP-4361) by the standard's ABNF. Parsing is strict and total: any
// input either yields a Message or an error wrapping ErrMalformed, never a
// panic, and a parsed Message renders back to exactly the parsed text, so
// the bytes a wallet signed are the bytes the server checks.
package siwe

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrMalformed wraps every reason a text is not an EIP-4361 message.
var ErrMalformed = errors.New("malformed sign-in message")

// Size bounds on untrusted messages, beyond what the ABNF says.
const (
	MaxMessageBytes = 4096
	MaxStatement    = 1024
	MaxResources    = 32
	MinNonce        = 8
	MaxNonce        = 128
)

// Message is one EIP-4361 message. Optional fields are nil (or the zero
// Timestamp) when absent.
type Message struct {
	// Scheme is the URI scheme of the origin ("https"), or "" when absent.
	Scheme string
	// Domain is the RFC 3986 authority requesting the sign-in.
	Domain string
	// Address is the EIP-55 checksummed signing address.
	Address string
	// Statement is the human-readable assertion, when present.
	Statement *string
	// URI is the RFC 3986 URI the sign-in is for.
	URI string
	// Version is always "1".
	Version string
	// ChainID is the EIP-155 chain id.
	ChainID uint64
	// Nonce is at least 8 alphanumeric characters.
	Nonce string
	// IssuedAt is when the message was made.
	IssuedAt Timestamp
	// ExpirationTime, when set, is when the message stops being valid.
	ExpirationTime Timestamp
	// NotBefore, when set, is when the message becomes valid.
	NotBefore Timestamp
	// RequestID is a system-specific id, when present.
	RequestID *string
	// Resources are URIs the user wishes to have resolved; nil when the
	// Resources section is absent.
	Resources []string
}

// Timestamp is an RFC 3339 date-time with the text it was written as, so
// a parsed message renders back byte for byte.
type Timestamp struct {
	Time time.Time
	Text string
}

// IsZero reports whether the timestamp is absent.
func (t Timestamp) IsZero() bool { return t.Text == "" }

// At returns the timestamp of tm, in UTC to the millisecond, as
// JavaScript's toISOString writes it.
func At(tm time.Time) Timestamp {
	tm = tm.UTC().Truncate(time.Millisecond)
	return Timestamp{Time: tm, Text: tm.Format("2006-01-02T15:04:05.000Z07:00")}
}

const header = " wants you to sign in with your Ethereum account:"

// String renders the message as its EIP-4361 text.
func (m *Message) String() string {
	var b strings.Builder
	if m.Scheme != "" {
		b.WriteString(m.Scheme + "://")
	}
	b.WriteString(m.Domain + header + "\n" + m.Address + "\n\n")
	if m.Statement != nil {
		b.WriteString(*m.Statement + "\n")
	}
	b.WriteString("\nURI: " + m.URI)
	b.WriteString("\nVersion: " + m.Version)
	b.WriteString("\nChain ID: " + strconv.FormatUint(m.ChainID, 10))
	b.WriteString("\nNonce: " + m.Nonce)
	b.WriteString("\nIssued At: " + m.IssuedAt.Text)
	if !m.ExpirationTime.IsZero() {
		b.WriteString("\nExpiration Time: " + m.ExpirationTime.Text)
	}
	if !m.NotBefore.IsZero() {
		b.WriteString("\nNot Before: " + m.NotBefore.Text)
	}
	if m.RequestID != nil {
		b.WriteString("\nRequest ID: " + *m.RequestID)
	}
	if m.Resources != nil {
		b.WriteString("\nResources:")
		for _, r := range m.Resources {
			b.WriteString("\n- " + r)
		}
	}
	return b.String()
}
