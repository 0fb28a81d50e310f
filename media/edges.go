package media

import (
	"encoding/binary"
	"io"
)

// FirstSamples is how much of a QuickTime / ISO BMFF file's first media
// data EdgesSuffice asks to have: ffprobe's default -probesize, the most
// of the first frames its stream analysis reads, with room to spare.
const FirstSamples = 6 << 20

// EdgesSuffice reports whether probing the QuickTime / ISO BMFF (mov,
// mp4, m4a, 3gp) file of size bytes in r reads nothing outside its first
// head and last tail bytes, so that a copy holding only those (the rest
// left a hole) probes as the whole file does. r need only hold those
// bytes; nothing else is read.
//
// ffprobe's mov demuxer reads the top-level boxes in order: the index
// (moov) and every other box in full, except that it skips media data
// (mdat) and padding (free, skip), of which it reads at most the first 16
// bytes. Its stream analysis then reads the first frames, which sit at the
// start of the first media data. So the answer is true only when every
// top-level box header is inside the edges, every box but those it skips
// is inside them whole, and the first media data's first FirstSamples
// bytes (all of it, when shorter) are in the head. Anything else answers
// false: another container, a fragmented file (its moof boxes run through
// the middle), a box that does not fit the file, an index larger than an
// edge.
func EdgesSuffice(r io.ReaderAt, size, head, tail int64) bool {
	head, tail = min(max(head, 0), size), min(max(tail, 0), size)
	inside := func(lo, n int64) bool {
		return n >= 0 && lo >= 0 && lo+n <= size && (lo+n <= head || lo >= size-tail)
	}
	var hdr [16]byte
	read := func(lo, n int64) bool {
		if !inside(lo, n) {
			return false
		}
		_, err := r.ReadAt(hdr[:n], lo)
		return err == nil
	}
	moov, mdat := false, false
	for off := int64(0); off < size; {
		if !read(off, 8) {
			return false
		}
		n, hl := int64(binary.BigEndian.Uint32(hdr[:4])), int64(8)
		kind := string(hdr[4:8])
		if !printable(kind) || (off == 0 && !leading(kind)) {
			return false
		}
		switch n {
		case 0: // to the end of the file
			n = size - off
		case 1: // a 64-bit size follows
			if !read(off+8, 8) {
				return false
			}
			n, hl = int64(binary.BigEndian.Uint64(hdr[:8])), 16
		}
		if n < hl || n > size-off {
			return false
		}
		switch kind {
		case "mdat":
			need := n - hl
			if !mdat {
				need = min(need, FirstSamples)
				if !inside(off, hl+need) || off+hl+need > head {
					return false
				}
				mdat = true
			} else if !inside(off, hl+min(need, 16)) {
				return false
			}
		case "free", "skip":
			if !inside(off, hl+min(n-hl, 16)) {
				return false
			}
		case "moov":
			moov = true
			fallthrough
		default:
			if !inside(off, n) {
				return false
			}
		}
		off += n
	}
	return moov
}

// printable says whether a box type is four printable ASCII characters
// (those of the top-level boxes are).
func printable(kind string) bool {
	for i := range len(kind) {
		if kind[i] < 0x20 || kind[i] > 0x7e {
			return false
		}
	}
	return true
}

// leading says whether a file may begin with a box of this type: ISO BMFF
// files begin with ftyp, older QuickTime ones with one of the others.
func leading(kind string) bool {
	switch kind {
	case "ftyp", "moov", "mdat", "wide", "free", "skip", "pnot":
		return true
	}
	return false
}
