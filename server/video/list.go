package video

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/authn"
)

const defaultPageSize = 20

// ListVideos lists public videos newest first; filtering by one's own
// address also lists one's unlisted and private videos.
func (s *Service) ListVideos(ctx context.Context, req *connect.Request[videov1.ListVideosRequest]) (*connect.Response[videov1.ListVideosResponse], error) {
	m := req.Msg
	p := dbq.ListVideosParams{Lim: pageSize(m.PageSize) + 1}
	if c, ok := authn.FromContext(ctx); ok && acl.Owns(m.OwnerAddress, c.Address) {
		p.IncludeOwn, p.Viewer = true, c.Address
	}
	if m.OwnerAddress != "" {
		p.Owner = &m.OwnerAddress
	}
	if m.Status != videov1.Status_STATUS_UNSPECIFIED {
		st, _ := statusFromProto(m.Status)
		p.Status = &st
	}
	if m.Tag != "" {
		p.Tag = &m.Tag
	}
	if m.PageToken != "" {
		at, id, err := decodeCursor(m.PageToken)
		if err != nil {
			return nil, err
		}
		p.AfterCreated, p.AfterID = &at, &id
	}
	rows, err := s.deps.Store.ListVideos(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list videos: %w", err)
	}
	res := &videov1.ListVideosResponse{}
	if len(rows) == int(p.Lim) {
		rows = rows[:len(rows)-1]
		last := rows[len(rows)-1]
		res.NextPageToken = encodeCursor(last.CreatedAt, last.ID)
	}
	if res.Videos, err = s.describe(ctx, rows...); err != nil {
		return nil, err
	}
	return connect.NewResponse(res), nil
}

// SearchVideos ranks public videos by a web-search style query ("cat
// -dog", "\"exact phrase\"", "a or b") over title, tags and description.
func (s *Service) SearchVideos(ctx context.Context, req *connect.Request[videov1.SearchVideosRequest]) (*connect.Response[videov1.SearchVideosResponse], error) {
	m := req.Msg
	var off int32
	if m.PageToken != "" {
		o, err := decodeOffset(m.PageToken)
		if err != nil {
			return nil, err
		}
		off = o
	}
	lim := pageSize(m.PageSize)
	rows, err := s.deps.Store.SearchVideos(ctx, dbq.SearchVideosParams{Query: m.Query, Off: off, Lim: lim + 1})
	if err != nil {
		return nil, fmt.Errorf("search videos: %w", err)
	}
	res := &videov1.SearchVideosResponse{}
	if len(rows) > int(lim) {
		rows = rows[:lim]
		res.NextPageToken = encodeOffset(off + lim)
	}
	videos := make([]dbq.Video, len(rows))
	for i, r := range rows {
		videos[i] = r.Video
	}
	if res.Videos, err = s.describe(ctx, videos...); err != nil {
		return nil, err
	}
	return connect.NewResponse(res), nil
}

func pageSize(n uint32) int32 {
	if n == 0 {
		return defaultPageSize
	}
	return int32(n)
}

// Page tokens are opaque to clients: a kind byte, then the cursor.
const (
	tokenCursor = 'c'
	tokenOffset = 'o'
	// maxOffset keeps search pages cheap; past it, refine the query.
	maxOffset = 10000
)

func encodeCursor(at time.Time, id uuid.UUID) string {
	b := make([]byte, 0, 25)
	b = append(b, tokenCursor)
	b = binary.BigEndian.AppendUint64(b, uint64(at.UnixMicro()))
	b = append(b, id[:]...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(tok string) (time.Time, uuid.UUID, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(tok)
	if err != nil || len(b) != 25 || b[0] != tokenCursor {
		return time.Time{}, uuid.UUID{}, ErrBadPageToken
	}
	at := time.UnixMicro(int64(binary.BigEndian.Uint64(b[1:9]))).UTC()
	id, _ := uuid.FromBytes(b[9:])
	return at, id, nil
}

func encodeOffset(off int32) string {
	b := binary.BigEndian.AppendUint32([]byte{tokenOffset}, uint32(off))
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeOffset(tok string) (int32, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(tok)
	if err != nil || len(b) != 5 || b[0] != tokenOffset {
		return 0, ErrBadPageToken
	}
	off := binary.BigEndian.Uint32(b[1:])
	if off > maxOffset {
		return 0, ErrBadPageToken
	}
	return int32(off), nil
}
