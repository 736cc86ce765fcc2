package report

import "github.com/factdesk/factdesk/internal/store"

// Publications are the fact-checks and notices published in the period.
type Publications struct {
	Count    int64            `json:"count"`
	Previous int64            `json:"previous"`
	Latest   []PublicationRow `json:"latest"`
}

// PublicationRow is one of the latest publications.
type PublicationRow struct {
	store.ReportPublication
	Unit string `json:"unit"`
}

func publications(d store.ReportData, name func(int64) string) Publications {
	p := Publications{Count: d.Publications, Previous: d.PublicationsPrev, Latest: []PublicationRow{}}
	for _, r := range d.LatestPublications {
		p.Latest = append(p.Latest, PublicationRow{ReportPublication: r, Unit: name(r.UnitID)})
	}
	return p
}
