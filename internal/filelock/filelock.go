// Package filelock takes advisory, exclusive locks on open files without
// waiting (flock on Unix). A lock lasts until the file is closed or its
// process ends, however it ends, so a lock that can be taken marks a file
// whose previous owner is gone.
package filelock
