package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"connectrpc.com/connect"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

func videos(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		return usageError{fmt.Errorf("videos: want create, list, get, search, delete or poster")}
	}
	defer func() {
		if e.client != nil {
			e.persist()
		}
	}()
	switch sub, rest := args[0], args[1:]; sub {
	case "create":
		return videoCreate(ctx, e, fs, rest)
	case "list":
		return videoList(ctx, e, fs, rest)
	case "poster":
		return videoPoster(ctx, e, fs, rest)
	case "get", "search", "delete":
		pos, err := e.parseInterspersed(fs, rest)
		if err != nil {
			return err
		}
		if err := needArgs(pos, 1, "videos "+sub+" ARG"); err != nil {
			return err
		}
		return videoByArg(ctx, e, sub, pos[0])
	default:
		return usageError{fmt.Errorf("videos: unknown subcommand %q", sub)}
	}
}

func videoCreate(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	title := fs.String("title", "", "title (required)")
	desc := fs.String("description", "", "description")
	tags := fs.String("tags", "", "comma-separated tags")
	vis := fs.String("visibility", "public", "public, unlisted or private")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	v, err := createVideo(ctx, e, *title, *desc, *tags, *vis)
	if err != nil {
		return err
	}
	e.printVideo(v)
	return nil
}

func createVideo(ctx context.Context, e *env, title, desc, tags, vis string) (*videov1.Video, error) {
	visibility, ok := videov1.Visibility_value["VISIBILITY_"+strings.ToUpper(vis)]
	if !ok {
		return nil, usageError{fmt.Errorf("--visibility %q: want public, unlisted or private", vis)}
	}
	res, err := e.client.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: title, Description: desc, Tags: splitComma(tags), Visibility: videov1.Visibility(visibility),
	}))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetVideo(), nil
}

func videoList(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	owner := fs.String("owner", "", "only this owner's videos (an address, or me)")
	status := fs.String("status", "", "only videos in this status (waiting_upload, uploaded, processing, ready, failed)")
	tag := fs.String("tag", "", "only videos with this tag")
	limit := fs.Uint("limit", 20, "page size")
	page := fs.String("page-token", "", "continue from a previous page")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	req := &videov1.ListVideosRequest{PageSize: uint32(*limit), PageToken: *page, Tag: *tag, OwnerAddress: *owner}
	if *owner == "me" {
		who, err := e.whoAmI(ctx)
		if err != nil {
			return err
		}
		req.OwnerAddress = who
	}
	if *status != "" {
		s, ok := videov1.Status_value["STATUS_"+strings.ToUpper(*status)]
		if !ok {
			return usageError{fmt.Errorf("--status %q is not a status", *status)}
		}
		req.Status = videov1.Status(s)
	}
	res, err := e.client.Videos.ListVideos(ctx, connect.NewRequest(req))
	if err != nil {
		return err
	}
	e.printVideoRows(res.Msg.GetVideos(), res.Msg.GetNextPageToken())
	return nil
}

func videoByArg(ctx context.Context, e *env, sub, arg string) error {
	switch sub {
	case "get":
		res, err := e.client.Videos.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: arg}))
		if err != nil {
			return err
		}
		e.printVideo(res.Msg.GetVideo())
	case "search":
		res, err := e.client.Videos.SearchVideos(ctx, connect.NewRequest(&videov1.SearchVideosRequest{Query: arg}))
		if err != nil {
			return err
		}
		e.printVideoRows(res.Msg.GetVideos(), res.Msg.GetNextPageToken())
	case "delete":
		if _, err := e.client.Videos.DeleteVideo(ctx, connect.NewRequest(&videov1.DeleteVideoRequest{Id: arg})); err != nil {
			return err
		}
		if e.json {
			e.printJSON(map[string]any{"deleted": arg})
		} else {
			fmt.Fprintln(e.stdout, "deleted", arg)
		}
	}
	return nil
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
