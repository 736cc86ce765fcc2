package signal

import (
	"math"
	"testing"
)

// exactTail sums the Poisson probabilities below k.
func exactTail(k int, lambda float64) float64 {
	p, below := math.Exp(-lambda), 0.0
	for i := 0; i < k; i++ {
		below += p
		p *= lambda / float64(i+1)
	}
	return 1 - below
}

func TestPoissonTail(t *testing.T) {
	for _, c := range []struct {
		k      int
		lambda float64
	}{{1, 0.5}, {3, 1}, {8, 0.5}, {8, 1}, {10, 10}, {20, 10}, {25, 10}, {5, 30}, {60, 30}, {100, 90}} {
		want := exactTail(c.k, c.lambda)
		got := math.Pow(10, poissonTail(float64(c.k), c.lambda))
		if math.Abs(got-want) > 1e-9*math.Max(want, 1e-300) && math.Abs(got-want) > 1e-12 {
			t.Errorf("P(X>=%d | %v) = %g, want %g", c.k, c.lambda, got, want)
		}
	}
	// Far in the tail the probability underflows; its logarithm does not.
	if l := poissonTail(400, 3); !(l < -300 && l > -1000) {
		t.Errorf("log10 P(X>=400 | 3) = %v", l)
	}
	if poissonTail(0, 3) != 0 || poissonTail(3, 0) != math.Inf(-1) {
		t.Error("edge cases")
	}
}
