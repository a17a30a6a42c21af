//go:build race

package bench

// raceEnabled is true under -race, whose detector allows at most 8128 live
// goroutines at once.
const raceEnabled = true
