package media_test

import (
	"errors"
	"testing"

	"github.com/streamgate/streamgate/media"
)

const goodProbe = `{"streams":[{"codec_type":"video","codec_name":"h264","width":160,"height":120},
{"codec_type":"audio","codec_name":"aac"}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"2.000000","nb_streams":2}}`

func TestParse(t *testing.T) {
	t.Parallel()
	info, err := media.Parse([]byte(goodProbe), media.DefaultLimits())
	if err != nil || info.Width != 160 || info.Format != "mov" || info.Duration.Seconds() != 2 {
		t.Fatalf("%+v %v", info, err)
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
			info.Duration <= 0 || info.Duration > l.MaxDuration || info.Streams > l.MaxStreams || info.VideoCodec == "" {
			t.Fatalf("accepted out of limits: %+v", info)
		}
	})
}
