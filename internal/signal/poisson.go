package signal

import "math"

// poissonTail returns log10 of P(X >= k) for X ~ Poisson(lambda), through
// the regularised lower incomplete gamma function P(k, lambda), which also
// gives the continuous extension used for over-dispersed counts (k need not
// be an integer). It is accurate far into the tail, where the probability
// itself underflows.
func poissonTail(k, lambda float64) float64 {
	switch {
	case k <= 0:
		return 0
	case lambda <= 0:
		return math.Inf(-1)
	}
	if lambda < k+1 {
		return gammaPSeriesLog10(k, lambda)
	}
	q := gammaQContinuedFraction(k, lambda)
	return math.Log10(math.Max(1-q, math.SmallestNonzeroFloat64))
}

// gammaPSeriesLog10 is log10 P(a, x) by its series, for x < a+1.
func gammaPSeriesLog10(a, x float64) float64 {
	lg, _ := math.Lgamma(a)
	ap, term := a, 1/a
	sum := term
	for range 10000 {
		ap++
		term *= x / ap
		sum += term
		if term < sum*1e-15 {
			break
		}
	}
	lnP := math.Log(sum) - x + a*math.Log(x) - lg
	return math.Min(lnP/math.Ln10, 0)
}

// gammaQContinuedFraction is Q(a, x) = 1 - P(a, x) by Lentz's continued
// fraction, for x >= a+1.
func gammaQContinuedFraction(a, x float64) float64 {
	const tiny = 1e-300
	lg, _ := math.Lgamma(a)
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 10000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return math.Exp(-x+a*math.Log(x)-lg) * h
}
