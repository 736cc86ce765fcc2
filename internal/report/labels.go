package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Languages a report is written in.
const (
	Vietnamese = "vi"
	English    = "en"
)

// labels are the words of a report, by language and key. They live here
// rather than in the UI catalogue because reports are also written by the
// command line and the scheduler, with no web handler around.
var labels = map[string]map[string]string{
	English: {
		"title": "Situation report", "dashboard": "Situation", "whole_org": "Whole organisation",
		"period": "Period", "previous": "previous period", "generated": "Generated", "time_zone": "Times in",
		"headline": "Headline numbers", "vs_previous": "vs previous period", "all_time": "all time", "now": "now",
		"fig.posts_total": "Posts stored", "fig.posts": "Posts in period",
		"fig.stories_total": "Stories", "fig.stories_new": "New stories",
		"fig.alerts_total": "Alerts", "fig.alerts": "Alerts in period", "fig.alerts_open": "Open alerts",
		"fig.claims_total": "Checked claims in library", "fig.claims_matched": "Checked claims matched",
		"fig.cases_opened": "Cases opened", "fig.cases_closed": "Cases closed",
		"fig.cases_overdue": "Cases overdue", "fig.cases_published": "Cases published",
		"fig.publications": "Publications", "fig.cases_total": "Cases", "fig.publications_total": "Publications (drafts included)",
		"volume": "Post volume by source kind", "volume_axis": "posts", "per.hour": "per hour", "per.day": "per day", "per.week": "per week",
		"rising": "Rising stories", "story": "Story", "posts_period": "Posts in period", "posts_previous": "Previous period",
		"sources": "Sources", "claims": "Matched checked claims", "first_seen": "First seen",
		"open_alerts": "Open alerts", "alert": "Alert", "kind": "Kind", "at": "Time", "score": "Score", "unit": "Unit",
		"open_cases": "Open cases (now)", "by_status": "Open cases by status", "by_priority": "Open cases by priority", "by_unit": "Open cases by unit",
		"overdue": "Overdue cases", "case": "Case", "status": "Status", "priority": "Priority", "due": "Due",
		"cases_by_unit": "Cases by unit in the period", "opened": "Opened", "closed": "Closed",
		"response": "Response times from the first alert (cases made from an alert)", "stage": "Stage", "count": "Cases",
		"median": "Median", "p90": "90th percentile", "hours": "hours",
		"stage.case": "to case", "stage.verdict": "to verdict", "stage.publication": "to publication",
		"publications": "Latest publications", "title_col": "Title", "rating": "Rating", "published": "Published",
		"note": "Lead's note", "none": "None.", "no_unit": "(no unit)", "total": "Total",
		"status.new": "new", "status.triaged": "triaged", "status.verifying": "verifying", "status.responding": "responding",
		"status.published": "published", "status.closed": "closed", "status.dismissed": "dismissed", "status.retracted": "retracted",
		"priority.urgent": "urgent", "priority.high": "high", "priority.normal": "normal", "priority.low": "low",
		"alert.spike_story": "story spike", "alert.spike_term": "term spike", "alert.new_story": "new story",
		"alert.known_claim": "known claim", "alert.manual": "tip",
		"verdict.false": "false", "verdict.misleading": "misleading", "verdict.missing-context": "missing context",
		"verdict.unproven": "unproven", "verdict.true": "true",
		"dash.unit": "Unit", "dash.period": "Period", "dash.show": "Show", "dash.download": "Download the report",
		"dash.days_1": "Last 24 hours", "dash.days_7": "Last 7 days", "dash.days_30": "Last 30 days", "dash.days_90": "Last 90 days", "dash.days_365": "Last 365 days",
		"dash.updated": "Updated at", "dash.failed": "Could not refresh; trying again shortly.", "dash.live": "Refreshes by itself every %d seconds.",
		"reports.title": "Reports", "reports.generate": "Write and keep a report", "reports.note_help": "The lead's note, printed near the top of the report.",
		"reports.schedules": "Scheduled reports", "reports.schedule_add": "Schedule a report", "reports.period": "Every",
		"reports.daily": "day", "reports.weekly": "week (Monday)", "reports.webhook": "Webhook URL (optional)", "reports.webhook_help": "Gets a POST with JSON and a link when a report is ready.",
		"reports.lang": "Language", "reports.next": "Next run", "reports.last": "Last run", "reports.delete": "Delete", "reports.stored": "Stored reports",
		"reports.created": "Written", "reports.by": "By", "reports.open": "Open", "reports.none": "No reports yet.", "reports.no_schedules": "No schedules yet.",
		"reports.lead_only": "Writing, keeping and scheduling reports needs the lead role.", "reports.save": "Write report", "reports.add": "Add schedule",
		"reports.pdf_missing": "PDF needs Chromium on the server; install it (apt-get install -y chromium) or download HTML and print it.",
		"footer":              "Made by factdesk. Counts are of records in the store; “all time” counts agree with `factdesk stats`.",
	},
	Vietnamese: {
		"title": "Báo cáo tình hình", "dashboard": "Tình hình", "whole_org": "Toàn tổ chức",
		"period": "Kỳ báo cáo", "previous": "kỳ trước", "generated": "Lập lúc", "time_zone": "Múi giờ",
		"headline": "Số liệu chính", "vs_previous": "so với kỳ trước", "all_time": "từ trước đến nay", "now": "hiện tại",
		"fig.posts_total": "Bài đã lưu", "fig.posts": "Bài trong kỳ",
		"fig.stories_total": "Câu chuyện", "fig.stories_new": "Câu chuyện mới",
		"fig.alerts_total": "Cảnh báo", "fig.alerts": "Cảnh báo trong kỳ", "fig.alerts_open": "Cảnh báo đang mở",
		"fig.claims_total": "Thông tin đã kiểm chứng trong thư viện", "fig.claims_matched": "Thông tin đã kiểm chứng được khớp",
		"fig.cases_opened": "Vụ việc mở mới", "fig.cases_closed": "Vụ việc đã đóng",
		"fig.cases_overdue": "Vụ việc quá hạn", "fig.cases_published": "Vụ việc đã công bố",
		"fig.publications": "Bài đã công bố", "fig.cases_total": "Vụ việc", "fig.publications_total": "Bài công bố (kể cả bản nháp)",
		"volume": "Số bài theo loại nguồn", "volume_axis": "bài", "per.hour": "theo giờ", "per.day": "theo ngày", "per.week": "theo tuần",
		"rising": "Câu chuyện đang lan rộng", "story": "Câu chuyện", "posts_period": "Bài trong kỳ", "posts_previous": "Kỳ trước",
		"sources": "Nguồn", "claims": "Thông tin đã kiểm chứng khớp", "first_seen": "Xuất hiện lần đầu",
		"open_alerts": "Cảnh báo đang mở", "alert": "Cảnh báo", "kind": "Loại", "at": "Thời điểm", "score": "Điểm", "unit": "Đơn vị",
		"open_cases": "Vụ việc đang mở (hiện tại)", "by_status": "Vụ việc đang mở theo trạng thái", "by_priority": "Vụ việc đang mở theo mức ưu tiên", "by_unit": "Vụ việc đang mở theo đơn vị",
		"overdue": "Vụ việc quá hạn", "case": "Vụ việc", "status": "Trạng thái", "priority": "Ưu tiên", "due": "Hạn",
		"cases_by_unit": "Vụ việc theo đơn vị trong kỳ", "opened": "Mở", "closed": "Đóng",
		"response": "Thời gian phản hồi từ cảnh báo đầu tiên (vụ việc tạo từ cảnh báo)", "stage": "Giai đoạn", "count": "Số vụ việc",
		"median": "Trung vị", "p90": "Phân vị 90", "hours": "giờ",
		"stage.case": "đến khi mở vụ việc", "stage.verdict": "đến khi có kết luận", "stage.publication": "đến khi công bố",
		"publications": "Bài công bố mới nhất", "title_col": "Tiêu đề", "rating": "Đánh giá", "published": "Công bố",
		"note": "Ghi chú của lãnh đạo đơn vị", "none": "Không có.", "no_unit": "(chưa có đơn vị)", "total": "Tổng",
		"status.new": "mới", "status.triaged": "đã phân loại", "status.verifying": "đang xác minh", "status.responding": "đang phản hồi",
		"status.published": "đã công bố", "status.closed": "đã đóng", "status.dismissed": "đã bỏ qua", "status.retracted": "đã rút lại",
		"priority.urgent": "khẩn", "priority.high": "cao", "priority.normal": "bình thường", "priority.low": "thấp",
		"alert.spike_story": "câu chuyện tăng đột biến", "alert.spike_term": "từ khóa tăng đột biến", "alert.new_story": "câu chuyện mới",
		"alert.known_claim": "thông tin đã kiểm chứng", "alert.manual": "tin báo",
		"verdict.false": "sai", "verdict.misleading": "gây hiểu lầm", "verdict.missing-context": "thiếu bối cảnh",
		"verdict.unproven": "chưa được chứng minh", "verdict.true": "đúng",
		"dash.unit": "Đơn vị", "dash.period": "Khoảng thời gian", "dash.show": "Xem", "dash.download": "Tải báo cáo",
		"dash.days_1": "24 giờ qua", "dash.days_7": "7 ngày qua", "dash.days_30": "30 ngày qua", "dash.days_90": "90 ngày qua", "dash.days_365": "365 ngày qua",
		"dash.updated": "Cập nhật lúc", "dash.failed": "Chưa cập nhật được; sẽ thử lại.", "dash.live": "Tự cập nhật mỗi %d giây.",
		"reports.title": "Báo cáo", "reports.generate": "Lập và lưu báo cáo", "reports.note_help": "Ghi chú của lãnh đạo đơn vị, in ở đầu báo cáo.",
		"reports.schedules": "Báo cáo định kỳ", "reports.schedule_add": "Đặt lịch báo cáo", "reports.period": "Mỗi",
		"reports.daily": "ngày", "reports.weekly": "tuần (thứ Hai)", "reports.webhook": "URL webhook (không bắt buộc)", "reports.webhook_help": "Nhận một yêu cầu POST JSON kèm đường dẫn khi báo cáo sẵn sàng.",
		"reports.lang": "Ngôn ngữ", "reports.next": "Lần chạy tới", "reports.last": "Lần chạy trước", "reports.delete": "Xóa", "reports.stored": "Báo cáo đã lưu",
		"reports.created": "Lập lúc", "reports.by": "Người lập", "reports.open": "Mở", "reports.none": "Chưa có báo cáo.", "reports.no_schedules": "Chưa có lịch.",
		"reports.lead_only": "Lập, lưu và đặt lịch báo cáo cần vai trò lãnh đạo đơn vị.", "reports.save": "Lập báo cáo", "reports.add": "Thêm lịch",
		"reports.pdf_missing": "Xuất PDF cần Chromium trên máy chủ; hãy cài (apt-get install -y chromium) hoặc tải HTML rồi in.",
		"footer":              "Lập bởi factdesk. Số liệu là số bản ghi trong cơ sở dữ liệu; số “từ trước đến nay” khớp với `factdesk stats`.",
	},
}

