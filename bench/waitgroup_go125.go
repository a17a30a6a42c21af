//go:build go1.25

package bench

import "sync"

// haveWaitGroupGo says whether sync.WaitGroup.Go exists (Go 1.25 on).
const haveWaitGroupGo = true

// waitGroupGo calls wg.Go(f).
func waitGroupGo(wg *sync.WaitGroup, f func()) { wg.Go(f) }
