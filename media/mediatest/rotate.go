package mediatest

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"
)

// TurnQuarter marks the first track of the MP4 at path as shown turned a
// quarter clockwise, as a phone held upright marks its landscape-coded
// frames: it rewrites the track header's display matrix in place (this
// ffmpeg cannot write one: -display_rotation came in ffmpeg 6).
func TurnQuarter(t testing.TB, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, []byte("tkhd"))
	// A version-0 tkhd: the 3x3 matrix is 40 bytes after the type.
	if at < 4 || at+4+80 > len(data) || data[at+4] != 0 {
		t.Fatalf("%s has no version-0 track header", path)
	}
	m := data[at+4+40 : at+4+76]
	for i, v := range []int32{0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000} {
		binary.BigEndian.PutUint32(m[i*4:], uint32(v))
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
