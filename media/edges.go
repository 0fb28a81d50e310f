package media

import (
	"encoding/binary"
	"io"
	"math"
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
// bytes. Its stream analysis then reads each track's first frames, in
// time order from the track's first chunk, up to -probesize (5 MB) in
// all. So the answer is true only when every top-level box header is
// inside the edges, every box but those it skips is inside them whole,
// the first media data's first FirstSamples bytes (all of it, when
// shorter) are in the head, and so are FirstSamples bytes from every
// track's first chunk (the index's stco or co64 tables) in one edge.
// Anything else answers false: another container, a fragmented file (its
// moof boxes run through the middle), a compressed index, a track whose
// first frames lie in the middle (a file not interleaved, or built so),
// a box that does not fit the file or its parent, an index larger than
// an edge.
func EdgesSuffice(r io.ReaderAt, size, head, tail int64) bool {
	head, tail = min(max(head, 0), size), min(max(tail, 0), size)
	inside := func(lo, n int64) bool {
		return n >= 0 && lo >= 0 && lo+n <= size && (lo+n <= head || lo >= size-tail)
	}
	read := func(p []byte, lo int64) bool {
		if !inside(lo, int64(len(p))) {
			return false
		}
		_, err := r.ReadAt(p, lo)
		return err == nil
	}
	moov, mdat := false, false
	var firsts []int64 // each track's first chunk
	for off := int64(0); off < size; {
		n, hl, kind, ok := topBox(read, off, size)
		if !ok {
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
			if !inside(off, n) {
				return false
			}
			if moov {
				break // ffprobe skips a second index
			}
			moov = true
			body := make([]byte, n-hl)
			if _, err := r.ReadAt(body, off+hl); err != nil {
				return false
			}
			offs, ok := firstChunks(body)
			if !ok {
				return false
			}
			firsts = offs
		default:
			if !inside(off, n) {
				return false
			}
		}
		off += n
	}
	// Stream analysis reads each track's frames from its first chunk on,
	// in time order: the edges must hold that much of every track.
	for _, o := range firsts {
		if !inside(o, min(FirstSamples, size-o)) {
			return false
		}
	}
	return moov
}

// TailStart returns where the top-level boxes of the QuickTime / ISO BMFF
// file of size bytes in r leave its first head bytes: the offset of the
// first box whose header is not wholly in the head (the index, in a file
// written with it last), or size when the boxes whose headers the head
// holds run to the end of the file. A reader of the head can then fetch
// only the tail that holds the rest of the boxes. It returns -1 when the
// head does not show that: not such a file, or a box that does not fit
// the file. Only the head is read.
func TailStart(r io.ReaderAt, size, head int64) int64 {
	head = min(max(head, 0), size)
	past := false
	read := func(p []byte, lo int64) bool {
		if lo+int64(len(p)) > head {
			past = true
			return false
		}
		_, err := r.ReadAt(p, lo)
		return err == nil
	}
	for off := int64(0); off < size; {
		n, _, _, ok := topBox(read, off, size)
		if past {
			return off // this header, or its 64-bit size, is past the head
		}
		if !ok {
			return -1
		}
		off += n
	}
	return size
}

// topBox reads the header of the top-level box at off in a file of size
// bytes through read (false when those bytes may not, or cannot, be
// read): the box's size in all (a size of 0, to the end of the file, made
// explicit), its header's length and its type. ok is false when the
// header cannot be read, is not a box's (a type of other than printable
// characters, or a first box no such file begins with), or the box does
// not fit the file.
func topBox(read func(p []byte, lo int64) bool, off, size int64) (n, hl int64, kind string, ok bool) {
	var hdr [8]byte
	if !read(hdr[:], off) {
		return 0, 0, "", false
	}
	n, hl = int64(binary.BigEndian.Uint32(hdr[:4])), 8
	kind = string(hdr[4:8])
	if !printable(kind) || (off == 0 && !leading(kind)) {
		return 0, 0, "", false
	}
	switch n {
	case 0: // to the end of the file
		n = size - off
	case 1: // a 64-bit size follows
		if !read(hdr[:], off+8) {
			return 0, 0, "", false
		}
		n, hl = int64(binary.BigEndian.Uint64(hdr[:])), 16
	}
	if n < hl || n > size-off {
		return 0, 0, "", false
	}
	return n, hl, kind, true
}

// firstChunks returns the file offset of every track's first chunk, from
// the body of a moov box (moov/trak/mdia/minf/stbl/stco or co64); ok is
// false when a box does not fit its parent, the index is compressed, or a
// track has no chunk offsets. A track with no chunks adds nothing.
func firstChunks(moov []byte) (offs []int64, ok bool) {
	ok = true
	each(moov, func(kind string, trak []byte) bool {
		switch kind {
		case "cmov":
			ok = false
		case "trak":
			o, has, fine := trackFirstChunk(trak)
			if !fine {
				ok = false
			} else if has {
				offs = append(offs, o)
			}
		}
		return ok
	}, &ok)
	return offs, ok
}

// trackFirstChunk finds a trak body's first chunk offset; has is false
// for a track without chunks, fine false for one whose boxes do not fit
// or which has no chunk offset table.
func trackFirstChunk(trak []byte) (off int64, has, fine bool) {
	stbl, found := child(trak, "mdia", "minf", "stbl")
	if !found {
		return 0, false, false
	}
	for _, kind := range []string{"stco", "co64"} {
		b, ok := child(stbl, kind)
		if !ok {
			continue
		}
		// Version and flags, then the count, then the offsets.
		if len(b) < 8 {
			return 0, false, false
		}
		count := binary.BigEndian.Uint32(b[4:8])
		if count == 0 {
			return 0, false, true
		}
		if kind == "stco" && len(b) >= 12 {
			return int64(binary.BigEndian.Uint32(b[8:12])), true, true
		}
		if kind == "co64" && len(b) >= 16 {
			o := binary.BigEndian.Uint64(b[8:16])
			return int64(o), o <= math.MaxInt64, o <= math.MaxInt64
		}
		return 0, false, false
	}
	return 0, false, false
}

// child returns the body of the first box of each kind in turn, each
// inside the one before, starting from the boxes in b.
func child(b []byte, path ...string) ([]byte, bool) {
	for _, want := range path {
		var found []byte
		ok := true
		each(b, func(kind string, body []byte) bool {
			if kind == want {
				found = body
				return false
			}
			return true
		}, &ok)
		if !ok || found == nil {
			return nil, false
		}
		b = found
	}
	return b, true
}

// each calls f with the type and body of every box in b, in order, until
// f returns false; *ok turns false when a box does not fit b.
func each(b []byte, f func(kind string, body []byte) bool, ok *bool) {
	for len(b) > 0 {
		if len(b) < 8 {
			*ok = false
			return
		}
		n, hl := uint64(binary.BigEndian.Uint32(b[:4])), uint64(8)
		kind := string(b[4:8])
		switch n {
		case 0:
			n = uint64(len(b))
		case 1:
			if len(b) < 16 {
				*ok = false
				return
			}
			n, hl = binary.BigEndian.Uint64(b[8:16]), 16
		}
		if n < hl || n > uint64(len(b)) {
			*ok = false
			return
		}
		if !f(kind, b[hl:n]) {
			return
		}
		b = b[n:]
	}
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
