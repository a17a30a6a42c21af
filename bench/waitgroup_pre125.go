//go:build !go1.25

package bench

import "sync"

// haveWaitGroupGo says whether sync.WaitGroup.Go exists (Go 1.25 on).
const haveWaitGroupGo = false

// waitGroupGo would call wg.Go(f), which this Go release lacks: it panics,
// so that nothing else is ever measured under fork=go.
func waitGroupGo(wg *sync.WaitGroup, f func()) {
	panic("sync.WaitGroup.Go is not in this Go release (it came in Go 1.25)")
}
