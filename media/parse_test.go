package media_test

import (
	"errors"
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
	l := media.DefaultLimits()
	f.Fuzz(func(t *testing.T, out []byte) {
		info, err := media.Parse(out, l)
		if err != nil {
			if !errors.Is(err, media.ErrRejected) {
				t.Fatalf("error outside ErrRejected: %v", err)
			}
			return
		}
		if info.Width < 1 || info.Width > l.MaxWidth || info.Height < 1 || info.Height > l.MaxHeight ||
			info.Duration <= 0 || info.Duration > l.MaxDuration || info.Streams > l.MaxStreams || info.VideoCodec == "" ||
			info.FPS < 0 || math.IsNaN(info.FPS) || math.IsInf(info.FPS, 0) {
			t.Fatalf("accepted out of limits: %+v", info)
		}
		if _, ok := media.Demuxer(info.Format); !ok {
			t.Fatalf("accepted container %q, which the worker does not open", info.Format)
		}
	})
}
