package history

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver, without cgo
)

//go:embed migrations/*.sql
var migrations embed.FS

// BusyTimeout is how long a SQLite store waits for another process's
// write transaction before giving up.
const BusyTimeout = 30 * time.Second

// Store is a history database, SQLite or PostgreSQL.
type Store struct {
	db       *sql.DB
	postgres bool
	// name is the DSN with any password redacted, for messages.
	name string
	// secret is the DSN's password, removed from every error message.
	secret string
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than
// a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Redact returns dsn with its password, if any, replaced by "xxxxx".
func Redact(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// Unparsable: drop everything between the scheme and the host.
		scheme, rest, _ := strings.Cut(dsn, "://")
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			return scheme + "://xxxxx@" + rest[at+1:]
		}
		return dsn
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// password is the password of a PostgreSQL DSN, or "".
func password(dsn string) string {
	if !IsPostgres(dsn) {
		return ""
	}
	u, err := url.Parse(dsn)
	if err != nil {
		scheme, rest, _ := strings.Cut(dsn, "://")
		_ = scheme
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if _, p, ok := strings.Cut(rest[:at], ":"); ok {
				return p
			}
		}
		return ""
	}
	if p, ok := u.User.Password(); ok {
		return p
	}
	return u.Query().Get("password")
}

// Open opens the store named by dsn, creating it (a SQLite file) or its
// schema when missing and applying any migration it lacks. A postgres://
// or postgresql:// DSN is PostgreSQL; anything else is the path of a
// SQLite file, whose directory must exist. Errors name the store with its
// password redacted.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{postgres: IsPostgres(dsn), name: Redact(dsn), secret: password(dsn)}
	var err error
	if s.postgres {
		s.db, err = sql.Open("pgx", withConnectTimeout(dsn))
	} else {
		if dsn == "" {
			return nil, errors.New("history store: empty path")
		}
		if strings.ContainsAny(dsn, "?#") {
			return nil, fmt.Errorf("history store %s: a SQLite path may not hold ? or #", dsn)
		}
		s.db, err = sql.Open("sqlite", sqliteDSN(dsn))
	}
	if err != nil {
		return nil, s.wrap("opening", err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, s.wrap("connecting to", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// sqliteDSN is the modernc.org/sqlite DSN of the file at path: waiting
// for other writers instead of failing at once, write transactions that
// take the write lock when they begin (BEGIN IMMEDIATE), so that two
// processes adding at once queue instead of deadlocking, and WAL journaling.
func sqliteDSN(path string) string {
	ms := strconv.FormatInt(BusyTimeout.Milliseconds(), 10)
	return "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(" + ms + ")&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"
}

// withConnectTimeout adds a connect_timeout to a PostgreSQL DSN that has
// none, so that an unreachable server fails in seconds.
func withConnectTimeout(dsn string) string {
	if strings.Contains(dsn, "connect_timeout=") {
		return dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "connect_timeout=10"
}

// Name is the store's DSN or path with any password redacted.
func (s *Store) Name() string { return s.name }

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// wrap makes err one line naming the store, with its password removed.
func (s *Store) wrap(what string, err error) error {
	return &storeError{msg: s.redact(fmt.Sprintf("%s history store %s: %v", what, s.name, err)), err: err}
}

// redact removes the store's password from msg.
func (s *Store) redact(msg string) string {
	if s.secret != "" {
		msg = strings.ReplaceAll(msg, s.secret, "xxxxx")
		if e := url.QueryEscape(s.secret); e != s.secret {
			msg = strings.ReplaceAll(msg, e, "xxxxx")
		}
	}
	return strings.ReplaceAll(msg, "\n", " ")
}

// storeError is an error whose message has been redacted; Unwrap still
// reaches the driver's error.
type storeError struct {
	msg string
	err error
}

func (e *storeError) Error() string { return e.msg }
func (e *storeError) Unwrap() error { return e.err }

// rebind rewrites the ? placeholders of query as $1, $2, ... for
// PostgreSQL. The statements of this package hold no ? in literals.
func (s *Store) rebind(query string) string {
	if !s.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// migrationLock is the PostgreSQL advisory lock key held while migrating,
// so that two processes opening a new database do not both create it.
const migrationLock = 7_263_001

// Migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations in version order. A file
// is NNNN_name.sql; NNNN_name.postgres.sql or NNNN_name.sqlite.sql, when
// present, replaces it for that dialect.
func loadMigrations(postgres bool) ([]migration, error) {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	dialect, other := ".sqlite.sql", ".postgres.sql"
	if postgres {
		dialect, other = other, dialect
	}
	byVersion := map[int]migration{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, other) {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name does not start with its number", name)
		}
		if old, dup := byVersion[v]; dup && !strings.HasSuffix(name, dialect) {
			if strings.HasSuffix(old.name, dialect) {
				continue
			}
			return nil, fmt.Errorf("migrations %s and %s have one number", old.name, name)
		}
		text, err := fs.ReadFile(migrations, "migrations/"+name)
		if err != nil {
			return nil, err
		}
		byVersion[v] = migration{version: v, name: name, sql: string(text)}
	}
	var out []migration
	for _, m := range byVersion {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	return out, nil
}

// SchemaVersion is the version of the newest migration this package holds.
func SchemaVersion() int {
	ms, err := loadMigrations(false)
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies every migration the store lacks, each in its own
// transaction with the schema_version row that records it.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(s.postgres)
	if err != nil {
		return fmt.Errorf("history store %s: %w", s.name, err)
	}
	for _, m := range ms {
		if err := s.apply(ctx, m); err != nil {
			return s.wrap(fmt.Sprintf("migration %s of", m.name), err)
		}
	}
	return nil
}

// apply runs migration m unless the store has it already.
func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"); err != nil {
		return err
	}
	var have int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_version WHERE version = "+s.rebind("?"), m.version).Scan(&have); err != nil {
		return err
	}
	if have > 0 {
		return nil
	}
	for _, stmt := range splitStatements(m.sql) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, s.rebind("INSERT INTO schema_version (version, applied) VALUES (?, ?)"),
		m.version, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// Version is the store's schema version: the newest migration applied.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_version").Scan(&v); err != nil {
		return 0, s.wrap("reading the schema version of", err)
	}
	return int(v.Int64), nil
}

// splitStatements splits a migration into its statements at semicolons
// that end a line, dropping -- comment lines.
func splitStatements(text string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}
