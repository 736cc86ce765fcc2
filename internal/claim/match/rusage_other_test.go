//go:build !linux

package match

import "time"

// threadCPU is not measured outside Linux: it reports 0.
func threadCPU() time.Duration { return 0 }
