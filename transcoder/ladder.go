package transcoder

import (
	"cmp"
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

// AAC is the RFC 6381 codec string of AAC-LC, every rendition's audio.
const AAC = "mp4a.40.2"

// Codecs is the RFC 6381 codec string: H.264 High at the rendition's
// level, plus AAC-LC when there is audio; AAC alone for an audio-only
// rendition.
func (r Rendition) Codecs(audio bool) string {
	if r.AudioOnly() {
		return AAC
	}
	c := fmt.Sprintf("avc1.6400%02x", r.Level)
	if audio {
		c += "," + AAC
	}
	return c
}

// AudioOnly reports a rendition without video (no size).
func (r Rendition) AudioOnly() bool { return r.Height == 0 }

// AudioRendition is the audio-only rendition of the ladder, for viewers
// on poor connections and the whole ladder of an audio-only source.
const AudioRendition = "audio"

// PlanAudio is the ladder's audio-only renditions: one at the profile's
// AudioOnlyKbps beside a video ladder (none when that is 0), and for an
// audio-only source also one at the full AudioKbps, so it still has a
// ladder.
func PlanAudio(p Profile, src media.Info) []Rendition {
	if src.AudioCodec == "" {
		return nil
	}
	var out []Rendition
	if src.VideoCodec == "" {
		out = append(out, Rendition{Rung: Rung{Name: AudioRendition + "-hi", AudioKbps: p.AudioKbps}})
	}
	if p.AudioOnlyKbps > 0 || src.VideoCodec == "" {
		out = append(out, Rendition{Rung: Rung{Name: AudioRendition, AudioKbps: cmp.Or(p.AudioOnlyKbps, p.AudioKbps)}})
	}
	return out
}

// Plan fits the profile's rungs to the source: rungs taller than the
// source are dropped (never upscale); a source shorter than every rung
// gets one rendition at its own height.
func Plan(p Profile, src media.Info) []Rendition {
	var out []Rendition
	if src.Height <= 0 {
		return nil // audio only
	}
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
	// KeyInfo is ffmpeg's hls_key_info_file; Key the same key and IV,
	// with which the worker joins ffmpeg's pieces into segments
	// (regroup.go).
	KeyInfo string
	Key     Key
	// Renditions are the video rungs, highest first; AudioRenditions the
	// audio-only ones (see PlanAudio).
	Renditions      []Rendition
	AudioRenditions []Rendition
	Audio           bool
	Duration        float64 // seconds, for the poster and storyboard
	// FPS is the constant output frame rate (see OutputFPS); variable
	// frame rate sources are resampled to it.
	FPS float64
	// HDR sources are tone-mapped to SDR BT.709.
	HDR     media.HDR
	Profile Profile
	// Storyboard is the thumbnail grid (see PlanStoryboard).
	Storyboard StoryboardPlan
	// NoStills leaves out the poster and storyboard.
	NoStills bool
}

// Outputs written by every encode, relative to the output folder.
const (
	MasterPlaylist = "master.m3u8"
	Poster         = "poster.jpg"
)

// stills says whether the poster and storyboard are made: not for audio.
func (j Job) stills() bool { return !j.NoStills && len(j.Renditions) > 0 }

// Args is the one ffmpeg command for the whole ladder: a single decode
// (normalised once: constant frame rate, tone-mapped when HDR) split into
// one scaler per rendition plus the poster and storyboard branches, and
// the audio-only renditions, run in the output folder.
func Args(j Job) []string {
	n := len(j.Renditions)
	args := []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y",
		"-progress", "pipe:1",
		"-protocol_whitelist", "file,pipe", "-format_whitelist", media.SafeDemuxers(), "-f", j.Format, "-i", "file:" + j.Input}
	if n > 0 {
		args = append(args, "-filter_complex", filterGraph(j))
	}
	for i := range n {
		args = append(args, "-map", fmt.Sprintf("[v%d]", i))
		if j.Audio {
			args = append(args, "-map", "0:a:0")
		}
	}
	for range j.AudioRenditions {
		args = append(args, "-map", "0:a:0")
	}
	if n > 0 {
		args = append(args, videoCodec(j)...)
	}
	if j.Audio {
		args = append(args, "-c:a", "aac", "-b:a", kbps(j.Profile.AudioKbps), "-ac", "2", "-ar", "48000")
		for i, r := range j.AudioRenditions {
			args = append(args, "-b:a:"+strconv.Itoa(n+i), kbps(r.AudioKbps))
		}
	}
	// Pieces of one GOP in EVENT playlists, each renamed into place when
	// finished: the worker joins them into segments as they come
	// (regroup.go), publishes those while ffmpeg runs, then finalises
	// the playlists to VOD (publish.go).
	args = append(args, "-f", "hls", "-hls_time", strconv.Itoa(j.Profile.KeyframeSeconds),
		"-hls_playlist_type", "event", "-hls_segment_type", "mpegts", "-hls_flags", "independent_segments+temp_file",
		"-hls_key_info_file", j.KeyInfo, "-hls_segment_filename", "%v/"+partPrefix+"%05d.ts",
		"-var_stream_map", streamMap(j), "%v/"+PartsPlaylist)
	if j.stills() {
		// The storyboard's frames are sparse; passthrough keeps ffmpeg
		// from duplicating sheets to fill a frame rate.
		args = append(args, "-map", "[poster]", "-frames:v", "1", "-q:v", "3", Poster,
			"-map", "[story]", "-fps_mode", "passthrough", "-q:v", "5", "-start_number", "0", StoryboardSheets)
	}
	return args
}

