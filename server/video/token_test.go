package video

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
)

// FuzzPageToken: page tokens come back from clients; decoding must never
// panic, must refuse with ErrBadPageToken, and must round-trip its own.
func FuzzPageToken(f *testing.F) {
	f.Add(encodeCursor(time.UnixMicro(1700000000123456), uuid.MustParse("0f8fad5b-d9cb-469f-a165-70867728950e")))
	f.Add(encodeOffset(40))
	f.Add("")
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, tok string) {
		if at, id, err := decodeCursor(tok); err == nil {
			if encodeCursor(at, id) != tok {
				t.Fatalf("cursor %q does not round-trip", tok)
			}
		} else if !errors.Is(err, ErrBadPageToken) {
			t.Fatal(err)
		}
		if off, err := decodeOffset(tok); err == nil {
			if off < 0 || off > maxOffset || encodeOffset(off) != tok {
				t.Fatalf("offset %q: %d", tok, off)
			}
		} else if !errors.Is(err, ErrBadPageToken) {
			t.Fatal(err)
		}
	})
}
