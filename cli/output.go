package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

func (e *env) printJSON(v any) {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// printProto prints a message as protojson (for --json).
func (e *env) printProto(m proto.Message) {
	b, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(m)
	if err != nil {
		fmt.Fprintln(e.stderr, "streamgate: encode:", err)
		return
	}
	fmt.Fprintln(e.stdout, string(b))
}

func statusName(s videov1.Status) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "STATUS_"))
}

func (e *env) printVideo(v *videov1.Video) {
	if e.json {
		e.printProto(v)
		return
	}
	fmt.Fprintf(e.stdout, "%s  %s\n", v.GetId(), v.GetTitle())
	fmt.Fprintf(e.stdout, "  owner       %s\n", v.GetOwnerAddress())
	fmt.Fprintf(e.stdout, "  status      %s", statusName(v.GetStatus()))
	if v.GetStatus() == videov1.Status_STATUS_PROCESSING {
		fmt.Fprintf(e.stdout, " (%.0f%%)", v.GetProgress()*100)
	}
	if r := v.GetFailureReason(); r != "" {
		fmt.Fprintf(e.stdout, ": %s", r)
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprintf(e.stdout, "  visibility  %s\n", strings.ToLower(strings.TrimPrefix(v.GetVisibility().String(), "VISIBILITY_")))
	if d := v.GetDuration().AsDuration(); d > 0 {
		fmt.Fprintf(e.stdout, "  media       %s, %dx%d, %s/%s\n", d.Round(time.Millisecond), v.GetWidth(), v.GetHeight(), v.GetVideoCodec(), v.GetAudioCodec())
	}
	if len(v.GetTags()) > 0 {
		fmt.Fprintf(e.stdout, "  tags        %s\n", strings.Join(v.GetTags(), ", "))
	}
	if v.GetGated() {
		fmt.Fprintln(e.stdout, "  gated       yes")
	}
	if v.GetPublicPoster() {
		fmt.Fprintln(e.stdout, "  poster      public")
	}
}

func (e *env) printVideoRows(vs []*videov1.Video, next string) {
	if e.json {
		e.printProto(&videov1.ListVideosResponse{Videos: vs, NextPageToken: next})
		return
	}
	for _, v := range vs {
		fmt.Fprintf(e.stdout, "%s  %-10s  %s\n", v.GetId(), statusName(v.GetStatus()), v.GetTitle())
	}
	if next != "" {
		fmt.Fprintf(e.stderr, "(more: --page-token %s)\n", next)
	}
}
