package media_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/streamgate/streamgate/media"
)

const goodProbe = `{"streams":[{"codec_type":"video","codec_name":"h264","width":160,"height":120,"avg_frame_rate":"30000/1001","r_frame_rate":"30/1"},
{"codec_type":"audio","codec_name":"aac"}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"2.000000","nb_streams":2}}`

func TestParse(t *testing.T) {
	t.Parallel()
	info, err := media.Parse([]byte(goodProbe), media.DefaultLimits())
	if err != nil || info.Width != 160 || info.Format != "mov" || info.Duration.Seconds() != 2 || info.FPS < 29.9 || info.FPS > 30 {
		t.Fatalf("%+v %v", info, err)
	}
	// Only mp4 among the mov demuxer's names is enough for a mov file.
	if _, err := media.Parse([]byte(goodProbe), media.Limits{Formats: []string{"mp4"}}.WithDefaults()); err != nil {
		t.Fatalf("mp4 only: %v", err)
	}
	for name, tc := range map[string]struct {
		out  string
		want string
	}{
		"turned":      {`{"streams":[{"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]}],"format":{"format_name":"mov","duration":"1"}}`, "1080x1920 270 "},
		"old tag":     {`{"streams":[{"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"tags":{"rotate":"90"}}],"format":{"format_name":"mov","duration":"1"}}`, "1080x1920 90 "},
		"upside down": {`{"streams":[{"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"side_data_list":[{"rotation":180}]}],"format":{"format_name":"mov","duration":"1"}}`, "1920x1080 180 "},
		"anamorphic":  {`{"streams":[{"codec_type":"video","codec_name":"mpeg2video","width":720,"height":576,"sample_aspect_ratio":"64:45"}],"format":{"format_name":"mpegts","duration":"1"}}`, "1024x576 0 "},
		"absurd sar":  {`{"streams":[{"codec_type":"video","codec_name":"h264","width":64,"height":64,"sample_aspect_ratio":"1000:1"}],"format":{"format_name":"mov","duration":"1"}}`, "64x64 0 "},
		"hlg":         {`{"streams":[{"codec_type":"video","codec_name":"hevc","width":64,"height":64,"color_transfer":"arib-std-b67"}],"format":{"format_name":"mov","duration":"1"}}`, "64x64 0 hlg"},
		"podcast":     {`{"streams":[{"codec_type":"audio","codec_name":"aac"},{"codec_type":"video","codec_name":"mjpeg","width":10,"height":10,"disposition":{"attached_pic":1}}],"format":{"format_name":"mov","duration":"1"}}`, "0x0 0 "},
	} {
		info, err := media.Parse([]byte(tc.out), media.DefaultLimits())
		if got := fmt.Sprintf("%dx%d %d %s", info.Width, info.Height, info.Rotation, info.HDR); err != nil || got != tc.want {
			t.Errorf("%s: %q %v, want %q", name, got, err, tc.want)
		}
	}
	for name, out := range map[string]string{
		"not json":        `{`,
		"no streams":      `{"format":{"format_name":"mov","duration":"1"}}`,
		"cover art only":  `{"streams":[{"codec_type":"video","codec_name":"mjpeg","width":10,"height":10,"disposition":{"attached_pic":1}}],"format":{"format_name":"mov","duration":"1"}}`,
		"nan duration":    `{"streams":[{"codec_type":"video","codec_name":"h264","width":10,"height":10}],"format":{"format_name":"mov","duration":"nan"}}`,
		"inf duration":    `{"streams":[{"codec_type":"video","codec_name":"h264","width":10,"height":10}],"format":{"format_name":"mov","duration":"inf"}}`,
		"zero width":      `{"streams":[{"codec_type":"video","codec_name":"h264","width":0,"height":10}],"format":{"format_name":"mov","duration":"1"}}`,
		"negative height": `{"streams":[{"codec_type":"video","codec_name":"h264","width":10,"height":-1}],"format":{"format_name":"mov","duration":"1"}}`,
		"many streams":    `{"streams":[],"format":{"format_name":"mov","duration":"1","nb_streams":5000}}`,
		"playlist":        `{"streams":[{"codec_type":"video","codec_name":"h264","width":10,"height":10}],"format":{"format_name":"hls","duration":"1"}}`,
		"alias first":     `{"streams":[{"codec_type":"video","codec_name":"h264","width":10,"height":10}],"format":{"format_name":"mp4,mov","duration":"1"}}`,
		"nameless audio":  `{"streams":[{"codec_type":"video","codec_name":"h264","width":10,"height":10},{"codec_type":"audio"}],"format":{"format_name":"mov","duration":"1"}}`,
		"huge duration":   `{"streams":[{"codec_type":"video","codec_name":"h264","width":10,"height":10}],"format":{"format_name":"mov","duration":"1e300"}}`,
	} {
		if _, err := media.Parse([]byte(out), media.DefaultLimits()); !errors.Is(err, media.ErrRejected) {
			t.Errorf("%s: got %v, want a rejection", name, err)
		}
	}
}

