package transcoder

import (
	"bufio"
	"context"
	"crypto/aes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/streamgate/streamgate/media"
)

// Download is the downloadable MP4, relative to the output folder.
const Download = "download.mp4"

// Download writes download.mp4 into out: the top rendition's encoded
// streams as one MP4 with its index first (faststart), so it plays while
// it downloads. Nothing is decoded or encoded again: the rendition's
// segments are decrypted with the content key, joined (MPEG-TS segments
// join by concatenation) and remuxed. tmp holds the joined stream.
func (e Encoder) Download(ctx context.Context, res Result, key Key, tmp, out string) (Run, error) {
	var top *Variant
	for i, v := range res.Variants {
		if top == nil || v.Height > top.Height || v.Height == top.Height && v.Peak > top.Peak {
			top = &res.Variants[i]
		}
	}
	if top == nil {
		return Run{}, errors.New("download: no rendition to take it from")
	}
	joined := filepath.Join(tmp, "download.ts")
	if err := joinSegments(filepath.Join(out, top.Name), key, joined); err != nil {
		return Run{}, fmt.Errorf("download: %w", err)
	}
	defer os.Remove(joined)
	args := []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y", "-progress", "pipe:1",
		"-protocol_whitelist", "file,pipe", "-format_whitelist", media.SafeDemuxers(), "-f", "mpegts", "-i", "file:" + joined,
		"-map", "0", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", Download}
	run, err := RunFFmpeg(ctx, e.FFmpeg, args, out, e.MaxWall, nil)
	if err != nil {
		return run, fmt.Errorf("download: %w", err)
	}
	return run, nil
}

// joinSegments decrypts the AES-128 segments of the media playlist in
// dir, in order, into one MPEG-TS file at dst.
func joinSegments(dir string, key Key, dst string) (err error) {
	f, err := os.Open(filepath.Join(dir, "index.m3u8"))
	if err != nil {
		return err
	}
	pl, err := parsePlaylist(f)
	f.Close()
	if err != nil {
		return err
	}
	if pl.Key.Method != "AES-128" || len(pl.Segments) == 0 {
		return errors.New("the rendition's playlist has no AES-128 segments")
	}
	block, err := aes.NewCipher(key.Key)
	if err != nil {
		return err
	}
	w, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(w, 1<<20)
	for _, s := range pl.Segments {
		data, err := os.ReadFile(filepath.Join(dir, s.URI))
		if err != nil {
			return err
		}
		plain, err := media.DecryptSegment(block, key.IV, data)
		if err != nil {
			return fmt.Errorf("segment %s: %w", s.URI, err)
		}
		if _, err := bw.Write(plain); err != nil {
			return err
		}
	}
	return bw.Flush()
}
