package caption_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/media/caption"
)

func TestSRTToWebVTT(t *testing.T) {
	t.Parallel()
	in := "\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Hello</i> & <font color=\"red\">world</font>\r\n{\\an8}second line\r\n\r\n" +
		"2\r\n00:00:03,5 --> 00:00:04.000 X1:10 X2:20\r\n5 < 6 > 4 <script>x</script>\r\n\r\n\r\n"
	tr, err := caption.Parse([]byte(in), caption.FormatAuto, caption.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<i>Hello</i> &amp; world\nsecond line\n\n" +
		"00:00:03.500 --> 00:00:04.000\n5 &lt; 6 &gt; 4 &lt;script&gt;x&lt;/script&gt;\n"
	if got := string(caption.WebVTT(tr.Cues)); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if tr.Duration() != 4*time.Second {
		t.Fatalf("duration %v", tr.Duration())
	}
}

func TestWebVTTKeepsSpansAndSettings(t *testing.T) {
	t.Parallel()
	in := "WEBVTT - a title\nKind: captions\n\nNOTE a comment\n--> not a cue\n\nSTYLE\n::cue { color: red }\n\n" +
		"intro\n01:02.000 --> 01:03.000 align:start line:90% region:r1 bogus\n<v.loud Mary &amp; Tom>Hi</v> &nbsp;<c.yellow>there</c><00:01:02.500><b>x</b> &bogus\n"
	tr, err := caption.Parse([]byte(in), caption.FormatWebVTT, caption.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := "WEBVTT\n\n00:01:02.000 --> 00:01:03.000 align:start line:90%\n<v.loud Mary &amp;amp; Tom>Hi</v> &nbsp;<c.yellow>there</c><b>x</b> &amp;bogus\n"
	if got := string(caption.WebVTT(tr.Cues)); got != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	lim := caption.DefaultLimits()
	lim.MaxCues, lim.MaxBytes, lim.MaxCueBytes = 3, 2000, 40
	many := "WEBVTT\n"
	for i := range 4 {
		many += "\n00:00:0" + string(rune('0'+i)) + ".000 --> 00:00:0" + string(rune('0'+i)) + ".500\nx\n"
	}
	for name, tc := range map[string]struct {
		in, msg string
		f       caption.Format
	}{
		"not utf8":      {"1\n00:00:01,000 --> 00:00:02,000\n\xff\xfe\n", "not UTF-8", caption.FormatAuto},
		"empty":         {"", "no cues", caption.FormatAuto},
		"no timing":     {"1\nhello\n", "cue timing", caption.FormatAuto},
		"bad stamp":     {"1\n00:00:1,000 --> 00:00:02,000\nx\n", "not a timestamp", caption.FormatAuto},
		"negative":      {"1\n-00:00:01,000 --> 00:00:02,000\nx\n", "not a timestamp", caption.FormatAuto},
		"minutes 60":    {"WEBVTT\n\n00:60.000 --> 01:00.000\nx\n", "not a timestamp", caption.FormatAuto},
		"srt comma vtt": {"WEBVTT\n\n00:00:01,000 --> 00:00:02.000\nx\n", "not a timestamp", caption.FormatAuto},
		"backwards":     {"1\n00:00:02,000 --> 00:00:01,000\nx\n", "not after it starts", caption.FormatAuto},
		"zero length":   {"1\n00:00:02,000 --> 00:00:02,000\nx\n", "not after it starts", caption.FormatAuto},
		"overlap": {"1\n00:00:01,000 --> 00:00:03,000\na\n\n2\n00:00:02,000 --> 00:00:04,000\nb\n",
			"before cue 1 ends", caption.FormatAuto},
		"out of order": {"1\n00:00:05,000 --> 00:00:06,000\na\n\n2\n00:00:01,000 --> 00:00:02,000\nb\n",
			"before cue 1 ends", caption.FormatAuto},
		"too late":   {"1\n25:00:00,000 --> 25:00:01,000\nx\n", "past the limit", caption.FormatAuto},
		"too many":   {many, "more than 3 cues", caption.FormatAuto},
		"too big":    {strings.Repeat("x", 2001), "limit is 2000", caption.FormatAuto},
		"long cue":   {"1\n00:00:01,000 --> 00:00:02,000\n" + strings.Repeat("y", 41) + "\n", "bytes of text", caption.FormatAuto},
		"control":    {"1\n00:00:01,000 --> 00:00:02,000\na\x00b\n", "control character", caption.FormatAuto},
		"arrow text": {"WEBVTT\n\n00:01.000 --> 00:02.000\na --> b\n", "must not contain", caption.FormatAuto},
		"not vtt":    {"1\n00:00:01,000 --> 00:00:02,000\nx\n", "starts with the line WEBVTT", caption.FormatWebVTT},
		"not srt":    {"WEBVTT\n\n00:01.000 --> 00:02.000\nx\n", "not SRT", caption.FormatSRT},
		"no end":     {"1\n00:00:01,000 -->\nx\n", "no end time", caption.FormatAuto},
		"huge hours": {"1\n1000:00:00,000 --> 1000:00:01,000\nx\n", "not a timestamp", caption.FormatAuto},
	} {
		_, err := caption.Parse([]byte(tc.in), tc.f, lim)
		if !errors.Is(err, caption.ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want ErrInvalid saying %q", name, err, tc.msg)
		}
	}
}

func TestWindow(t *testing.T) {
	t.Parallel()
	tr, err := caption.Parse([]byte("WEBVTT\n\n00:01.000 --> 00:05.000\na\n\n00:07.000 --> 00:08.000\nb\n"), caption.FormatAuto, caption.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from, to time.Duration
		n        int
	}{{0, 1 * time.Second, 0}, {0, 2 * time.Second, 1}, {4 * time.Second, 8 * time.Second, 2}, {5 * time.Second, 7 * time.Second, 0}} {
		if got := caption.Window(tr.Cues, tc.from, tc.to); len(got) != tc.n {
			t.Errorf("[%v,%v): %d cues, want %d", tc.from, tc.to, len(got), tc.n)
		}
	}
}

// FuzzParse checks that whatever Parse accepts is written as WebVTT that
// parses again to the same cues (so what is stored is always valid), and
// that Parse never panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte("1\n00:00:01,000 --> 00:00:02,000\n<i>hi</i> & <font color=red>x</font>\n"))
	f.Add([]byte("WEBVTT\n\nNOTE x\n\nid\n00:01.000 --> 00:02.000 align:start\n<v Bob>hi</v> &amp; <c.a.b>x</c>\n"))
	f.Add([]byte("WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<00:00:01.500>a<b\r\n"))
	f.Add([]byte("{\\an8}\n00:00:01,5 --> 00:00:02.25\n{\\an8}top\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := caption.DefaultLimits()
		tr, err := caption.Parse(data, caption.FormatAuto, lim)
		if err != nil {
			if !errors.Is(err, caption.ErrInvalid) {
				t.Fatalf("error not ErrInvalid: %v", err)
			}
			return
		}
		out := caption.WebVTT(tr.Cues)
		again, err := caption.Parse(out, caption.FormatWebVTT, lim)
		if err != nil {
			t.Fatalf("output does not parse: %v\n%q", err, out)
		}
		if len(again.Cues) != len(tr.Cues) {
			t.Fatalf("%d cues, then %d", len(tr.Cues), len(again.Cues))
		}
		for i := range again.Cues {
			if again.Cues[i] != tr.Cues[i] {
				t.Fatalf("cue %d: %+v then %+v", i, tr.Cues[i], again.Cues[i])
			}
		}
	})
}
