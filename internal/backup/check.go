package backup

import (
	"context"
	"fmt"

	"github.com/factdesk/factdesk/internal/store"
)

// Report is what Check found.
type Report struct {
	Dialect       string `json:"dialect"`
	Integrity     string `json:"integrity"` // "ok", the problems found, or why it was not checked
	SchemaVersion int64  `json:"schema_version"`
	SchemaLatest  int64  `json:"schema_latest"`
	AuditEvents   int    `json:"audit_events"`
	AuditChain    string `json:"audit_chain"` // "ok" or the first break
	OK            bool   `json:"ok"`
}

// Check inspects a store: SQLite's integrity check (PostgreSQL checks its
// pages itself), the schema version, and the audit log's hash chain.
func Check(ctx context.Context, db *store.DB) (Report, error) {
	r := Report{Dialect: string(db.Dialect()), Integrity: "ok"}
	if db.Dialect() == store.SQLite {
		conn, err := openRaw(db.Path())
		if err != nil {
			return r, err
		}
		r.Integrity, err = sqliteIntegrity(ctx, conn)
		conn.Close()
		if err != nil {
			return r, err
		}
	}
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return r, fmt.Errorf("check: %w", err)
	}
	r.SchemaVersion, r.SchemaLatest = st.Current, st.Latest
	r.AuditChain = "ok"
	r.AuditEvents, err = db.VerifyAudit(ctx)
	if err != nil {
		r.AuditChain = err.Error()
	}
	r.OK = r.Integrity == "ok" && r.AuditChain == "ok" && st.UpToDate()
	return r, nil
}
