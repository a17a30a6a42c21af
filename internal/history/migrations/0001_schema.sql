-- The first schema: runs (one per results file, by content hash), series
-- (one per machine, package, benchmark, GOMAXPROCS, unit and axis) and
-- points (one run of one series at one position, with every sample).
-- The same SQL runs on SQLite and PostgreSQL: TEXT keys (content hashes),
-- no auto-increment, types both accept.
CREATE TABLE runs (
	id TEXT PRIMARY KEY,
	file TEXT NOT NULL,
	run_date TEXT NOT NULL,
	added TEXT NOT NULL
);

CREATE TABLE series (
	id TEXT PRIMARY KEY,
	cpu TEXT NOT NULL,
	ncpu TEXT NOT NULL,
	goos TEXT NOT NULL,
	goarch TEXT NOT NULL,
	machine TEXT NOT NULL,
	pkg TEXT NOT NULL,
	benchmark TEXT NOT NULL,
	gomaxprocs INTEGER NOT NULL,
	unit TEXT NOT NULL,
	axis TEXT NOT NULL
);

CREATE INDEX series_benchmark ON series (benchmark, unit);

CREATE TABLE points (
	run TEXT NOT NULL REFERENCES runs (id),
	series TEXT NOT NULL REFERENCES series (id),
	position TEXT NOT NULL,
	commit_hash TEXT NOT NULL,
	commit_order BIGINT,
	go_version TEXT NOT NULL,
	run_date TEXT NOT NULL,
	n INTEGER NOT NULL,
	samples TEXT NOT NULL,
	PRIMARY KEY (run, series, position)
);

CREATE INDEX points_series ON points (series);
