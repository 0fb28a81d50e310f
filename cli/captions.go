package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

// maxCaptionFile matches the server's limit on a text track upload.
const maxCaptionFile = 1 << 20

// captions adds, lists and deletes a video's text tracks.
func captions(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usageError{fmt.Errorf("captions: want add, list or delete")}
	}
	defer func() {
		if e.client != nil {
			e.persist()
		}
	}()
	switch sub, rest := args[0], args[1:]; sub {
	case "add":
		return captionAdd(ctx, e, fs, rest)
	case "list":
		pos, err := e.parseInterspersed(fs, rest)
		if err != nil {
			return err
		}
		if err := needArgs(pos, 1, "captions list VIDEO"); err != nil {
			return err
		}
		res, err := e.client.Videos.ListTextTracks(ctx, connect.NewRequest(&videov1.ListTextTracksRequest{VideoId: pos[0]}))
		if err != nil {
			return err
		}
		e.printTracks(res.Msg)
		return nil
	case "delete":
		pos, err := e.parseInterspersed(fs, rest)
		if err != nil {
			return err
		}
		if err := needArgs(pos, 2, "captions delete VIDEO TRACK"); err != nil {
			return err
		}
		if _, err := e.client.Videos.DeleteTextTrack(ctx, connect.NewRequest(&videov1.DeleteTextTrackRequest{VideoId: pos[0], TrackId: pos[1]})); err != nil {
			return err
		}
		if e.json {
			e.printJSON(map[string]any{"deleted": pos[1]})
		} else {
			fmt.Fprintln(e.stdout, "deleted", pos[1])
		}
		return nil
	default:
		return usageError{fmt.Errorf("captions: unknown subcommand %q", sub)}
	}
}

func captionAdd(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	lang := fs.String("language", "", "BCP-47 language tag, e.g. en, pt-BR (required)")
	name := fs.String("name", "", "name players show (default: the language tag)")
	kind := fs.String("kind", "subtitles", "subtitles or captions (SDH)")
	def := fs.Bool("default", false, "players select this track unless told otherwise")
	forced := fs.Bool("forced", false, "shown even with subtitles off")
	pos, err := e.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 2, "captions add VIDEO FILE"); err != nil {
		return err
	}
	k, ok := videov1.TextTrackKind_value["TEXT_TRACK_KIND_"+strings.ToUpper(*kind)]
	if !ok || k == 0 {
		return usageError{fmt.Errorf("--kind %q: want subtitles or captions", *kind)}
	}
	if *lang == "" {
		return usageError{fmt.Errorf("--language is required")}
	}
	if *name == "" {
		*name = *lang
	}
	content, err := readCaptionFile(pos[1])
	if err != nil {
		return err
	}
	res, err := e.client.Videos.AddTextTrack(ctx, connect.NewRequest(&videov1.AddTextTrackRequest{
		VideoId: pos[0], Language: *lang, Name: *name, Kind: videov1.TextTrackKind(k),
		IsDefault: *def, Forced: *forced, Content: content,
	}))
	if err != nil {
		return err
	}
	if e.json {
		e.printProto(res.Msg)
		return nil
	}
	verb := "added"
	if res.Msg.GetReplaced() {
		verb = "replaced"
	}
	t := res.Msg.GetTrack()
	fmt.Fprintf(e.stdout, "%s %s  %s  %s  (%d cues)\n", verb, t.GetId(), t.GetLanguage(), t.GetName(), t.GetCueCount())
	return nil
}

func readCaptionFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, usageError{err}
	}
	if st.Size() > maxCaptionFile {
		return nil, usageError{fmt.Errorf("%s: %d bytes; a text track may have at most %d", path, st.Size(), maxCaptionFile)}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError{err}
	}
	return b, nil
}

func (e *env) printTracks(m *videov1.ListTextTracksResponse) {
	if e.json {
		e.printProto(m)
		return
	}
	for _, t := range m.GetTracks() {
		var flags []string
		if t.GetIsDefault() {
			flags = append(flags, "default")
		}
		if t.GetForced() {
			flags = append(flags, "forced")
		}
		kind := strings.ToLower(strings.TrimPrefix(t.GetKind().String(), "TEXT_TRACK_KIND_"))
		fmt.Fprintf(e.stdout, "%s  %-8s  %-9s  %4d cues  %s  %s\n", t.GetId(), t.GetLanguage(), kind, t.GetCueCount(), t.GetName(), strings.Join(flags, ","))
	}
}

// videoPoster sets whether anyone may see the video's poster.
func videoPoster(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	pos, err := e.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 2, "videos poster ID public|private"); err != nil {
		return err
	}
	if pos[1] != "public" && pos[1] != "private" {
		return usageError{fmt.Errorf("videos poster: want public or private, not %q", pos[1])}
	}
	res, err := e.client.Videos.UpdateVideo(ctx, connect.NewRequest(&videov1.UpdateVideoRequest{
		Id: pos[0], PublicPoster: pos[1] == "public", UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"public_poster"}},
	}))
	if err != nil {
		return err
	}
	e.printVideo(res.Msg.GetVideo())
	return nil
}
