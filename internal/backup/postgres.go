package backup

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/store"
)

// ErrNoPgTools is returned when pg_dump or pg_restore is not on PATH.
var ErrNoPgTools = errors.New("backup: PostgreSQL client tools not found")

// libpqParams are the URL query parameters libpq understands; others (such
// as pgx's search_path) are not passed to pg_dump and pg_restore.
var libpqParams = map[string]bool{
	"sslmode": true, "sslrootcert": true, "sslcert": true, "sslkey": true, "sslpassword": true,
	"sslcrl": true, "connect_timeout": true, "application_name": true, "options": true,
	"target_session_attrs": true, "gssencmode": true, "channel_binding": true, "passfile": true,
	"host": true, "port": true, "user": true, "dbname": true,
}

// pgConn turns a factdesk database URL into what the PostgreSQL tools take:
// a libpq URL without the password, the environment that carries it, and the
// schema named by search_path ("" for the whole database).
type pgConn struct {
	url    string
	env    []string
	schema string
}

func parsePgURL(raw string) (pgConn, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return pgConn{}, fmt.Errorf("backup: database URL: %w", err)
	}
	var c pgConn
	c.env = os.Environ()
	if pw, ok := u.User.Password(); ok {
		c.env = append(c.env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		c.schema = strings.TrimSpace(strings.Split(sp, ",")[0])
	}
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	c.url = u.String()
	return c, nil
}

func pgTool(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%w: %s is not on PATH; install the PostgreSQL client (e.g. apt-get install postgresql-client) or back up with your own pg_dump -Fc (see docs/backup.md)", ErrNoPgTools, name)
	}
	return p, nil
}

// run runs a PostgreSQL tool and returns its standard output; a failure
// carries the tool's own message.
func (c pgConn) run(ctx context.Context, tool string, args ...string) ([]byte, error) {
	path, err := pgTool(tool)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s: %s", tool, msg)
	}
	return stdout.Bytes(), nil
}

func createPostgres(ctx context.Context, dbURL, file string) (Result, error) {
	c, err := parsePgURL(dbURL)
	if err != nil {
		return Result{}, err
	}
	tmp := file + ".partial"
	_ = os.Remove(tmp)
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--file=" + tmp}
	if c.schema != "" {
		args = append(args, "--schema="+c.schema)
	}
	args = append(args, "--dbname="+c.url)
	if _, err := c.run(ctx, "pg_dump", args...); err != nil {
		_ = os.Remove(tmp)
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	if err := publish(tmp, file); err != nil {
		return Result{}, err
	}
	return Result{File: file, Dialect: string(store.Postgres), Bytes: fileSize(file)}, nil
}

// restorePostgres checks the archive's schema version, then restores it in
// one transaction: a failure leaves the target as it was.
func restorePostgres(ctx context.Context, dbURL, file string, opt RestoreOptions) (Result, error) {
	c, err := parsePgURL(dbURL)
	if err != nil {
		return Result{}, err
	}
	version, err := c.archiveVersion(ctx, file)
	if err != nil {
		return Result{}, err
	}
	db, err := store.Open(ctx, store.Options{URL: dbURL})
	if err != nil {
		return Result{}, fmt.Errorf("restore: %w", err)
	}
	st, _ := db.MigrationStatus(ctx) // no schema yet reads as version 0 or an error
	db.Close()
	if err := checkVersion(file, store.MigrationStatus{Current: version, Latest: st.Latest}); err != nil {
		return Result{}, err
	}
	if st.Current > 0 && !opt.Force {
		return Result{}, fmt.Errorf("%w: the database holds a factdesk schema (version %d); stop every factdesk process on it and pass --force to replace it", ErrNeedsForce, st.Current)
	}
	if err := c.restoreScript(ctx, file); err != nil {
		return Result{}, fmt.Errorf("restore %s: %w (the database is unchanged)", file, err)
	}
	v, err := migrate(ctx, store.Options{URL: dbURL})
	if err != nil {
		return Result{}, err
	}
	return Result{File: file, Dialect: string(store.Postgres), Bytes: fileSize(file), SchemaVersion: v}, nil
}

// archiveVersion reads the schema version recorded in a pg_dump archive's
// goose_db_version table, without restoring anything.
func (c pgConn) archiveVersion(ctx context.Context, file string) (int64, error) {
	out, err := c.run(ctx, "pg_restore", "--data-only", "--table=goose_db_version", "--file=-", file)
	if err != nil {
		return 0, fmt.Errorf("restore %s: not a readable pg_dump archive: %w", file, err)
	}
	var version int64
	inCopy := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "COPY ") && strings.Contains(line, "goose_db_version"):
			inCopy = true
		case line == `\.`:
			inCopy = false
		case inCopy:
			// id, version_id, is_applied, tstamp
			f := strings.Split(line, "\t")
			if len(f) < 3 || f[2] != "t" {
				continue
			}
			if v, err := strconv.ParseInt(f[1], 10, 64); err == nil && v > version {
				version = v
			}
		}
	}
	return version, nil
}

