package demo

import (
	"context"
	"fmt"

	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/store"
)

// caseSpec is a demo case: the demo posts it links (by external id), the
// status it is brought to, and what the desk has gathered on it.
type caseSpec struct {
	title, description string
	posts              []string
	steps              []desk.Status
	verdict, rationale string
	note, comment      string
}

var demoCases = []caseSpec{
	{
		title:       "Tin đồn đập thủy điện ở Hòa Bắc sắp vỡ",
		description: "Bài đăng lan nhanh kêu gọi người dân Hòa Vang sơ tán trong đêm.",
		posts:       []string{"demo-1", "demo-3", "demo-7", "demo-11"},
		steps:       []desk.Status{desk.Triaged, desk.Verifying},
		note:        "Công ty thủy điện cho biết các hồ chứa ở Hòa Vang đang vận hành bình thường (bài demo-39). Cần xác nhận với Ban chỉ huy phòng chống thiên tai.",
		comment:     "Đã gọi cho Ban chỉ huy PCTT huyện Hòa Vang, chờ văn bản xác nhận.",
	},
	{
		title:       "Uống nước muối ấm phòng được cúm A?",
		description: "Mẹo sức khỏe lan truyền, gán cho lời khuyên của bác sĩ.",
		posts:       []string{"demo-33", "demo-34", "demo-35"},
		steps:       []desk.Status{desk.Triaged, desk.Verifying, desk.Responding},
		verdict:     "false",
		rationale:   "Bộ Y tế và WHO: nước muối không phòng được cúm A; tiêm vắc-xin mới là biện pháp phòng bệnh.",
	},
	{
		title:       "Photo of Da Nang airport under water",
		description: "An image shared in English claiming the airport flooded today.",
		posts:       []string{"demo-40", "demo-42"},
		steps:       []desk.Status{desk.Triaged},
	},
}

// SeedCases opens the demo cases on the desk from the demo posts, routed
// by the place names they mention, and brings each to its status. It
// returns how many it opened; run it once, after SeedPosts.
func SeedCases(ctx context.Context, db *store.DB, svc *casework.Service) (int, error) {
	byExt := map[string]int64{}
	var after int64
	for {
		page, err := db.Posts(ctx, store.PostFilter{AfterID: after, Limit: 500})
		if err != nil {
			return 0, fmt.Errorf("demo cases: %w", err)
		}
		if len(page) == 0 {
			break
		}
		for _, p := range page {
			byExt[p.ExternalID] = p.ID
		}
		after = page[len(page)-1].ID
	}
	c, err := svc.Superuser(ctx, actor)
	if err != nil {
		return 0, fmt.Errorf("demo cases: %w", err)
	}
	n := 0
	for _, spec := range demoCases {
		var ids []int64
		for _, ext := range spec.posts {
			if id, ok := byExt[ext]; ok {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		cs, err := svc.Create(ctx, c, casework.NewCase{Title: spec.title, Description: spec.description, PostIDs: ids})
		if err != nil {
			return n, fmt.Errorf("demo case %q: %w", spec.title, err)
		}
		n++
		if spec.note != "" {
			if _, err := svc.AddEvidence(ctx, c, cs.ID, casework.EvidenceInput{Kind: desk.EvidenceNote, Note: spec.note}); err != nil {
				return n, fmt.Errorf("demo case %d evidence: %w", cs.ID, err)
			}
		}
		if spec.comment != "" {
			if _, err := svc.Comment(ctx, c, cs.ID, spec.comment); err != nil {
				return n, fmt.Errorf("demo case %d comment: %w", cs.ID, err)
			}
		}
		for _, st := range spec.steps {
			if st == desk.Responding && spec.verdict != "" {
				if _, err := svc.SetVerdict(ctx, c, cs.ID, spec.verdict, spec.rationale); err != nil {
					return n, fmt.Errorf("demo case %d verdict: %w", cs.ID, err)
				}
			}
			if _, err := svc.SetStatus(ctx, c, cs.ID, string(st), ""); err != nil {
				return n, fmt.Errorf("demo case %d to %s: %w", cs.ID, st, err)
			}
		}
	}
	return n, nil
}
