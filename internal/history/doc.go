// Package history keeps every run of the suite in a database: a store of
// points, each one run of one configuration on one machine at one
// position (a commit, or a Go release for a cross-release run), with all
// of its samples.
//
// A store is a SQLite file (through the pure-Go driver modernc.org/sqlite,
// so no cgo is needed) or a PostgreSQL database (a postgres:// or
// postgresql:// DSN, through pgx's database/sql driver). Both hold one
// schema, created and upgraded by the numbered migrations embedded from
// migrations/, each applied in its own transaction and recorded in the
// schema_version table.
//
// A series is the points of one machine fingerprint (cpu, ncpu, goos,
// goarch and the machine config key), package, benchmark (its full name
// without the -N GOMAXPROCS suffix), GOMAXPROCS, unit and axis. The axis
// is "commit" for a standard run, whose points are ordered by the commit's
// place in git history when it is known and by the run's date otherwise,
// and "go-version" for a cross-release run (a file with several go-version
// blocks), whose points are ordered by release. The two are never mixed in
// one series: their orders do not compare.
//
// Adding a file is one transaction: the file is refused whole when any
// line of it is malformed, when a value was dropped, or when its last line
// has no line end (a run cut short while writing). A run is identified by
// a hash of its results and their configuration, so adding a file twice
// stores it once. Every value from a file reaches SQL as a parameter.
package history
