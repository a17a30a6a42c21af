// Package machine identifies the machine a benchmark run happens on (system,
// architecture, CPU model and count, kernel) and names its results directory.
package machine

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"unicode"
)

// KindKeys are the results-file configuration keys that say what kind of
// machine produced a result: results are comparable (and poolable) only
// between equal values. Files without a key (plain go test output has no
// ncpu) are not told apart by it.
var KindKeys = []string{"goos", "goarch", "cpu", "ncpu"}

// Info is the fingerprint of a machine.
type Info struct {
	// GOOS and GOARCH are those of the running program.
	GOOS, GOARCH string
	// CPU is the CPU model as the operating system reports it, for
	// example "Intel(R) Xeon(R) Processor"; empty when unknown.
	CPU string
	// NCPU is the number of logical CPUs usable by the process.
	NCPU int
	// GOMAXPROCS is the default GOMAXPROCS of a Go program on this
	// machine (it can be lower than NCPU under a CPU quota).
	GOMAXPROCS int
	// Kernel is the kernel name and release, for example
	// "Linux 6.8.0-45-generic"; it falls back to GOOS when unknown.
	Kernel string
	// Host is the host name up to its first dot; empty when unknown.
	Host string
}

// Detect returns the fingerprint of the machine the program runs on.
// It never fails: what cannot be found out is left empty (or, for the
// kernel, replaced by GOOS).
func Detect() Info {
	in := Info{
		GOOS:       runtime.GOOS,
		GOARCH:     runtime.GOARCH,
		CPU:        cpuName(),
		NCPU:       runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		Kernel:     kernel(),
	}
	if h, err := os.Hostname(); err == nil {
		h, _, _ = strings.Cut(h, ".")
		in.Host = h
	}
	if in.Kernel == "" {
		in.Kernel = runtime.GOOS
	}
	return in
}

// Name returns the short name of the machine: the host name and a short
// form of the CPU model joined by a dash, lower case, made of letters,
// digits and dashes only, so that it is usable as a directory name. For
// example a host "vm" with an "Intel(R) Xeon(R) Platinum 8375C CPU @
// 2.90GHz" is "vm-xeon-platinum-8375c". Parts that are unknown are left
// out; when everything is unknown the name is GOOS-GOARCH.
func (in Info) Name() string {
	var parts []string
	if h := slug(in.Host); h != "" {
		parts = append(parts, h)
	}
	if c := ShortCPU(in.CPU); c != "" {
		parts = append(parts, c)
	}
	if len(parts) == 0 {
		parts = append(parts, slug(in.GOOS), slug(in.GOARCH))
	}
	name := strings.Join(parts, "-")
	const max = 48
	if len(name) > max {
		name = strings.TrimRight(name[:max], "-")
	}
	return name
}

// noise are the words of CPU model names that say nothing about the CPU.
var noise = map[string]bool{
	"intel": true, "amd": true, "cpu": true, "processor": true,
	"core": true, "with": true, "radeon": true, "graphics": true,
	"genuine": true, "authentic": true, "(r)": true, "(tm)": true,
}

var (
	freqRE  = regexp.MustCompile(`(?i)@?\s*[0-9.]+\s*[gm]hz`)
	coresRE = regexp.MustCompile(`(?i)\b[0-9]+-core\b`)
)

// ShortCPU returns a short lower-case form of a CPU model name, without
// vendor marks, clock frequency and filler words: "Intel(R) Core(TM)
// i7-8650U CPU @ 1.90GHz" is "i7-8650u", "AMD Ryzen 9 5950X 16-Core
// Processor" is "ryzen-9-5950x", "Apple M2 Pro" is "apple-m2-pro".
func ShortCPU(model string) string {
	s := strings.ToLower(model)
	s = strings.ReplaceAll(s, "(r)", " ")
	s = strings.ReplaceAll(s, "(tm)", " ")
	s = freqRE.ReplaceAllString(s, " ")
	s = coresRE.ReplaceAllString(s, " ")
	var words []string
	for _, w := range strings.Fields(s) {
		if noise[w] {
			continue
		}
		if w = slug(w); w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words, "-")
}

// slug lower-cases s and replaces every run of characters other than
// ASCII letters and digits by one dash, trimming dashes at both ends.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// cpuName returns the CPU model name the operating system reports, or "".
func cpuName() string {
	switch runtime.GOOS {
	case "linux", "android":
		data, err := os.ReadFile("/proc/cpuinfo")
		if err != nil {
			return ""
		}
		return cpuinfoModel(data)
	case "darwin":
		out, err := exec.Command("sysctl", "-n", "machdep.cpu.brand_string").Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	case "freebsd", "netbsd", "openbsd", "dragonfly":
		out, err := exec.Command("sysctl", "-n", "hw.model").Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	return ""
}

// cpuinfoModel extracts the model name from the contents of
// /proc/cpuinfo: the "model name" field of x86 and most others, or
// "Hardware" / "Model" / "cpu model" on some ARM and MIPS kernels.
func cpuinfoModel(data []byte) string {
	fields := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if _, seen := fields[k]; !seen && v != "" {
			fields[k] = v
		}
	}
	for _, k := range []string{"model name", "cpu model", "Hardware", "Model", "cpu"} {
		if v := fields[k]; v != "" {
			return v
		}
	}
	return ""
}

// LoadAvg returns the 1-, 5- and 15-minute load averages of
// /proc/loadavg, such as "0.92 1.30 1.60", or "unknown" where there is no
// such file.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
