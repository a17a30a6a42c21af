// Package pgtest starts a real PostgreSQL server for tests: initdb and
// pg_ctl in a temporary directory, listening on a Unix socket only.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Server is a running PostgreSQL server.
type Server struct {
	dir, bin string
	asRoot   bool
}

// BinDir is the directory of the newest installed PostgreSQL server
// binaries (initdb, pg_ctl), or "" when there are none.
func BinDir() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) < version(dirs[j]) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i]
		}
	}
	return ""
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// Start starts a server in a new temporary directory. When no server
// binaries are installed it returns an error saying so.
func Start() (*Server, error) {
	bin := BinDir()
	if bin == "" {
		return nil, fmt.Errorf("no PostgreSQL server binaries (initdb) in PATH or /usr/lib/postgresql/*/bin: install Debian's postgresql package")
	}
	dir, err := os.MkdirTemp("", "syncbench-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin, asRoot: os.Geteuid() == 0}
	if s.asRoot {
		// The server refuses to run as root: it runs as postgres.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(dir, 0o755); err == nil {
			err = os.Chown(dir, uid, gid)
		}
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.cmd("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-N", "-E", "UTF8").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses= -F -c max_connections=50", dir)
	if out, err := s.cmd("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-s", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
	}
	return s, nil
}

func (s *Server) cmd(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if s.asRoot {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

// Stop stops the server and removes its directory.
func (s *Server) Stop() error {
	out, err := s.cmd("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "-s", "stop").CombinedOutput()
	os.RemoveAll(s.dir)
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// DSN is the DSN of database db on the server.
func (s *Server) DSN(db string) string {
	return "postgres://postgres@/" + db + "?host=" + s.dir
}

var dbs sync.Mutex
var dbN int

// NewDB creates a new empty database on the server and returns its DSN.
func (s *Server) NewDB(t testing.TB) string {
	dbs.Lock()
	dbN++
	name := fmt.Sprintf("t%d", dbN)
	dbs.Unlock()
	db, err := sql.Open("pgx", s.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	return s.DSN(name)
}
