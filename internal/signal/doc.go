// Package signal detects spikes: a story or a term seen far more often in a
// time bucket than its baseline says it usually is, and turns each spike
// into an alert that explains itself in plain words.
//
// Everything runs on event time (a post's published_at), so imported
// history, live traffic and drills raise the same alerts. A [Detector]
// counts posts per key ("story:12", "term:thuy dien") in buckets of event
// time (10 minutes by default). When the watermark passes a bucket's end the
// bucket is closed: each key's count is tested against the key's baseline
// and then folded into it. A bucket is closed once, in time order, so the
// alerts depend only on which posts fell into which bucket, not on the order
// they arrived in.
//
// The baseline of a key is its usual share of the traffic: an exponentially
// weighted mean (half-life 6 hours) of its count over the bucket's other
// posts. Its expected count in a bucket is that share times the bucket's
// other posts, so the hour of day, a quiet Sunday or a source added or gone
// move every expectation together, and only a key that outgrows the rest
// alerts. The traffic per hour of day is learned too (for the buckets a key
// missed, and shown as the hour factor). The test is a Poisson upper tail:
// a key alerts when P(X >= count | lambda) < Alpha, with lambda the expected
// count (never below Floor) and both scaled by the key's measured
// over-dispersion, and only when the count reaches MinCount posts from
// MinSources sources and MinRatio times lambda, so quiet stories stay quiet.
// A key alerts at most once per bucket and then rests for a cool-down.
//
// [Stage] is the pipeline step: it feeds stored posts to a Detector, closes
// buckets by an event-time watermark (and by the clock once traffic goes
// quiet), stores alerts idempotently, snapshots the detector so a restart is
// fast, and replays late history from the store. It runs after the story
// stage, in one process only (every post must reach the same detector):
//
//	sig, err := signal.NewStage(signal.StageOptions{Store: db, Stories: db, Clock: clk, Logger: log})
//	err = sig.Start(ctx)           // load the saved state, replay the posts since
//	stages = append(stages, sig)   // after the story stage
//	go sig.Run(ctx, 0)             // close buckets that went quiet; flush when ctx ends
//	err = sig.Flush(ctx)           // when the pipeline stops: an import's last buckets alert
//
// Term alerts are left out when spiking stories explain them; a term alert
// that one story dominates names it.
package signal
