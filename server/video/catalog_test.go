package video_test

import (
	"context"
	"fmt"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

func create(t *testing.T, c interface {
	CreateVideo(context.Context, *connect.Request[videov1.CreateVideoRequest]) (*connect.Response[videov1.CreateVideoResponse], error)
}, title string, vis videov1.Visibility, tags ...string) *videov1.Video {
	t.Helper()
	res, err := c.CreateVideo(context.Background(), connect.NewRequest(&videov1.CreateVideoRequest{
		Title: title, Description: "about " + title, Tags: tags, Visibility: vis,
	}))
	if err != nil {
		t.Fatalf("create %q: %v", title, err)
	}
	return res.Msg.Video
}

func TestCreateGetUpdate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for name, opts := range map[string][]connect.ClientOption{
		"connect": nil, "grpc": {connect.WithGRPC()}, "grpc-web": {connect.WithGRPCWeb()},
	} {
		t.Run(name, func(t *testing.T) {
			a := e.client(alice, opts...)
			v := create(t, a, "Sunset "+name, videov1.Visibility_VISIBILITY_PUBLIC, "nature")
			if v.OwnerAddress != alice || v.Status != videov1.Status_STATUS_WAITING_UPLOAD || v.Title != "Sunset "+name {
				t.Fatalf("created %v", v)
			}
			got, err := e.client("", opts...).GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: v.Id}))
			if err != nil || got.Msg.Video.Id != v.Id {
				t.Fatalf("anonymous get of a public video: %v %v", got, err)
			}
			up, err := a.UpdateVideo(ctx, connect.NewRequest(&videov1.UpdateVideoRequest{
				Id: v.Id, Title: "Dawn", Tags: []string{"sky", "morning"},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title", "tags"}},
			}))
			if err != nil {
				t.Fatal(err)
			}
			if up.Msg.Video.Title != "Dawn" || up.Msg.Video.Description != v.Description || len(up.Msg.Video.Tags) != 2 || up.Msg.Video.Downloadable {
				t.Fatalf("updated %v", up.Msg.Video)
			}
			// Downloads: on only when named in the mask, off again likewise.
			for _, on := range []bool{true, false} {
				up, err = a.UpdateVideo(ctx, connect.NewRequest(&videov1.UpdateVideoRequest{
					Id: v.Id, Downloadable: on, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"downloadable"}},
				}))
				if err != nil || up.Msg.Video.Downloadable != on || up.Msg.Video.Title != "Dawn" {
					t.Fatalf("downloadable %v: %v %v", on, up.Msg.GetVideo(), err)
				}
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a, b, anon := e.client(alice), e.client(bob), e.client("")
	pub := create(t, a, "public", videov1.Visibility_VISIBILITY_PUBLIC)
	unl := create(t, a, "unlisted", videov1.Visibility_VISIBILITY_UNLISTED)
	priv := create(t, a, "private", videov1.Visibility_VISIBILITY_PRIVATE)

	_, err := anon.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{Title: "x", Visibility: videov1.Visibility_VISIBILITY_PUBLIC}))
	wantCode(t, err, connect.CodeUnauthenticated)
	_, err = e.client("not-a-token").GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: pub.Id}))
	wantCode(t, err, connect.CodeUnauthenticated)

	for _, v := range []*videov1.Video{pub, unl} {
		if _, err := b.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: v.Id})); err != nil {
			t.Fatalf("bob reads %s: %v", v.Title, err)
		}
	}
	_, err = b.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: priv.Id}))
	wantCode(t, err, connect.CodeNotFound)
	if _, err := a.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: priv.Id})); err != nil {
		t.Fatalf("owner reads private: %v", err)
	}

	mask := &fieldmaskpb.FieldMask{Paths: []string{"title"}}
	_, err = b.UpdateVideo(ctx, connect.NewRequest(&videov1.UpdateVideoRequest{Id: pub.Id, Title: "mine now", UpdateMask: mask}))
	wantCode(t, err, connect.CodePermissionDenied)
	_, err = b.DeleteVideo(ctx, connect.NewRequest(&videov1.DeleteVideoRequest{Id: pub.Id}))
	wantCode(t, err, connect.CodePermissionDenied)
	_, err = b.DeleteVideo(ctx, connect.NewRequest(&videov1.DeleteVideoRequest{Id: priv.Id}))
	wantCode(t, err, connect.CodeNotFound)
	got, err := anon.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: pub.Id}))
	if err != nil || got.Msg.Video.Title != "public" {
		t.Fatalf("refused writes changed the video: %v %v", got, err)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a := e.client(alice)
	v := create(t, a, "keep me", videov1.Visibility_VISIBILITY_PUBLIC, "tag")
	cases := map[string]error{}
	_, cases["empty title"] = a.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{Visibility: videov1.Visibility_VISIBILITY_PUBLIC}))
	_, cases["no visibility"] = a.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{Title: "x"}))
	_, cases["bad tag"] = a.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{Title: "x", Tags: []string{"-bad"}, Visibility: videov1.Visibility_VISIBILITY_PUBLIC}))
	_, cases["bad id"] = a.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: "42"}))
	_, cases["bad page token"] = a.ListVideos(ctx, connect.NewRequest(&videov1.ListVideosRequest{PageToken: "garbage"}))
	_, cases["bad search token"] = a.SearchVideos(ctx, connect.NewRequest(&videov1.SearchVideosRequest{Query: "x", PageToken: "garbage"}))
	_, cases["list token to search"] = a.SearchVideos(ctx, connect.NewRequest(&videov1.SearchVideosRequest{Query: "x", PageToken: "YwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}))
	_, cases["empty query"] = a.SearchVideos(ctx, connect.NewRequest(&videov1.SearchVideosRequest{}))
	_, cases["no mask"] = a.UpdateVideo(ctx, connect.NewRequest(&videov1.UpdateVideoRequest{Id: v.Id, Title: "y"}))
	_, cases["unknown mask path"] = a.UpdateVideo(ctx, connect.NewRequest(&videov1.UpdateVideoRequest{Id: v.Id, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"status"}}}))
	_, cases["empty title in mask"] = a.UpdateVideo(ctx, connect.NewRequest(&videov1.UpdateVideoRequest{Id: v.Id, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title"}}}))
	_, cases["unspecified visibility"] = a.UpdateVideo(ctx, connect.NewRequest(&videov1.UpdateVideoRequest{Id: v.Id, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}}}))
	_, cases["page too big"] = a.ListVideos(ctx, connect.NewRequest(&videov1.ListVideosRequest{PageSize: 1000}))
	_, cases["bad owner"] = a.ListVideos(ctx, connect.NewRequest(&videov1.ListVideosRequest{OwnerAddress: "bob"}))
	for name, err := range cases {
		if connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("%s: got %v, want invalid_argument", name, err)
		}
	}
	_, err := a.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: "00000000-0000-4000-8000-000000000000"}))
	wantCode(t, err, connect.CodeNotFound)
	got, err := a.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: v.Id}))
	if err != nil || got.Msg.Video.Title != "keep me" || len(got.Msg.Video.Tags) != 1 {
		t.Fatalf("bad input changed the video: %v %v", got, err)
	}
}

func TestListPagesAndFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a, b := e.client(alice), e.client(bob)
	var want []string
	for i := range 7 {
		v := create(t, a, fmt.Sprintf("a%d", i), videov1.Visibility_VISIBILITY_PUBLIC, fmt.Sprintf("t%d", i%2))
		want = append([]string{v.Id}, want...)
	}
	create(t, a, "a-private", videov1.Visibility_VISIBILITY_PRIVATE)
	create(t, a, "a-unlisted", videov1.Visibility_VISIBILITY_UNLISTED)
	create(t, b, "b0", videov1.Visibility_VISIBILITY_PUBLIC)

	// Paging alice's public videos as bob, three at a time, newest first.
	var got []string
	tok := ""
	for pages := 0; ; pages++ {
		res, err := b.ListVideos(ctx, connect.NewRequest(&videov1.ListVideosRequest{PageSize: 3, PageToken: tok, OwnerAddress: alice}))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range res.Msg.Videos {
			got = append(got, v.Id)
		}
		if tok = res.Msg.NextPageToken; tok == "" {
			break
		}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("pages: got %v, want %v", got, want)
	}

	count := func(c interface {
		ListVideos(context.Context, *connect.Request[videov1.ListVideosRequest]) (*connect.Response[videov1.ListVideosResponse], error)
	}, req *videov1.ListVideosRequest) int {
		t.Helper()
		res, err := c.ListVideos(ctx, connect.NewRequest(req))
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Msg.Videos)
	}
	lower := "0xa11ce00000000000000000000000000000000001"
	for name, tc := range map[string]struct {
		n   int
		got int
	}{
		"everyone's public":           {8, count(e.client(""), &videov1.ListVideosRequest{PageSize: 100})},
		"own, all visibilities":       {9, count(a, &videov1.ListVideosRequest{OwnerAddress: alice})},
		"own, lowercase address":      {9, count(a, &videov1.ListVideosRequest{OwnerAddress: lower})},
		"someone else's: public only": {7, count(b, &videov1.ListVideosRequest{OwnerAddress: alice})},
		"own, not filtering by owner": {8, count(a, &videov1.ListVideosRequest{})},
		"by tag":                      {3, count(b, &videov1.ListVideosRequest{Tag: "t1"})},
		"by status":                   {8, count(b, &videov1.ListVideosRequest{Status: videov1.Status_STATUS_WAITING_UPLOAD})},
		"by other status":             {0, count(b, &videov1.ListVideosRequest{Status: videov1.Status_STATUS_READY})},
	} {
		if tc.got != tc.n {
			t.Errorf("%s: %d videos, want %d", name, tc.got, tc.n)
		}
	}
}

