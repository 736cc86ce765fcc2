package match

import (
	"context"

	"github.com/factdesk/factdesk/internal/claim"
)

// sliceLoader serves claims from memory, in ID order as the store does.
type sliceLoader []claim.Claim

func (l sliceLoader) AllClaims(_ context.Context, after int64, limit int) ([]claim.Claim, error) {
	var out []claim.Claim
	for _, c := range l {
		if c.ID > after && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}
