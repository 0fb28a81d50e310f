package main

import (
	"flag"

	"github.com/streamgate/streamgate/server"
)

// registerServiceFlags adds the server's shared settings' flags and each
// service's own (flags_<service>.go); their defaults are c's.
func registerServiceFlags(fs *flag.FlagSet, c *server.Config) {
	contentKeyFlags(fs, &c.ContentKeys)
	authFlags(fs, &c.Svc.Auth)
	videoFlags(fs, &c.Svc.Video)
	uploadFlags(fs, &c.Svc.Upload)
	gateFlags(fs, &c.Svc.Gate)
	chainInfoFlags(fs, &c.Svc.Gate.Chains)
	playbackFlags(fs, &c.Svc.Playback)
	transcodeFlags(fs, &c.Svc.Transcode)
	objectGCFlags(fs, &c.Svc.ObjectGC)
	webhookFlags(fs, &c.Svc.Webhook)
	revokeFlags(fs, &c.Svc.Revoke)
	outageFlags(fs, &c.Outage)
}