func TestSearchRanks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a := e.client(alice)
	inDesc, _ := a.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "Holiday", Description: "we saw a volcano", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	inTitle := create(t, a, "Volcano eruption", videov1.Visibility_VISIBILITY_PUBLIC)
	inTags := create(t, a, "Mountains", videov1.Visibility_VISIBILITY_PUBLIC, "volcano")
	create(t, a, "Volcano secret", videov1.Visibility_VISIBILITY_PRIVATE)
	create(t, a, "Beach", videov1.Visibility_VISIBILITY_PUBLIC)

	res, err := e.client("").SearchVideos(ctx, connect.NewRequest(&videov1.SearchVideosRequest{Query: "volcano"}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range res.Msg.Videos {
		got = append(got, v.Id)
	}
	want := []string{inTitle.Id, inTags.Id, inDesc.Msg.Video.Id}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ranking: got %v, want title, tags, description %v", got, want)
	}
	res, err = a.SearchVideos(ctx, connect.NewRequest(&videov1.SearchVideosRequest{Query: "volcano -eruption", PageSize: 1}))
	if err != nil || len(res.Msg.Videos) != 1 || res.Msg.Videos[0].Id != inTags.Id || res.Msg.NextPageToken == "" {
		t.Fatalf("page 1 of a negated query: %v %v", res, err)
	}
	res, err = a.SearchVideos(ctx, connect.NewRequest(&videov1.SearchVideosRequest{Query: "volcano -eruption", PageSize: 1, PageToken: res.Msg.NextPageToken}))
	if err != nil || len(res.Msg.Videos) != 1 || res.Msg.Videos[0].Id != inDesc.Msg.Video.Id || res.Msg.NextPageToken != "" {
		t.Fatalf("page 2: %v %v", res, err)
	}
	// Query syntax is never an error: websearch_to_tsquery accepts anything.
	for _, q := range []string{`"unclosed`, "& | !", "(((", "-"} {
		if _, err := a.SearchVideos(ctx, connect.NewRequest(&videov1.SearchVideosRequest{Query: q})); err != nil {
			t.Errorf("query %q: %v", q, err)
		}
	}
}

func TestGatedFlag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a := e.client(alice)
	create(t, a, "open", videov1.Visibility_VISIBILITY_PUBLIC)
	gated := create(t, a, "gated", videov1.Visibility_VISIBILITY_PUBLIC)
	// The gate service owns access_rules; a row there is what gates a video.
	if _, err := e.pool.Exec(ctx, "INSERT INTO access_rules (video_id, rule, rule_hash) VALUES ($1, '{}', repeat('a', 64))", gated.Id); err != nil {
		t.Fatal(err)
	}
	got, err := a.GetVideo(ctx, connect.NewRequest(&videov1.GetVideoRequest{Id: gated.Id}))
	if err != nil || !got.Msg.Video.Gated {
		t.Fatalf("gated video: %v %v", got, err)
	}
	res, err := a.ListVideos(ctx, connect.NewRequest(&videov1.ListVideosRequest{}))
	if err != nil || len(res.Msg.Videos) != 2 {
		t.Fatalf("list: %v %v", res, err)
	}
	for _, v := range res.Msg.Videos {
		if v.Gated != (v.Id == gated.Id) {
			t.Errorf("%s: gated=%v", v.Title, v.Gated)
		}
	}
}
