package transcoder

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/streamgate/streamgate/media"
)

// Rendition is a rung fitted to a source: its real size and codecs.
type Rendition struct {
	Rung
	Width, Height int
	// Level is the H.264 level declared for this size and frame rate,
	// times ten (31 for 3.1).
	Level int
}

// Codecs is the RFC 6381 codec string: H.264 High at the rendition's
// level, plus AAC-LC when there is audio.
func (r Rendition) Codecs(audio bool) string {
	c := fmt.Sprintf("avc1.6400%02x", r.Level)
	if audio {
		c += ",mp4a.40.2"
	}
	return c
}

// Plan fits the profile's rungs to the source: rungs taller than the
// source are dropped (never upscale); a source shorter than every rung
// gets one rendition at its own height.
func Plan(p Profile, src media.Info) []Rendition {
	var out []Rendition
	for _, r := range p.Rungs {
		if r.Height <= src.Height {
			out = append(out, fit(r, r.Height, src))
		}
	}
	if len(out) == 0 {
		smallest := p.Rungs[0]
		for _, r := range p.Rungs {
			if r.Height < smallest.Height {
				smallest = r
			}
		}
		h := src.Height &^ 1
		smallest.Name = strconv.Itoa(h) + "p"
		out = append(out, fit(smallest, h, src))
	}
	return out
}

func fit(r Rung, h int, src media.Info) Rendition {
	w := int(math.Round(float64(src.Width)*float64(h)/float64(src.Height)/2)) * 2
	return Rendition{Rung: r, Width: max(w, 2), Height: h, Level: level(w, h, src.FPS)}
}

// level picks the lowest H.264 level whose macroblock rate covers the
// frame size at the frame rate (Table A-1).
func level(w, h int, fps float64) int {
	if fps <= 0 {
		fps = 30
	}
	mbs := float64(((w + 15) / 16) * ((h + 15) / 16))
	for _, l := range []struct {
		level     int
		frame, ps float64
	}{{30, 1620, 40500}, {31, 3600, 108000}, {32, 5120, 216000}, {40, 8192, 245760},
		{42, 8704, 522240}, {50, 22080, 589824}, {51, 36864, 983040}, {52, 36864, 2073600}} {
		if mbs <= l.frame && mbs*fps <= l.ps {
			return l.level
		}
	}
	return 60
}

// Job is one encode: where things are and what to make.
type Job struct {
	// Input is the downloaded source; Format its demuxer.
	Input, Format string
	// KeyInfo is ffmpeg's hls_key_info_file.
	KeyInfo    string
	Renditions []Rendition
	Audio      bool
	Duration   float64 // seconds, for the storyboard's frame rate
	FPS        float64
	Profile    Profile
	// NoStills leaves out the poster and storyboard.
	NoStills bool
}

// Outputs written by every encode, relative to the output folder.
const (
	MasterPlaylist = "master.m3u8"
	Poster         = "poster.jpg"
	Storyboard     = "storyboard.jpg"
	// StoryboardGrid is the storyboard's tiles per row and column.
	StoryboardGrid = 5
	// StoryboardTileWidth is each thumbnail's width in pixels.
	StoryboardTileWidth = 160
)