// FuzzParse feeds ffprobe output shapes a hostile file could provoke:
// Parse must never panic and must either accept within the limits or
// reject with ErrRejected.
func FuzzParse(f *testing.F) {
	f.Add([]byte(goodProbe))
	f.Add([]byte(`{"streams":[{"codec_type":"video","codec_name":"h264","width":1e9,"height":1}],"format":{"format_name":"mov","duration":"1e308"}}`))
	f.Add([]byte(`{"format":{"format_name":",,,","duration":"-1"}}`))
	f.Add([]byte(`{"streams":[{"codec_type":"video","codec_name":"vp9","width":64,"height":64,"avg_frame_rate":"1e400/1","r_frame_rate":"-5/0"}],"format":{"format_name":"matroska,webm","duration":"9.2e9"}}`))
	f.Add([]byte(`{"streams":[{"codec_type":"video","codec_name":"h264","width":7680,"height":4320,"sample_aspect_ratio":"4:1","side_data_list":[{"rotation":-90}],"color_transfer":"smpte2084"}],"format":{"format_name":"mov","duration":"1"}}`))
	f.Add([]byte(`{"streams":[{"codec_type":"video","codec_name":"h264","width":10,"height":10,"sample_aspect_ratio":"2147483647:1","tags":{"rotate":"1e308"}}],"format":{"format_name":"mov","duration":"1"}}`))
	f.Add([]byte(`{"streams":[{"codec_type":"audio","codec_name":"aac"}],"format":{"format_name":"mov","duration":"3"}}`))
	l := media.DefaultLimits()
	f.Fuzz(func(t *testing.T, out []byte) {
		info, err := media.Parse(out, l)
		if err != nil {
			if !errors.Is(err, media.ErrRejected) {
				t.Fatalf("error outside ErrRejected: %v", err)
			}
			return
		}
		// Shown sizes may be turned and stretched (at most 4x) from the
		// coded size the limits bound; audio only has none.
		side := 4 * max(l.MaxWidth, l.MaxHeight)
		video := info.VideoCodec != "" && info.Width >= 1 && info.Width <= side && info.Height >= 1 && info.Height <= side
		audio := info.VideoCodec == "" && info.AudioCodec != "" && info.Width == 0 && info.Height == 0
		if !video && !audio || info.Rotation%90 != 0 || info.Rotation < 0 || info.Rotation >= 360 ||
			info.Duration <= 0 || info.Duration > l.MaxDuration || info.Streams > l.MaxStreams ||
			info.FPS < 0 || math.IsNaN(info.FPS) || math.IsInf(info.FPS, 0) {
			t.Fatalf("accepted out of limits: %+v", info)
		}
		if _, ok := media.Demuxer(info.Format); !ok {
			t.Fatalf("accepted container %q, which the worker does not open", info.Format)
		}
	})
}
