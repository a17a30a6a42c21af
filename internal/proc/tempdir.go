package proc

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/syncbench/syncbench/internal/filelock"
)

// lockName is the file in a TempDir whose lock its owner holds.
const lockName = ".owner.lock"

// staleAge is how old a directory of ours without a lock file must be to
// count as left behind (its owner was killed between creating it and
// locking it, or it predates locking).
const staleAge = time.Minute

// TempDir creates a new temporary directory whose name starts with prefix
// and locks it for this process: the lock ends with the process, however
// it ends. It first removes the directories with the same prefix that
// earlier processes left behind: those whose lock nobody holds. release
// removes the directory.
func TempDir(prefix string) (dir string, release func(), err error) {
	SweepTemp(prefix)
	dir, err = os.MkdirTemp("", prefix)
	if err != nil {
		return "", nil, err
	}
	// Lock the file under another name first, so that a sweeper never
	// finds the lock file unlocked.
	tmpLock := filepath.Join(dir, lockName+".new")
	f, err := os.Create(tmpLock)
	if err == nil {
		if _, err = filelock.TryLock(f); err == nil {
			err = os.Rename(tmpLock, filepath.Join(dir, lockName))
		}
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		os.RemoveAll(dir)
		return "", nil, err
	}
	return dir, func() {
		os.RemoveAll(dir)
		f.Close()
	}, nil
}

// SweepTemp removes the temporary directories named prefix* whose owner
// is gone, and returns how many it removed.
func SweepTemp(prefix string) int {
	entries, err := os.ReadDir(os.TempDir())
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) || !ownedByUs(e) {
			continue
		}
		dir := filepath.Join(os.TempDir(), e.Name())
		if stale(dir, e) && os.RemoveAll(dir) == nil {
			n++
		}
	}
	return n
}

// stale reports whether dir's owner is gone: its lock can be taken, or it
// has no lock file and is older than staleAge.
func stale(dir string, e os.DirEntry) bool {
	f, err := os.Open(filepath.Join(dir, lockName))
	if err != nil {
		info, err := e.Info()
		return err == nil && time.Since(info.ModTime()) > staleAge
	}
	defer f.Close()
	ok, err := filelock.TryLock(f)
	return ok && err == nil && filelock.Supported
}