func videoCodec(j Job) []string {
	gop := strconv.Itoa(gopFrames(j))
	args := []string{"-c:v", "libx264", "-preset", j.Profile.Preset, "-profile:v", "high", "-pix_fmt", "yuv420p",
		"-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
		"-force_key_frames", fmt.Sprintf("expr:gte(t,n_forced*%d)", j.Profile.KeyframeSeconds)}
	for i, r := range j.Renditions {
		s := strconv.Itoa(i)
		args = append(args, "-b:v:"+s, kbps(r.VideoKbps), "-maxrate:v:"+s, kbps(r.VideoKbps*107/100),
			"-bufsize:v:"+s, kbps(r.VideoKbps*3/2), "-level:v:"+s, fmt.Sprintf("%d.%d", r.Level/10, r.Level%10))
	}
	if j.HDR != "" {
		args = append(args, "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709")
	}
	return args
}

func filterGraph(j Job) string {
	n := len(j.Renditions)
	var b strings.Builder
	stills := 0
	if j.stills() {
		stills = 2
	}
	// Normalised once, before the split: ffmpeg has already turned the
	// frames upright (autorotate); fps makes the rate constant.
	fmt.Fprintf(&b, "[0:v]fps=%s,%ssplit=%d", rational(j.FPS), toneMap(j.HDR), n+stills)
	for i := range n {
		fmt.Fprintf(&b, "[s%d]", i)
	}
	if stills > 0 {
		b.WriteString("[sp][ss]")
	}
	// Each size is the display size's, so setsar=1 makes pixels square
	// (anamorphic sources come out at their displayed aspect).
	for i, r := range j.Renditions {
		fmt.Fprintf(&b, ";[s%d]scale=%d:%d,setsar=1[v%d]", i, r.Width, r.Height, i)
	}
	if stills == 0 {
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
	// takes a frame every interval into sheets of tiles.
	fmt.Fprintf(&b, ";[sp]trim=start=%s,trim=end_frame=1,scale=%d:%d,setsar=1[poster]", seconds(j.Duration/10), top.Width, top.Height)
	sb := j.Storyboard
	fmt.Fprintf(&b, ";[ss]fps=1/%s,scale=%d:%d,setsar=1,tile=%dx%d[story]",
		seconds(sb.Interval), sb.TileWidth, sb.TileHeight, sb.Columns, sb.Rows)
	return b.String()
}

// toneMap is the filter chain (ending in a comma) that maps an HDR
// source to SDR BT.709: to linear light, tone-mapped (Hable, which keeps
// highlights), then to BT.709's primaries, transfer and matrix.
func toneMap(h media.HDR) string {
	if h == "" {
		return ""
	}
	return "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0," +
		"zscale=t=bt709:m=bt709:r=tv,format=yuv420p,"
}

func streamMap(j Job) string {
	var parts []string
	for i, r := range j.Renditions {
		if j.Audio {
			parts = append(parts, fmt.Sprintf("v:%d,a:%d,name:%s", i, i, r.Name))
		} else {
			parts = append(parts, fmt.Sprintf("v:%d,name:%s", i, r.Name))
		}
	}
	for i, r := range j.AudioRenditions {
		parts = append(parts, fmt.Sprintf("a:%d,name:%s", len(j.Renditions)+i, r.Name))
	}
	return strings.Join(parts, " ")
}

// OutputFPS is the constant frame rate made from a source's: its own up to
// 60 (a 120 fps phone clip plays at 60), 30 when unknown.
func OutputFPS(src float64) float64 {
	switch {
	case src <= 0:
		return 30
	case src > 60:
		return 60
	}
	return src
}

// rational writes a frame rate for the fps filter, exact for the NTSC
// rates (30000/1001) so no frame is dropped over a long video.
func rational(fps float64) string {
	fps = OutputFPS(fps)
	for _, n := range []int{24, 30, 48, 60} {
		if ntsc := float64(n) * 1000 / 1001; math.Abs(fps-ntsc) < 0.005 {
			return fmt.Sprintf("%d/1001", n*1000)
		}
	}
	if math.Abs(fps-math.Round(fps)) < 0.005 {
		return strconv.Itoa(int(math.Round(fps)))
	}
	return seconds(fps)
}

func gopFrames(j Job) int {
	return max(1, int(math.Round(OutputFPS(j.FPS)*float64(j.Profile.KeyframeSeconds))))
}

func kbps(k int) string { return strconv.Itoa(k) + "k" }

func seconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }
