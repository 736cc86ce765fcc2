// Package drill runs training drills: a synthetic rumour outbreak described
// by a scenario file is generated deterministically from a seed, fed through
// the real pipeline into an isolated workspace (its own data folder and
// store) on an accelerated clock, worked by a team (or the autopilot) in the
// normal UI and API, and scored from the workspace's records.
//
//	sc, err := drill.Load("builtin:vi-basic")      // or a path to a YAML file
//	posts := drill.Generate(sc, seed)              // the same seed gives the same posts
//	ws, err := drill.Create(ctx, dataDir, sc, seed) // DATA/drills/run-<id>/ with its own store
//	err = drill.Run(ctx, ws, opts)                 // feed the posts; pause, resume, stop
//	score, err := drill.ScoreRun(ctx, ws.Dir)      // out of 100, with its parts
package drill

import (
	"time"
)

// Scenario is one drill: the workspace's organisation and team, the traffic
// it sees, the claims in play and the response expected of the team. All
// times are offsets from the scenario's start (T+0).
type Scenario struct {
	Name        string        `yaml:"name"`
	Title       string        `yaml:"title"`
	Description string        `yaml:"description"`
	Lang        string        `yaml:"lang"`     // vi or en: the language of the posts
	Start       time.Time     `yaml:"start"`    // scenario time at T+0
	Duration    Duration      `yaml:"duration"` // how long the drill runs
	Units       []UnitSpec    `yaml:"units"`
	Team        []Member      `yaml:"team"`
	Sources     []SourceSpec  `yaml:"sources"`
	Background  Background    `yaml:"background"`
	Claims      []ClaimSpec   `yaml:"claims"`
	Outbreak    Outbreak      `yaml:"outbreak"`
	Injects     []Inject      `yaml:"injects"`
	Expected    []Expectation `yaml:"expected"`
}

// UnitSpec is a unit of the workspace's organisation, with the units below it.
type UnitSpec struct {
	Name     string     `yaml:"name"`
	Level    string     `yaml:"level"`
	Aliases  []string   `yaml:"aliases"`
	Children []UnitSpec `yaml:"children"`
}

// Member is a person of the drill team: a user of the workspace with a role
// in a unit.
type Member struct {
	Email string `yaml:"email"`
	Name  string `yaml:"name"`
	Role  string `yaml:"role"`
	Unit  string `yaml:"unit"` // a unit's name
}

// SourceSpec is a place posts come from: a platform and how many accounts
// post there (handles are generated, e.g. "user-17").
type SourceSpec struct {
	Name     string  `yaml:"name"`
	Platform string  `yaml:"platform"`
	Accounts int     `yaml:"accounts"`
	Weight   float64 `yaml:"weight"` // share of the background traffic (default 1)
	Official bool    `yaml:"official"`
	Domain   string  `yaml:"domain"` // links in its posts, e.g. "facebook.com"
}

// Background is the ordinary traffic the outbreak hides in.
type Background struct {
	Rate    float64  `yaml:"rate"` // posts per hour
	Topics  []Topic  `yaml:"topics"`
	Sources []string `yaml:"sources"` // default: every source, by weight
}

// Topic is a theme of background posts: each post fills one of its
// templates with words from its slots.
type Topic struct {
	Name      string              `yaml:"name"`
	Templates []string            `yaml:"templates"`
	Slots     map[string][]string `yaml:"slots"` // {place} is filled from the units' names when not given
}

// ClaimSpec is a claim in play: what it says, its correct verdict and the
// evidence that settles it. A known claim is already in the workspace's
// claims library when the drill starts (an old rumour coming back).
type ClaimSpec struct {
	ID       string         `yaml:"id"`
	Text     string         `yaml:"text"`
	Verdict  string         `yaml:"verdict"`
	Known    bool           `yaml:"known"`
	Summary  string         `yaml:"summary"`
	Evidence []EvidenceSpec `yaml:"evidence"`
}

// EvidenceSpec is a piece of evidence: a link, a note, or both.
type EvidenceSpec struct {
	URL  string `yaml:"url"`
	Note string `yaml:"note"`
}

// Outbreak is the rumour spreading: seed posts whose copies and variants
// spread by a self-exciting (Hawkes) branching process.
type Outbreak struct {
	Start        Duration   `yaml:"start"`
	Seeds        []SeedPost `yaml:"seeds"`
	Branching    Branching  `yaml:"branching"`
	MutationRate float64    `yaml:"mutation_rate"` // chance that a copy is reworded (a new variant)
	Sources      []string   `yaml:"sources"`       // sources that carry it (default: all unofficial)
	Places       []string   `yaml:"places"`        // place names mentioned (units' names or aliases)
	Synonyms     [][]string `yaml:"synonyms"`      // groups of interchangeable words for paraphrase
	Hashtags     []string   `yaml:"hashtags"`
	Frames       []string   `yaml:"frames"`    // "{text}" wrapped: "NÓNG: {text}", "{text} Chia sẻ ngay!"
	Links        []string   `yaml:"links"`     // link hosts added to some copies
	MaxPosts     int        `yaml:"max_posts"` // cap on the outbreak's posts (default 400)
}

// SeedPost is a first post of the outbreak (or of a variant inject).
type SeedPost struct {
	Claim  string   `yaml:"claim"` // a claim's id
	Text   string   `yaml:"text"`
	At     Duration `yaml:"at"` // offset from the outbreak's start
	Source string   `yaml:"source"`
	Place  string   `yaml:"place"`
	// Weight is how often fresh cascades start from this seed, relative to
	// the others (default 1).
	Weight float64 `yaml:"weight"`
	// Burst is how many extra cascades start from this seed within ten
	// minutes of it (a message forwarded to many groups at once).
	Burst int `yaml:"burst"`
}

// Branching parameterises the Hawkes process: each post begets on average
// Ratio copies (below 1 the cascade dies out), at delays drawn from an
// exponential kernel with mean Delay; Immigrants per hour start fresh
// cascades from the seeds while the outbreak lasts (Length).
type Branching struct {
	Ratio      float64  `yaml:"ratio"`
	Delay      Duration `yaml:"delay"`
	Immigrants float64  `yaml:"immigrants"`
	Length     Duration `yaml:"length"`
}

// Inject is an event the scenario plays at a set time: an official
// statement ("post"), or a new variant of a claim starting its own cascade
// in another place ("variant").
type Inject struct {
	At     Duration `yaml:"at"` // offset from the scenario's start
	Kind   string   `yaml:"kind"`
	Claim  string   `yaml:"claim"`
	Text   string   `yaml:"text"`
	Source string   `yaml:"source"`
	Place  string   `yaml:"place"`
	Note   string   `yaml:"note"`
	Weight float64  `yaml:"weight"` // variant: as SeedPost.Weight (default 1)
}

// Expectation is the response expected for one claim.
type Expectation struct {
	Claim   string  `yaml:"claim"`
	Verdict string  `yaml:"verdict"`
	Unit    string  `yaml:"unit"` // the unit that should handle it
	Targets Targets `yaml:"targets"`
}

// Targets are the response times aimed at, from the claim's first post.
type Targets struct {
	Alert       Duration `yaml:"alert"`
	Case        Duration `yaml:"case"`
	Verdict     Duration `yaml:"verdict"`
	Publication Duration `yaml:"publication"`
}

// Duration is a time.Duration written as in Go ("40m", "1h30m").
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }
