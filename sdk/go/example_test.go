package streamgate_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"connectrpc.com/connect"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// Sign in with a wallet key; the client keeps and refreshes the session.
func ExampleClient_SignIn() {
	ctx := context.Background()
	c := streamgate.New("http://127.0.0.1:8080")
	signer, err := streamgate.KeySignerFromHex(os.Getenv("STREAMGATE_DEMO_HOLDER_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	addr, err := c.SignIn(ctx, signer, 31337)
	if err != nil {
		log.Fatal(connect.CodeOf(err), err)
	}
	fmt.Println("signed in as", addr)
}

// Upload a file, keeping the upload id so an interrupted upload resumes.
func ExampleClient_UploadFile() {
	ctx := context.Background()
	c := streamgate.New("http://127.0.0.1:8080") // signed in as the video's owner
	v, err := c.Videos.CreateVideo(ctx, connect.NewRequest(&videov1.CreateVideoRequest{
		Title: "Trailer", Visibility: videov1.Visibility_VISIBILITY_PUBLIC,
	}))
	if err != nil {
		log.Fatal(err)
	}
	var uploadID string
	_, err = c.UploadFile(ctx, v.Msg.GetVideo().GetId(), "trailer.mp4", streamgate.UploadOptions{
		OnCreate: func(id string) { uploadID = id },
		Progress: func(stored, total int64) { fmt.Printf("\r%d / %d bytes", stored, total) },
	})
	if err != nil {
		// Later, from any machine: UploadOptions{UploadID: uploadID} sends only
		// the parts not yet stored.
		log.Fatal("upload ", uploadID, ": ", err)
	}
}

// Wait until the worker has transcoded a video.
func ExampleClient_WaitReady() {
	c := streamgate.New("http://127.0.0.1:8080")
	v, err := c.WaitReady(context.Background(), "VIDEO-ID", func(v *videov1.Video) {
		fmt.Printf("%s %.0f%%\n", v.GetStatus(), v.GetProgress()*100)
	})
	if errors.Is(err, streamgate.ErrVideoFailed) {
		log.Fatal(err) // carries the server's reason
	}
	fmt.Println(len(v.GetRenditions()), "renditions")
}

// Get a playback URL for the signed-in viewer, and renew it before expiry.
func ExampleClient_Authorize() {
	ctx := context.Background()
	c := streamgate.New("http://127.0.0.1:8080")
	grant, err := c.Authorize(ctx, "VIDEO-ID")
	if connect.CodeOf(err) == connect.CodePermissionDenied {
		log.Fatal("the gate said no: ", err) // says what the wallet lacks
	}
	fmt.Println(grant.GetPlaybackUrl())
	grant, err = c.Renew(ctx, grant.GetToken())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("valid until", grant.GetExpireTime().AsTime())
}
