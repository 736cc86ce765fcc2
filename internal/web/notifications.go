package web

import (
	"net/http"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
)

// notificationsPage is the data of the Notifications page.
type notificationsPage struct {
	Items []notificationView
}

// notificationView is one in-app notification.
type notificationView struct {
	CaseID  int64
	Message string
	Unread  bool
	At      moment
}

// unreadCount is how many unread notifications user has, for the header;
// 0 without the desk or when they cannot be read (logged, not fatal).
func (h *Handler) unreadCount(r *http.Request, userID int64) int {
	if h.desk == nil {
		return 0
	}
	ns, err := h.desk.Notifications(r.Context(), casework.Caller{UserID: userID}, true)
	if err != nil {
		h.log.WarnContext(r.Context(), "web: count notifications", "request_id", h.reqID(r), "err", err)
		return 0
	}
	return len(ns)
}

// notifications handles GET /notifications: the newest notifications, the
// unread ones highlighted, and marks them all read.
func (h *Handler) notifications(w http.ResponseWriter, r *http.Request, u *auth.User) {
	lang, me := h.locale(r), casework.Caller{UserID: u.ID}
	ns, err := h.desk.Notifications(r.Context(), me, false)
	if err == nil {
		err = h.desk.MarkRead(r.Context(), me)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var p notificationsPage
	for _, n := range ns {
		p.Items = append(p.Items, notificationView{CaseID: n.CaseID, Message: n.Message, Unread: !n.Read, At: h.ago(lang, n.CreatedAt)})
	}
	h.render(w, r, http.StatusOK, "notifications", "notif.title", p)
}
