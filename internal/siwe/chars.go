package siwe

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
	regNameChars    = unreservedChars + subDelimChars + "%"
	userinfoChars   = regNameChars + ":"
	futureChars     = unreservedChars + subDelimChars + ":"
	ipv6Chars       = hexChars + ":."
	pchars          = unreservedChars + subDelimChars + "%:@"
	pathChars       = pchars + "/"
	queryChars      = pchars + "/?"
	// statement = *( reserved / unreserved / " " )
	statementChars = unreservedChars + genDelimChars + subDelimChars + " "
)

// charSet is a character class as a lookup table: the parser tests every
// byte of every line against one.
type charSet [256]bool

func newSet(chars string) *charSet {
	var s charSet
	for i := range len(chars) {
		s[chars[i]] = true
	}
	return &s
}

func (s *charSet) has(c byte) bool { return s[c] }

// all reports whether every byte of str is in the class.
func (s *charSet) all(str string) bool {
	for i := range len(str) {
		if !s[str[i]] {
			return false
		}
	}
	return true
}

var (
	alphaSet     = newSet(alphaChars)
	digitSet     = newSet(digitChars)
	hexSet       = newSet(hexChars)
	alnumSet     = newSet(alnumChars)
	schemeSet    = newSet(schemeChars)
	regNameSet   = newSet(regNameChars)
	userinfoSet  = newSet(userinfoChars)
	futureSet    = newSet(futureChars)
	ipv6Set      = newSet(ipv6Chars)
	pcharSet     = newSet(pchars)
	pathSet      = newSet(pathChars)
	querySet     = newSet(queryChars)
	statementSet = newSet(statementChars)
)
