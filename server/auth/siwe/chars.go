package siwe

import "strings"

// Character classes of RFC 3986 and the EIP-4361 ABNF.
const (
	alphaChars      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digitChars      = "0123456789"
	hexChars        = digitChars + "abcdefABCDEF"
	alnumChars      = alphaChars + digitChars
	unreservedChars = alnumChars + "-._~"
	genDelimChars   = ":/?#[]@"
	subDelimChars   = "!$&'()*+,;="
	schemeChars     = alnumChars + "+-."
	// authority = [ userinfo "@" ] host [ ":" port ], host may be an IP literal.
	authorityChars = unreservedChars + subDelimChars + "%:@[]"
	pchars         = unreservedChars + subDelimChars + "%:@"
	uriChars       = unreservedChars + genDelimChars + subDelimChars + "%"
	// statement = *( reserved / unreserved / " " )
	statementChars = unreservedChars + genDelimChars + subDelimChars + " "
)

func in(c byte, set string) bool { return strings.IndexByte(set, c) >= 0 }

func isAlpha(c byte) bool { return in(c, alphaChars) }

func allIn(s, set string) bool {
	for i := range len(s) {
		if !in(s[i], set) {
			return false
		}
	}
	return true
}
