package transcode

import (
	"context"

	"connectrpc.com/connect"

	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
)

// PresignOutputs returns PUT URLs for the named files under the
// attempt's own prefix; the request's rules already confine each path
// to one or two plain name segments.
func (s *Service) PresignOutputs(ctx context.Context, req *connect.Request[transcodev1.PresignOutputsRequest]) (*connect.Response[transcodev1.PresignOutputsResponse], error) {
	l, err := parseLease(req.Msg.GetJobId(), req.Msg.GetLeaseToken())
	if err != nil {
		return nil, err
	}
	j, err := s.locked(ctx, s.store.Queries, l)
	if err != nil {
		return nil, err
	}
	prefix := AttemptPrefix(j.VideoID, j.ID, j.Attempt)
	res := &transcodev1.PresignOutputsResponse{}
	for _, p := range req.Msg.GetPaths() {
		u, err := s.objects.PresignPut(ctx, prefix+p, s.cfg.URLExpiry)
		if err != nil {
			return nil, err
		}
		res.Outputs = append(res.Outputs, &transcodev1.PresignedOutput{Path: p, Url: u})
	}
	return connect.NewResponse(res), nil
}