// Lang returns lang when reports are written in it, else Vietnamese.
func Lang(lang string) string {
	if _, ok := labels[lang]; ok {
		return lang
	}
	return Vietnamese
}

// Label is the word for key in lang; an unknown key comes back as itself.
func Label(lang, key string) string {
	if s, ok := labels[Lang(lang)][key]; ok {
		return s
	}
	return key
}

// FormatInt writes n with thousands separators: 1.234.567 in Vietnamese,
// 1,234,567 in English.
func FormatInt(lang string, n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if Lang(lang) == Vietnamese {
		sep = "."
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatFloat writes f with one decimal (a decimal comma in Vietnamese).
func FormatFloat(lang string, f float64) string {
	s := strconv.FormatFloat(math.Round(f*10)/10, 'f', 1, 64)
	if Lang(lang) == Vietnamese {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// FormatChange writes a change in percent with its sign, "+12%" or "−5%";
// "" when there is none.
func FormatChange(lang string, c *float64) string {
	if c == nil {
		return ""
	}
	v := math.Round(*c)
	switch {
	case v > 0:
		return fmt.Sprintf("+%s%%", FormatInt(lang, int64(v)))
	case v < 0:
		return fmt.Sprintf("−%s%%", FormatInt(lang, int64(-v)))
	}
	return "±0%"
}

// unitName names a unit, or the whole organisation for "".
func unitName(lang, name string) string {
	if name == "" {
		return Label(lang, "no_unit")
	}
	return name
}