// emptySearchPath is how pg_restore's script starts, for safety. factdesk's
// search functions (migration 00003) call each other by unqualified name,
// so the generated search columns cannot be recreated under it.
const emptySearchPath = "SELECT pg_catalog.set_config('search_path', '', false);"

// restoreScript turns the archive into SQL with pg_restore and runs it with
// psql in one transaction that stops at the first error, with the search
// path set to factdesk's schema instead of the empty one.
func (c pgConn) restoreScript(ctx context.Context, file string) error {
	restorePath, err := pgTool("pg_restore")
	if err != nil {
		return err
	}
	psqlPath, err := pgTool("psql")
	if err != nil {
		return err
	}
	schema := c.schema
	if schema == "" {
		schema = "public"
	}
	setPath := fmt.Sprintf("SELECT pg_catalog.set_config('search_path', %s, false);", quoteLiteral(quoteIdent(schema)+", public"))

	dump := exec.CommandContext(ctx, restorePath, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--file=-", file)
	dump.Env = c.env
	var dumpErr, psqlErr bytes.Buffer
	dump.Stderr = &dumpErr
	script, err := dump.StdoutPipe()
	if err != nil {
		return err
	}
	psql := exec.CommandContext(ctx, psqlPath, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--dbname="+c.url)
	psql.Env = c.env
	psql.Stderr = &psqlErr
	in, err := psql.StdinPipe()
	if err != nil {
		return err
	}
	if err := psql.Start(); err != nil {
		return fmt.Errorf("psql: %w", err)
	}
	if err := dump.Start(); err != nil {
		in.Close()
		_ = psql.Wait()
		return fmt.Errorf("pg_restore: %w", err)
	}
	copyErr := rewriteLines(in, script, emptySearchPath, setPath)
	in.Close()
	dumpWait := dump.Wait()
	psqlWait := psql.Wait()
	switch {
	case dumpWait != nil:
		return fmt.Errorf("pg_restore: %s", firstNonEmpty(dumpErr.String(), dumpWait.Error()))
	case psqlWait != nil:
		return fmt.Errorf("psql: %s", firstNonEmpty(psqlErr.String(), psqlWait.Error()))
	case copyErr != nil:
		return fmt.Errorf("pg_restore to psql: %w", copyErr)
	}
	return nil
}

// rewriteLines copies r to w line by line, replacing lines equal to old.
func rewriteLines(w io.Writer, r io.Reader, old, new string) error {
	br := bufio.NewReaderSize(r, 1<<20)
	bw := bufio.NewWriterSize(w, 1<<20)
	for {
		line, err := br.ReadString('\n')
		if strings.TrimRight(line, "\n") == old {
			line = new + "\n"
		}
		if _, werr := bw.WriteString(line); werr != nil {
			// psql stopped reading: its own error says why.
			_, _ = io.Copy(io.Discard, br)
			return nil
		}
		if err == io.EOF {
			return bw.Flush()
		}
		if err != nil {
			return err
		}
	}
}

func quoteIdent(s string) string   { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
