package story

import (
	"math"
	"math/rand/v2"
	"testing"
)

// setsWithJaccard returns two sets of random hashes with Jaccard
// similarity exactly j: a shared part and a private part each.
func setsWithJaccard(r *rand.Rand, size int, j float64) (a, b []uint64) {
	// |A∩B| = s, |A| = |B| = size: J = s / (2*size - s).
	s := int(math.Round(2 * float64(size) * j / (1 + j)))
	for range s {
		h := r.Uint64()
		a, b = append(a, h), append(b, h)
	}
	for range size - s {
		a, b = append(a, r.Uint64()), append(b, r.Uint64())
	}
	return a, b
}

func TestMinHashEstimateAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, j := range []float64{0, 0.2, 0.5, 0.7, 0.9, 1} {
		var sumErr, sumCompactErr, worst float64
		const trials = 200
		for range trials {
			a, b := setsWithJaccard(r, 60, j)
			exact := exactJaccard(a, b)
			sa, sb := MinHash(a), MinHash(b)
			est := Jaccard(&sa, &sb)
			cb := compactOf(&sb)
			sumErr += math.Abs(est - exact)
			sumCompactErr += math.Abs(compactJaccard(&sa, &cb) - exact)
			worst = max(worst, math.Abs(est-exact))
		}
		mean, meanCompact := sumErr/trials, sumCompactErr/trials
		// The standard error of a 128-value estimate is at most 0.044.
		if mean > 0.045 || meanCompact > 0.05 || worst > 0.2 {
			t.Errorf("J=%.1f: mean error %.3f (compact %.3f), worst %.3f", j, mean, meanCompact, worst)
		}
		t.Logf("J=%.1f: mean abs error %.3f, compact %.3f, worst %.3f", j, mean, meanCompact, worst)
	}
}

func exactJaccard(a, b []uint64) float64 {
	in := map[uint64]bool{}
	for _, h := range a {
		in[h] = true
	}
	both, union := 0, len(in)
	seen := map[uint64]bool{}
	for _, h := range b {
		if seen[h] {
			continue
		}
		seen[h] = true
		if in[h] {
			both++
		} else {
			union++
		}
	}
	return float64(both) / float64(union)
}

func TestMinHashIsFixed(t *testing.T) {
	// Signatures are compared with ones rebuilt in other processes: the
	// hash functions must never change silently.
	sig := MinHash(Shingles("Tin giả về vắc xin"))
	if sig[0] != 0x06b3f266 || sig[127] != 0x017ccf60 {
		t.Fatalf("signature changed: %#x ... %#x", sig[0], sig[127])
	}
}

func TestLSHCandidateRecall(t *testing.T) {
	// A pair of similarity s shares a band with probability 1-(1-s^r)^b.
	r := rand.New(rand.NewPCG(3, 4))
	cfg := Config{}.WithDefaults()
	for _, c := range []struct{ j, min, max float64 }{{0.8, 0.99, 1}, {0.6, 0.80, 0.97}, {0.5, 0.55, 0.80}, {0.1, 0, 0.01}} {
		found := 0
		const trials = 1000
		for range trials {
			ix, _ := NewIndex(cfg)
			a, b := setsWithJaccard(r, 80, c.j)
			fa := Fingerprint{Sig: MinHash(a), Hash: 1}
			ix.Place(1, &fa)
			fb := Fingerprint{Sig: MinHash(b), Hash: 2}
			var keys [NumHashes]uint64
			for i := range cfg.Bands {
				keys[i] = bandKey(&fb.Sig, i, cfg.Rows)
			}
			if len(ix.candidates(keys[:cfg.Bands])) == 1 {
				found++
			}
		}
		rate := float64(found) / trials
		want := 1 - math.Pow(1-math.Pow(c.j, float64(cfg.Rows)), float64(cfg.Bands))
		t.Logf("J=%.1f: candidate rate %.3f (theory %.3f)", c.j, rate, want)
		if rate < c.min || rate > c.max {
			t.Errorf("J=%.1f: candidate rate %.3f outside [%.2f, %.2f]", c.j, rate, c.min, c.max)
		}
	}
}
