package gate

import (
	"context"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/uuid"
)

// AnswerKey exposes, to the benchmarks, the Redis key of a cached answer.
func (g *Checker) AnswerKey(ctx context.Context, videoID uuid.UUID, wallet string) (string, error) {
	vg, err := g.videoGate(ctx, videoID)
	if err != nil {
		return "", err
	}
	return g.answerKey(vg.hash, common.HexToAddress(wallet)), nil
}
