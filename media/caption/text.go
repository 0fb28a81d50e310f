package caption

import (
	"regexp"
	"strings"
)

// cueTags are the WebVTT cue spans kept in output; any other markup is
// escaped so it shows as the text it is, or dropped (SRT's font and ASS
// override tags, WebVTT karaoke timestamps).
var cueTags = map[string]bool{"b": true, "i": true, "u": true, "c": true, "v": true, "lang": true, "ruby": true, "rt": true}

// tagRE matches one cue span tag: name, optional .classes, optional
// annotation (for v and lang).
var tagRE = regexp.MustCompile(`^<(/?)([a-zA-Z]+)((?:\.[A-Za-z0-9_-]+)*)(?:[ \t]([^<>]*))?>`)

// stampTagRE is a WebVTT karaoke timestamp tag, dropped.
var stampTagRE = regexp.MustCompile(`^<[0-9:.]+>`)

// assRE is an ASS/SSA override block some SRT files carry ({\an8}).
var assRE = regexp.MustCompile(`^\{\\[^{}]*\}`)

// entityRE is a character reference WebVTT understands.
var entityRE = regexp.MustCompile(`^&(?:amp|lt|gt|lrm|rlm|nbsp|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});`)

// cleanText rewrites one line of cue text as safe WebVTT: known span
// tags kept, everything else that could be markup escaped. Control
// characters are refused: they are never meant as captions.
func cleanText(l string, vtt bool, line int) (string, error) {
	var b strings.Builder
	for i := 0; i < len(l); {
		c := l[i]
		switch {
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", invalidf("line %d: control character 0x%02x in cue text", line, c)
		case c == '<':
			if n, keep := tag(l[i:], vtt); n > 0 {
				b.WriteString(keep)
				i += n
				continue
			}
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case c == '&':
			if m := entityRE.FindString(l[i:]); vtt && m != "" {
				b.WriteString(m)
				i += len(m)
				continue
			}
			b.WriteString("&amp;")
		case c == '{' && !vtt:
			if m := assRE.FindString(l[i:]); m != "" {
				i += len(m)
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String(), nil
}

// tag reads a tag at the start of s: how many bytes it spans and what to
// write in its place; 0 when it is not markup we know.
func tag(s string, vtt bool) (int, string) {
	if m := stampTagRE.FindString(s); vtt && m != "" {
		return len(m), ""
	}
	m := tagRE.FindStringSubmatch(s)
	if m == nil {
		return 0, ""
	}
	closing, name, classes, annotation := m[1] == "/", strings.ToLower(m[2]), m[3], m[4]
	if !vtt {
		if name == "font" {
			return len(m[0]), "" // SRT colour and face: not carried over
		}
		if name != "b" && name != "i" && name != "u" || classes != "" || annotation != "" {
			return 0, ""
		}
	}
	if !cueTags[name] {
		return 0, ""
	}
	if closing {
		return len(m[0]), "</" + name + ">"
	}
	out := "<" + name + classes
	if annotation = strings.TrimSpace(annotation); annotation != "" && (name == "v" || name == "lang") {
		out += " " + strings.NewReplacer("&", "&amp;").Replace(annotation)
	}
	return len(m[0]), out + ">"
}

// settingRE matches the WebVTT cue settings kept; region is dropped
// because REGION blocks are.
var settingRE = regexp.MustCompile(`^(?:vertical:(?:rl|lr)|line:-?[0-9]{1,3}(?:\.[0-9]{1,3})?%?(?:,(?:start|center|end))?|` +
	`position:[0-9]{1,3}(?:\.[0-9]{1,3})?%(?:,(?:line-left|center|line-right))?|size:[0-9]{1,3}(?:\.[0-9]{1,3})?%|` +
	`align:(?:start|center|end|left|right))$`)

// cleanSettings keeps the well-formed cue settings, as WebVTT parsers
// ignore the rest.
func cleanSettings(fields []string) string {
	var keep []string
	for _, f := range fields {
		if settingRE.MatchString(f) {
			keep = append(keep, f)
		}
	}
	return strings.Join(keep, " ")
}
