// Package hlskey keeps the AES-128 content key of each video's HLS
// segments. Keys are random, one per video, and sealed at rest with
// AES-256-GCM under the server's master key, with the video id as
// additional data so a sealed key is only valid for its own video.
package hlskey

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
)

// KeySize is the length of a content key: AES-128.
const KeySize = 16

// MasterKeySize is the length of the master key: AES-256.
const MasterKeySize = 32

// ErrNoKey is returned by Get when the video has no key yet.
var ErrNoKey = errors.New("hlskey: the video has no content key")

// ErrNoVideo is returned by Ensure when the video does not exist.
var ErrNoVideo = errors.New("hlskey: no such video")

// ErrSessionEnded is returned by GetForSession when the session the
// caller holds its playback token through was revoked (signed out, or its
// refresh token reused) or has been deleted.
var ErrSessionEnded = errors.New("hlskey: the session behind this playback token has ended")

// ErrSealed is returned when a stored key (or another sealed secret)
// cannot be opened: the master key changed, or the row was tampered with.
var ErrSealed = errors.New("hlskey: stored key does not open under the master key")

// Config holds the master key: the server's content-key settings, shared
// by transcode (which creates keys) and playback (which serves them).
type Config struct {
	// MasterKey is 32 bytes (--key-master, base64).
	MasterKey []byte
	// Insecure is true when MasterKey was derived from a public constant
	// because none was configured: fine for development only.
	Insecure bool
}

// DevMasterKey is the master key used when none is configured. It is
// derived from a public string, so keys sealed under it are not secret;
// it exists so that a development server keeps working across restarts.
func DevMasterKey() []byte {
	sum := sha256.Sum256([]byte("streamgate insecure development master key; set --key-master"))
	return sum[:]
}

// Queries is the part of the database the keys live in; *dbq.Queries,
// alone or inside a transaction, is one.
type Queries interface {
	InsertVideoKey(ctx context.Context, arg dbq.InsertVideoKeyParams) error
	GetVideoKey(ctx context.Context, videoID uuid.UUID) ([]byte, error)
	GetVideoKeyForSession(ctx context.Context, arg dbq.GetVideoKeyForSessionParams) (dbq.GetVideoKeyForSessionRow, error)
}

// Store creates and reads content keys.
type Store struct {
	q   Queries
	box *Box
}

// New returns a Store reading and writing through q.
func New(cfg Config, q Queries) (*Store, error) {
	box, err := NewBox(cfg)
	if err != nil {
		return nil, err
	}
	return &Store{q: q, box: box}, nil
}

// Box seals small secrets at rest under the master key (AES-256-GCM, a
// random nonce each): the content keys here, and other secrets the server
// keeps (webhook endpoints' signing secrets). The additional data binds a
// sealed value to what it belongs to; callers give each kind of secret
// its own, so one kind never opens as another.
type Box struct{ aead cipher.AEAD }

// NewBox returns the box of cfg's master key.
func NewBox(cfg Config) (*Box, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cfg.MasterKey)
	if err != nil {
		return nil, fmt.Errorf("hlskey: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("hlskey: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal returns plain sealed, bound to ad: nonce then ciphertext.
func (b *Box) Seal(ad, plain []byte) []byte {
	nonce := make([]byte, b.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return b.aead.Seal(nonce, nonce, plain, ad)
}

// Open returns what Seal sealed with the same ad, or ErrSealed.
func (b *Box) Open(ad, sealed []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) < n {
		return nil, ErrSealed
	}
	plain, err := b.aead.Open(nil, sealed[:n], sealed[n:], ad)
	if err != nil {
		return nil, ErrSealed
	}
	return plain, nil
}

// Ensure returns the video's key, creating it when missing. Concurrent
// callers all get the same key.
func (s *Store) Ensure(ctx context.Context, videoID uuid.UUID) ([]byte, error) {
	key, err := s.Get(ctx, videoID)
	if !errors.Is(err, ErrNoKey) {
		return key, err
	}
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate content key: %w", err)
	}
	err = s.q.InsertVideoKey(ctx, dbq.InsertVideoKeyParams{VideoID: videoID, Sealed: s.seal(videoID, key)})
	if errors.Is(err, db.ErrReference) {
		return nil, ErrNoVideo
	}
	if err != nil {
		return nil, fmt.Errorf("store content key: %w", err)
	}
	return s.Get(ctx, videoID)
}

// Get returns the video's key, or ErrNoKey.
func (s *Store) Get(ctx context.Context, videoID uuid.UUID) ([]byte, error) {
	sealed, err := s.q.GetVideoKey(ctx, videoID)
	if errors.Is(err, db.ErrNotFound) {
		return nil, ErrNoKey
	}
	if err != nil {
		return nil, fmt.Errorf("read content key: %w", err)
	}
	return s.open(videoID, sealed)
}

// GetForSession is Get for a playback token bound to session: it returns
// ErrSessionEnded once the session is revoked, read in the same round
// trip as the key, so a revocation stops key fetches at once on every
// replica and costs the fetch nothing more than an index probe.
func (s *Store) GetForSession(ctx context.Context, videoID, session uuid.UUID) ([]byte, error) {
	row, err := s.q.GetVideoKeyForSession(ctx, dbq.GetVideoKeyForSessionParams{SessionID: session, VideoID: videoID})
	if errors.Is(err, db.ErrNotFound) {
		return nil, ErrNoKey
	}
	if err != nil {
		return nil, fmt.Errorf("read content key: %w", err)
	}
	if !row.Live {
		return nil, ErrSessionEnded
	}
	return s.open(videoID, row.Sealed)
}

func (s *Store) seal(videoID uuid.UUID, key []byte) []byte {
	return s.box.Seal(videoID[:], key)
}

func (s *Store) open(videoID uuid.UUID, sealed []byte) ([]byte, error) {
	key, err := s.box.Open(videoID[:], sealed)
	if err != nil || len(key) != KeySize {
		return nil, ErrSealed
	}
	return key, nil
}
