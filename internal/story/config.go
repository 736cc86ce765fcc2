package story

import "fmt"

// Defaults for [Config]. They were tuned on variants of real Vietnamese and
// English posts with light edits (see eval_test.go): pair precision and
// recall of at least 0.95 on both.
const (
	DefaultThreshold = 0.5
	DefaultBands     = 16
	DefaultRows      = 4
	DefaultMaxReps   = 4
)

// maxReps bounds Config.MaxReps: a story keeps at most this many
// representative signatures.
const maxReps = 4

// repDiversity is the similarity to a story's representatives under which a
// joining post becomes a representative too (while there is room), so that
// the representatives cover the ways a story is worded.
const repDiversity = 0.8

// Config tunes an [Index]. Zero fields take the defaults.
type Config struct {
	// Threshold is the estimated Jaccard similarity of shingle sets at or
	// above which a post joins a story, in (0, 1].
	Threshold float64
	// Bands and Rows shape the LSH tables: the signature's first
	// Bands*Rows values are cut into Bands bands of Rows values; posts that
	// agree on a whole band are compared. A pair of similarity s is
	// compared with probability 1-(1-s^Rows)^Bands.
	Bands, Rows int
	// MaxReps is how many representative posts per story are kept for
	// comparison (1 to 4).
	MaxReps int
}

// WithDefaults returns c with zero fields set to the defaults.
func (c Config) WithDefaults() Config {
	if c.Threshold == 0 {
		c.Threshold = DefaultThreshold
	}
	if c.Bands == 0 {
		c.Bands = DefaultBands
	}
	if c.Rows == 0 {
		c.Rows = DefaultRows
	}
	if c.MaxReps == 0 {
		c.MaxReps = DefaultMaxReps
	}
	return c
}

// Validate reports the first field out of range, after defaults.
func (c Config) Validate() error {
	c = c.WithDefaults()
	switch {
	case !(c.Threshold > 0 && c.Threshold <= 1):
		return fmt.Errorf("story threshold %v: want a similarity in (0, 1]", c.Threshold)
	case c.Bands < 1 || c.Rows < 1 || c.Bands*c.Rows > NumHashes:
		return fmt.Errorf("story LSH %d bands x %d rows: want at least 1 of each and at most %d values", c.Bands, c.Rows, NumHashes)
	case c.MaxReps < 1 || c.MaxReps > maxReps:
		return fmt.Errorf("story representatives %d: want 1 to %d", c.MaxReps, maxReps)
	}
	return nil
}
