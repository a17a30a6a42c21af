package bench

import "fmt"

// selectCases lists the numbers of cases selectRecv and selectPoll support.
var selectCases = []int{1, 2, 4, 8}

// selectRecv receives from whichever of cs is ready, through one select
// statement with len(cs) receive cases, and returns the value and ok as a
// receive would. len(cs) must be one of selectCases. With one case the
// compiler turns the select into a plain receive, as it does in user code.
func selectRecv(cs []chan uint64) (uint64, bool) {
	var v uint64
	var ok bool
	switch len(cs) {
	case 1:
		select {
		case v, ok = <-cs[0]:
		}
	case 2:
		select {
		case v, ok = <-cs[0]:
		case v, ok = <-cs[1]:
		}
	case 4:
		select {
		case v, ok = <-cs[0]:
		case v, ok = <-cs[1]:
		case v, ok = <-cs[2]:
		case v, ok = <-cs[3]:
		}
	case 8:
		select {
		case v, ok = <-cs[0]:
		case v, ok = <-cs[1]:
		case v, ok = <-cs[2]:
		case v, ok = <-cs[3]:
		case v, ok = <-cs[4]:
		case v, ok = <-cs[5]:
		case v, ok = <-cs[6]:
		case v, ok = <-cs[7]:
		}
	default:
		panic(fmt.Sprintf("selectRecv: %d cases", len(cs)))
	}
	return v, ok
}

// selectPoll is selectRecv with a default case: it returns at once, with
// ready false if none of cs was ready. With one case the compiler turns it
// into a non-blocking receive, as it does in user code.
func selectPoll(cs []chan uint64) (v uint64, ok, ready bool) {
	switch len(cs) {
	case 1:
		select {
		case v, ok = <-cs[0]:
		default:
			return 0, false, false
		}
	case 2:
		select {
		case v, ok = <-cs[0]:
		case v, ok = <-cs[1]:
		default:
			return 0, false, false
		}
	case 4:
		select {
		case v, ok = <-cs[0]:
		case v, ok = <-cs[1]:
		case v, ok = <-cs[2]:
		case v, ok = <-cs[3]:
		default:
			return 0, false, false
		}
	case 8:
		select {
		case v, ok = <-cs[0]:
		case v, ok = <-cs[1]:
		case v, ok = <-cs[2]:
		case v, ok = <-cs[3]:
		case v, ok = <-cs[4]:
		case v, ok = <-cs[5]:
		case v, ok = <-cs[6]:
		case v, ok = <-cs[7]:
		default:
			return 0, false, false
		}
	default:
		panic(fmt.Sprintf("selectPoll: %d cases", len(cs)))
	}
	return v, ok, true
}
