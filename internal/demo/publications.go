package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/store"
)

// fluTitle is the fact-check that answers the second demo case.
const fluTitle = "Nước muối ấm không phòng được cúm A"

// demoPublications answer the demo's rumours in public, in Vietnamese and
// English. Sources are made-up .example addresses: the demo needs no
// internet and cites no real page.
func demoPublications(now time.Time) []publish.Publication {
	day := now.UTC().Truncate(24 * time.Hour)
	return []publish.Publication{
		{Kind: publish.FactCheck, Language: "vi", Title: "Đập thủy điện ở Hòa Bắc không có nguy cơ vỡ",
			Summary:       "Ban chỉ huy phòng chống thiên tai và công ty thủy điện xác nhận các hồ chứa ở Hòa Vang vận hành bình thường. Không có lệnh sơ tán.",
			BodyMD:        "## Kết luận\n\nThông tin đập thủy điện ở Hòa Bắc **sắp vỡ** là **sai sự thật**.\n\n- Công ty thủy điện cho biết các hồ chứa đang vận hành bình thường.\n- Ban chỉ huy phòng chống thiên tai huyện Hòa Vang không ban hành lệnh sơ tán.\n\nNgười dân theo dõi thông báo chính thức trên trang của huyện và đài phát thanh địa phương.",
			ClaimReviewed: "Đập thủy điện ở Hòa Bắc sắp vỡ, người dân Hòa Vang sơ tán ngay trong đêm nay", Claimant: "Bài đăng lan truyền trên mạng xã hội",
			ClaimDate: day, Rating: claim.False, RatingText: "Sai sự thật", Tags: []string{"thiên tai", "đập thủy điện"},
			Appearances: []string{"https://social.example/p/demo-1"},
			Citations: []publish.Citation{{URL: "https://pctt.hoavang.example/thong-bao/ho-chua", Title: "Ban chỉ huy PCTT huyện Hòa Vang"},
				{URL: "https://thuydien.example/tin-tuc/van-hanh-binh-thuong", Title: "Công ty thủy điện: hồ chứa vận hành bình thường"}}},
		{Kind: publish.FactCheck, Language: "vi", Title: fluTitle,
			Summary:       "Bộ Y tế và WHO: súc miệng hay uống nước muối không ngăn được virus cúm A; tiêm vắc-xin mới là biện pháp phòng bệnh.",
			BodyMD:        "## Kết luận\n\nLời khuyên \"uống nước muối ấm mỗi sáng giúp phòng cúm A\" **không có cơ sở khoa học**.\n\nCách phòng bệnh: tiêm vắc-xin cúm hằng năm, rửa tay, đeo khẩu trang nơi đông người.",
			ClaimReviewed: "Uống nước muối ấm mỗi sáng giúp phòng được cúm A, bác sĩ khuyên nên làm ngay", Claimant: "Video lan truyền trên mạng xã hội",
			ClaimDate: day.Add(-24 * time.Hour), Rating: claim.False, RatingText: "Sai sự thật", Tags: []string{"sức khỏe", "cúm a"},
			Appearances: []string{"https://video.example/@suckhoe0/demo-33"},
			Citations:   []publish.Citation{{URL: "https://moh.example/phong-cum-a", Title: "Bộ Y tế: khuyến cáo phòng cúm A"}}},
		{Kind: publish.FactCheck, Language: "en", Title: "The photo of Da Nang airport under water is not from today",
			Summary:       "The picture circulating today was taken during a flood years ago; the airport is operating normally.",
			BodyMD:        "## Verdict\n\nThe photo is **real but old**: it shows a past flood and is being shared as if it were taken today.\n\nThe airport operator reports normal operations today.",
			ClaimReviewed: "This photo shows Da Nang airport completely under water today", Claimant: "Social media posts",
			ClaimDate: day, Rating: claim.Misleading, RatingText: "Old photo, new claim", Tags: []string{"flood", "airport"},
			Appearances: []string{"https://example.social/@traveller0/demo-40"},
			Citations:   []publish.Citation{{URL: "https://airport.danang.example/news/operations-today", Title: "Airport operator: operations normal"}}},
		{Kind: publish.Notice, Language: "vi", Title: "Khuyến cáo: theo dõi thông tin mưa lũ từ kênh chính thức",
			Summary:   "Người dân theo dõi cảnh báo mưa lũ trên trang của huyện, đài phát thanh và tổng đài 1022; không chia sẻ tin chưa kiểm chứng.",
			BodyMD:    "Trong mùa mưa lũ, tin đồn lan nhanh hơn thông tin chính thức.\n\n1. Theo dõi trang thông tin của huyện và đài phát thanh địa phương.\n2. Gọi tổng đài **1022** khi cần hỏi.\n3. Không chia sẻ bài đăng kêu gọi sơ tán khi chưa có thông báo của chính quyền.",
			Tags:      []string{"thiên tai", "khuyến cáo"},
			Citations: []publish.Citation{{URL: "https://pctt.hoavang.example/khuyen-cao", Title: "Ban chỉ huy PCTT huyện Hòa Vang"}}},
		{Kind: publish.Notice, Language: "en", Title: "Advisory: where to find official flood warnings",
			Summary:   "Official flood warnings come from the district's disaster-prevention board and local radio; check there before sharing.",
			BodyMD:    "Rumours spread faster than warnings during floods.\n\n- Check the district website and local radio.\n- Call the **1022** hotline with questions.\n- Do not share evacuation calls that no authority has issued.",
			Tags:      []string{"flood", "advisory"},
			Citations: []publish.Citation{{URL: "https://pctt.hoavang.example/en/advisory", Title: "District disaster-prevention board"}}},
	}
}

// SeedPublications publishes the demo fact-checks and notices in the root
// unit, each through the whole workflow (as the demo itself, so no person
// approves their own work). A fact-check that answers a demo case is
// linked to it, and that case becomes published. It returns how many it
// published; run it once, after SeedCases.
func SeedPublications(ctx context.Context, db *store.DB, svc *publish.Service, now time.Time) (int, error) {
	units, err := db.Units(ctx)
	if err != nil || len(units) == 0 {
		return 0, fmt.Errorf("demo publications: units: %v", err)
	}
	root := units[0].ID
	for _, u := range units {
		if u.ParentID == 0 {
			root = u.ID
			break
		}
	}
	c := publish.Caller{Actor: actor, Units: units, Scope: auth.NewScope(0, []auth.Membership{{UnitID: root, Role: auth.Admin}}, units)}
	n := 0
	for _, p := range demoPublications(now) {
		p.UnitID = root
		if p.Title == fluTitle {
			p.CaseID = demoCaseFor(ctx, db, demoCases[1].title)
		}
		p, err := svc.Create(ctx, c, p)
		if err != nil {
			return n, fmt.Errorf("demo publication %q: %w", p.Title, err)
		}
		if _, err := svc.PublishNow(ctx, c, p.ID); err != nil {
			return n, fmt.Errorf("demo publication %q: %w", p.Title, err)
		}
		n++
	}
	return n, nil
}

// demoCaseFor is the id of the demo case titled title, or 0.
func demoCaseFor(ctx context.Context, db *store.DB, title string) int64 {
	for id := int64(1); id <= 20; id++ {
		ci, err := db.CaseForPublication(ctx, id)
		if err == nil && ci.Title == title {
			return ci.ID
		}
	}
	return 0
}