// Args is the one ffmpeg command for the whole ladder: a single decode
// split into one scaler per rendition plus the poster and storyboard
// branches, run in the output folder.
func Args(j Job) []string {
	n := len(j.Renditions)
	args := []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y",
		"-progress", "pipe:1",
		"-protocol_whitelist", "file,pipe", "-format_whitelist", media.SafeDemuxers(), "-f", j.Format, "-i", "file:" + j.Input,
		"-filter_complex", filterGraph(j)}
	for i := range n {
		args = append(args, "-map", fmt.Sprintf("[v%d]", i))
		if j.Audio {
			args = append(args, "-map", "0:a:0")
		}
	}
	gop := strconv.Itoa(gopFrames(j))
	args = append(args, "-c:v", "libx264", "-preset", j.Profile.Preset, "-profile:v", "high", "-pix_fmt", "yuv420p",
		"-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
		"-force_key_frames", fmt.Sprintf("expr:gte(t,n_forced*%d)", j.Profile.KeyframeSeconds))
	for i, r := range j.Renditions {
		s := strconv.Itoa(i)
		args = append(args, "-b:v:"+s, kbps(r.VideoKbps), "-maxrate:v:"+s, kbps(r.VideoKbps*107/100),
			"-bufsize:v:"+s, kbps(r.VideoKbps*3/2), "-level:v:"+s, fmt.Sprintf("%d.%d", r.Level/10, r.Level%10))
	}
	if j.Audio {
		args = append(args, "-c:a", "aac", "-b:a", kbps(j.Profile.AudioKbps), "-ac", "2", "-ar", "48000")
	}
	// EVENT playlists, segments renamed into place when finished: the
	// worker publishes what each playlist lists while ffmpeg runs, then
	// finalises them to VOD (publish.go).
	args = append(args, "-f", "hls", "-hls_time", strconv.Itoa(j.Profile.SegmentSeconds),
		"-hls_playlist_type", "event", "-hls_segment_type", "mpegts", "-hls_flags", "independent_segments+temp_file",
		"-hls_key_info_file", j.KeyInfo, "-hls_segment_filename", "%v/seg_%05d.ts",
		"-var_stream_map", streamMap(j), "%v/index.m3u8")
	if !j.NoStills {
		args = append(args, "-map", "[poster]", "-frames:v", "1", "-q:v", "3", Poster,
			"-map", "[story]", "-frames:v", "1", "-q:v", "5", Storyboard)
	}
	return args
}

func filterGraph(j Job) string {
	n := len(j.Renditions)
	var b strings.Builder
	stills := 2
	if j.NoStills {
		stills = 0
	}
	fmt.Fprintf(&b, "[0:v]split=%d", n+stills)
	for i := range n {
		fmt.Fprintf(&b, "[s%d]", i)
	}
	if !j.NoStills {
		b.WriteString("[sp][ss]")
	}
	for i, r := range j.Renditions {
		fmt.Fprintf(&b, ";[s%d]scale=%d:%d[v%d]", i, r.Width, r.Height, i)
	}
	if j.NoStills {
		return b.String()
	}
	top := j.Renditions[0]
	for _, r := range j.Renditions {
		if r.Height > top.Height {
			top = r
		}
	}
	// The poster is the frame at a tenth of the video, at the top
	// rendition's size; the second trim ends the branch after it, so split
	// drops that branch's frames instead of queueing them. The storyboard
	// spreads grid*grid thumbnails over the whole duration.
	fmt.Fprintf(&b, ";[sp]trim=start=%s,trim=end_frame=1,scale=%d:%d[poster]", seconds(j.Duration/10), top.Width, top.Height)
	tiles := StoryboardGrid * StoryboardGrid
	fmt.Fprintf(&b, ";[ss]fps=%s,scale=%d:-2,tile=%dx%d[story]",
		seconds(float64(tiles)/max(j.Duration, 0.04)), StoryboardTileWidth, StoryboardGrid, StoryboardGrid)
	return b.String()
}

func streamMap(j Job) string {
	parts := make([]string, len(j.Renditions))
	for i, r := range j.Renditions {
		if j.Audio {
			parts[i] = fmt.Sprintf("v:%d,a:%d,name:%s", i, i, r.Name)
		} else {
			parts[i] = fmt.Sprintf("v:%d,name:%s", i, r.Name)
		}
	}
	return strings.Join(parts, " ")
}

func gopFrames(j Job) int {
	fps := j.FPS
	if fps <= 0 {
		fps = 30
	}
	return max(1, int(math.Round(fps*float64(j.Profile.KeyframeSeconds))))
}

func kbps(k int) string { return strconv.Itoa(k) + "k" }

func seconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }
