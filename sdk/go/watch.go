package streamgate

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"

	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

// ErrVideoFailed is returned by WaitReady when processing failed; the
// error text carries the server's reason.
var ErrVideoFailed = errors.New("video failed")

// WaitReady follows the video's status stream until it is ready (and
// returns it) or failed (ErrVideoFailed with the reason). onChange, when
// set, sees every state on the way, for progress bars.
func (c *Client) WaitReady(ctx context.Context, videoID string, onChange func(*videov1.Video)) (*videov1.Video, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.Videos.WatchVideo(ctx, connect.NewRequest(&videov1.WatchVideoRequest{Id: videoID}))
	if err != nil {
		return nil, err
	}
	defer stream.Close()
	for stream.Receive() {
		v := stream.Msg().GetVideo()
		if onChange != nil {
			onChange(v)
		}
		switch v.GetStatus() {
		case videov1.Status_STATUS_READY:
			return v, nil
		case videov1.Status_STATUS_FAILED:
			return v, fmt.Errorf("%w: %s", ErrVideoFailed, v.GetFailureReason())
		}
	}
	if err := stream.Err(); err != nil {
		return nil, err
	}
	return nil, errors.New("status stream ended before the video was ready")
}

// Authorize asks for a playback grant for the signed-in viewer; the
// grant's PlaybackUrl plays in any HLS player until its expiry. A refusal
// is a PermissionDenied error saying what the viewer lacks.
func (c *Client) Authorize(ctx context.Context, videoID string) (*playbackv1.Grant, error) {
	res, err := c.Playback.Authorize(ctx, connect.NewRequest(&playbackv1.AuthorizeRequest{VideoId: videoID}))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetGrant(), nil
}

// Renew exchanges a still-valid playback token for a fresh grant; the
// server checks the gate again.
func (c *Client) Renew(ctx context.Context, token string) (*playbackv1.Grant, error) {
	res, err := c.Playback.Renew(ctx, connect.NewRequest(&playbackv1.RenewRequest{Token: token}))
	if err != nil {
		return nil, err
	}
	return res.Msg.GetGrant(), nil
}
