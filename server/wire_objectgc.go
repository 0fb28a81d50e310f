package server

import (
	"slices"

	"github.com/streamgate/streamgate/server/objectgc"
)

// feedsObjectGC is every service that queues objects for deletion: the
// collector runs whenever one of them is hosted, so no split of
// --services leaves their objects behind.
var feedsObjectGC = []string{"video", "upload", "transcode"}

func (m *mounter) wireObjectGC() error {
	if !slices.ContainsFunc(feedsObjectGC, func(s string) bool { return hosts(m.cfg.Services, s) }) {
		return nil
	}
	gc, err := objectgc.New(m.cfg.Svc.ObjectGC, objectgc.Deps{Store: m.deps.Store, S3: m.deps.S3, Bucket: m.deps.Bucket, Log: m.deps.Log})
	if err != nil {
		return err
	}
	m.life.Add("objectgc: sweep", gc.Run)
	return nil
}
