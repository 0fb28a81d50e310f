package media_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/streamgate/streamgate/media"
	"github.com/streamgate/streamgate/media/mediatest"
)

const edge = 8 << 20

var (
	bigOnce  sync.Once
	bigDir   string
	bigFiles map[string]string
	bigErr   error
)

// bigFiles makes, once, mediatest's large clip in the layouts StreamGate
// sees: an MP4 with its index at
// the end (ffmpeg's default), the same with the index first (faststart),
// fragmented, and Matroska; and a 27 MiB MP4 whose sound starts at 8 s.
func big(t *testing.T) map[string]string {
	t.Helper()
	bigOnce.Do(func() {
		if bigDir, bigErr = os.MkdirTemp("", "sgedges"); bigErr != nil {
			return
		}
		run := func(out string, args ...string) {
			if bigErr == nil {
				bigErr = mediatest.FFmpeg(out, args...)
			}
		}
		p := func(name string) string { return filepath.Join(bigDir, name) }
		bigErr = mediatest.LargeClip(p("end.mp4"))
		run(p("first.mp4"), "-i", p("end.mp4"), "-c", "copy", "-movflags", "+faststart")
		run(p("fragmented.mp4"), "-i", p("end.mp4"), "-c", "copy", "-movflags", "+frag_keyframe+empty_moov")
		run(p("clip.mkv"), "-i", p("end.mp4"), "-c", "copy")
		// Sound from 8 s on: the audio track's first chunk lies in the
		// middle of the file.
		run(p("late-audio.mp4"), "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=16",
			"-itsoffset", "8", "-f", "lavfi", "-i", "sine=duration=8", "-c:v", "mjpeg", "-q:v", "2", "-c:a", "aac")
		bigFiles = map[string]string{}
		for _, n := range []string{"end.mp4", "first.mp4", "fragmented.mp4", "clip.mkv", "late-audio.mp4"} {
			bigFiles[n] = p(n)
		}
	})
	if bigErr != nil {
		t.Fatal(bigErr)
	}
	return bigFiles
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigDir != "" {
		os.RemoveAll(bigDir)
	}
	os.Exit(code)
}

// guarded fails the test on any read outside a file's edges.
type guarded struct {
	t                *testing.T
	r                io.ReaderAt
	size, head, tail int64
}

func (g guarded) ReadAt(p []byte, off int64) (int, error) {
	if end := off + int64(len(p)); off < 0 || end > g.size || (end > g.head && off < g.size-g.tail) {
		g.t.Errorf("read of [%d, %d) outside the edges [0, %d) and [%d, %d)", off, end, g.head, g.size-g.tail, g.size)
		return 0, io.ErrUnexpectedEOF
	}
	return g.r.ReadAt(p, off)
}

// edgesOnly writes a copy of path holding only its edges, the rest a hole.
func edgesOnly(t *testing.T, path string, head, tail int64) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(t.TempDir(), "edges"+filepath.Ext(path)))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	size := int64(len(data))
	if err := out.Truncate(size); err != nil {
		t.Fatal(err)
	}
	if _, err := out.WriteAt(data[:head], 0); err != nil {
		t.Fatal(err)
	}
	if _, err := out.WriteAt(data[size-tail:], size-tail); err != nil {
		t.Fatal(err)
	}
	return out.Name()
}

// ffprobeJSON is everything the server's probe asks ffprobe for, less the
// file's name.
func ffprobeJSON(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-hide_banner", "-protocol_whitelist", "file",
		"-format_whitelist", media.SafeDemuxers(), "-print_format", "json", "-show_format", "-show_streams", "file:"+path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var keep []string
	for _, l := range strings.Split(string(out), "\n") {
		if !strings.Contains(l, `"filename"`) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// An MP4 with its index at either end probes from its edges exactly as it
// does whole: ffprobe's whole answer, not only what StreamGate keeps of
// it. Fragmented MP4, Matroska and an MP4 with a track whose first frames
// lie in the middle are not vouched for.
func TestEdgesSuffice(t *testing.T) {
	t.Parallel()
	files := big(t)
	for name, want := range map[string]bool{"end.mp4": true, "first.mp4": true, "fragmented.mp4": false, "clip.mkv": false, "late-audio.mp4": false} {
		t.Run(name, func(t *testing.T) {
			path := files[name]
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			size := st.Size()
			if size <= 2*edge {
				t.Fatalf("%s is %d bytes: too small to leave a hole", name, size)
			}
			if got := media.EdgesSuffice(guarded{t, f, size, edge, edge}, size, edge, edge); got != want {
				t.Fatalf("EdgesSuffice = %v, want %v", got, want)
			}
			if !want {
				return
			}
			whole := ffprobeJSON(t, path)
			if edges := ffprobeJSON(t, edgesOnly(t, path, edge, edge)); whole != edges {
				t.Fatalf("the edges probe otherwise than the whole file:\nwhole: %s\nedges: %s", whole, edges)
			}
			// The tail from where the head's boxes end: nothing for the
			// index first, the index alone for the index last; those
			// edges suffice and probe as the whole file does.
			start := media.TailStart(guarded{t, f, size, edge, 0}, size, edge)
			switch {
			case name == "first.mp4" && start != size:
				t.Fatalf("TailStart = %d, want the file's size %d (its media data runs to the end)", start, size)
			case name == "end.mp4" && (start <= edge || size-start >= edge):
				t.Fatalf("TailStart = %d of %d: want the index, less than an edge at the end", start, size)
			}
			if tail := size - start; !media.EdgesSuffice(guarded{t, f, size, edge, tail}, size, edge, tail) {
				t.Fatalf("the head and the %d bytes from TailStart do not suffice", tail)
			} else if edges := ffprobeJSON(t, edgesOnly(t, path, edge, tail)); whole != edges {
				t.Fatalf("the head and the tail from TailStart probe otherwise than the whole file:\nwhole: %s\nedges: %s", whole, edges)
			}
			// A head too small for the first frames; for the index at the
			// end, a tail too small for it.
			small := [][2]int64{{1 << 20, edge}}
			if name == "end.mp4" {
				small = append(small, [2]int64{edge, 4 << 10})
			}
			for _, e := range small {
				if media.EdgesSuffice(guarded{t, f, size, e[0], e[1]}, size, e[0], e[1]) {
					t.Errorf("edges of %d and %d bytes suffice", e[0], e[1])
				}
			}
		})
	}
}

// box is an ISO BMFF box header (and body) of n bytes in all.
func box(kind string, n uint32, body ...string) []byte {
	b := binary.BigEndian.AppendUint32(nil, n)
	return append(append(b, kind...), strings.Join(body, "")...)
}

// nest is a box of kind holding body, its size computed.
func nest(kind string, body ...[]byte) []byte {
	b := slices.Concat(body...)
	return box(kind, uint32(8+len(b)), string(b))
}

// trak is a track whose first chunk is at off (stco), or with no chunks
// (off < 0).
func trak(off int64) []byte {
	table := []byte{0, 0, 0, 0, 0, 0, 0, 0}
	if off >= 0 {
		table = binary.BigEndian.AppendUint32([]byte{0, 0, 0, 0, 0, 0, 0, 1}, uint32(off))
	}
	return nest("trak", nest("mdia", nest("minf", nest("stbl", box("stsd", 8), nest("stco", table)))))
}

// Box layouts that must not be vouched for, and a few that may: the walk
// reads only headers inside the edges and never trusts a box that does not
// fit the file.
func TestEdgesSufficeLayouts(t *testing.T) {
	t.Parallel()
	const size = 1 << 16
	pad := func(b []byte) []byte { return append(b, make([]byte, size-len(b))...) }
	// ftyp, a moov at the start, the first media data running to the end
	// of the file (size 0), all inside a 4 KiB head.
	data := box("mdat", 40, strings.Repeat("\x00", 32))
	ok := pad(slices.Concat(box("ftyp", 16, "isom...."), box("moov", 8), data, box("free", 0)))
	cases := []struct {
		name string
		file []byte
		head int64
		want bool
	}{
		{"index first, then media data and padding", ok, 4 << 10, true},
		{"not a box", pad([]byte("RIFF....AVI LIST")), 4 << 10, false},
		{"no index", pad(slices.Concat(box("ftyp", 16, "isom...."), data, box("free", 0))), 4 << 10, false},
		{"first media data past the head", pad(slices.Concat(box("ftyp", 16, "isom...."), box("moov", 8), box("mdat", 0))), 4 << 10, false},
		{"box past the end", pad(append(box("ftyp", 16, "isom...."), box("moov", size)...)), 4 << 10, false},
		{"box smaller than its header", pad(box("ftyp", 4)), 4 << 10, false},
		{"64-bit size too large", pad(box("ftyp", 1, "\xff\xff\xff\xff\xff\xff\xff\xff")), 4 << 10, false},
		{"header in the hole", pad(append(box("ftyp", 16, "isom...."), box("free", 8<<10)...)), 4 << 10, false},
		{"unprintable type", pad(append(box("ftyp", 16, "isom...."), box("mo\x00v", 8)...)), 4 << 10, false},
	}
	for _, c := range cases {
		r := bytes.NewReader(c.file)
		if got := media.EdgesSuffice(guarded{t, r, size, c.head, 1 << 10}, size, c.head, 1<<10); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// FuzzEdgesSuffice: any bytes, any edges: the walk ends, reads nothing
// outside the edges, and never panics.
func FuzzEdgesSuffice(f *testing.F) {
	f.Add(append(append(box("ftyp", 16, "isom...."), box("moov", 8)...), box("mdat", 0)...), uint16(64), uint16(16))
	f.Add(append(append(box("ftyp", 16, "isom...."), box("mdat", 1, "\x00\x00\x00\x00\x00\x00\x00\x28", strings.Repeat("x", 24))...), box("moov", 8)...), uint16(32), uint16(8))
	f.Add(append(box("wide", 8), box("free", 12, "\x01\x02\x03\x04")...), uint16(8), uint16(8))
	f.Add(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", trak(100), trak(-1)), box("mdat", 40, strings.Repeat("\x00", 32))), uint16(200), uint16(16))
	f.Fuzz(func(t *testing.T, file []byte, head, tail uint16) {
		size := int64(len(file))
		h, tl := min(int64(head), size), min(int64(tail), size)
		media.EdgesSuffice(guarded{t, bytes.NewReader(file), size, h, tl}, size, int64(head), int64(tail))
	})
}

// Where the head's boxes leave off: the first header past the head, the
// end of the file when a box runs to it, -1 when the head is not such a
// file or a box does not fit; only the head is read.
func TestTailStart(t *testing.T) {
	t.Parallel()
	const size, head = 1 << 16, 4 << 10
	pad := func(b []byte) []byte { return append(b, make([]byte, size-len(b))...) }
	ftyp := box("ftyp", 16, "isom....")
	// Media data of 48 KiB after ftyp, then whatever follows at 16+48K.
	mdat := box("mdat", 48<<10)
	mdat64 := box("mdat", 1, string(binary.BigEndian.AppendUint64(nil, 48<<10)))
	cases := []struct {
		name string
		file []byte
		want int64
	}{
		{"index last", pad(slices.Concat(ftyp, mdat)), 16 + 48<<10},
		{"index last, 64-bit size", pad(slices.Concat(ftyp, mdat64)), 16 + 48<<10},
		{"media data to the end", pad(slices.Concat(ftyp, box("moov", 8), box("mdat", 0))), size},
		{"boxes fill the file", pad(slices.Concat(ftyp, box("moov", 8), box("mdat", size-24))), size},
		{"a header across the head's end", pad(slices.Concat(ftyp, box("free", head-16-4))), head - 4},
		{"not a box", pad([]byte("RIFF....AVI LIST")), -1},
		{"box past the end", pad(slices.Concat(ftyp, box("mdat", size))), -1},
		{"box smaller than its header", pad(box("ftyp", 4)), -1},
		{"64-bit size too large", pad(box("ftyp", 1, "\xff\xff\xff\xff\xff\xff\xff\xff")), -1},
		{"unprintable type", pad(slices.Concat(ftyp, box("mo\x00v", 8))), -1},
	}
	for _, c := range cases {
		n := int64(len(c.file))
		if got := media.TailStart(guarded{t, bytes.NewReader(c.file), n, head, 0}, n, head); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

// FuzzTailStart: any bytes, any head: reads nothing past the head, ends,
// never panics, and answers -1 or an offset in the file.
func FuzzTailStart(f *testing.F) {
	f.Add(slices.Concat(box("ftyp", 16, "isom...."), box("mdat", 40, strings.Repeat("\x00", 32)), box("moov", 8)), uint16(24))
	f.Add(slices.Concat(box("ftyp", 16, "isom...."), box("mdat", 1, "\x00\x00\x00\x00\x00\x00\x00\x28", strings.Repeat("x", 24)), box("moov", 8)), uint16(20))
	f.Add(slices.Concat(box("ftyp", 16, "isom...."), box("moov", 8), box("mdat", 0)), uint16(64))
	f.Fuzz(func(t *testing.T, file []byte, head uint16) {
		size := int64(len(file))
		h := min(int64(head), size)
		got := media.TailStart(guarded{t, bytes.NewReader(file), size, h, 0}, size, int64(head))
		if got < -1 || got > size {
			t.Fatalf("TailStart = %d for a file of %d bytes", got, size)
		}
	})
}

// The tracks' first chunks: stream analysis reads up to FirstSamples from
// each, so each must have that much in one edge.
func TestEdgesSufficeTracks(t *testing.T) {
	t.Parallel()
	const size, head, tail = 16 << 20, 8 << 20, 1 << 10
	pad := func(b []byte) []byte { return append(b, make([]byte, size-len(b))...) }
	data := box("mdat", 40, strings.Repeat("\x00", 32))
	cases := []struct {
		name string
		file []byte
		want bool
	}{
		{"tracks starting in the head", pad(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", trak(200), trak(-1)), data, box("free", 0))), true},
		{"a track starting in the tail", pad(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", trak(200), trak(size-100)), data, box("free", 0))), true},
		{"a track starting too late in the head", pad(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", trak(200), trak(head-100)), data, box("free", 0))), false},
		{"a track starting in the hole", pad(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", trak(200), trak(size/2+100)), data, box("free", 0))), false},
		{"a track past the end", pad(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", trak(2*size)), data, box("free", 0))), false},
		{"a track without a chunk table", pad(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", nest("trak", nest("mdia"))), data, box("free", 0))), false},
		{"a compressed index", pad(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", nest("cmov", box("dcom", 12, "zlib"))), data, box("free", 0))), false},
		{"a box overrunning the index", pad(slices.Concat(box("ftyp", 16, "isom...."), nest("moov", box("trak", 400)), data, box("free", 0))), false},
	}
	for _, c := range cases {
		r := bytes.NewReader(c.file)
		if got := media.EdgesSuffice(guarded{t, r, size, head, tail}, size, head, tail); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
