package site_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/syncbench/syncbench/internal/history"
	"github.com/syncbench/syncbench/internal/history/changepoint"
	"github.com/syncbench/syncbench/internal/history/site"
	"github.com/syncbench/syncbench/internal/history/site/browser"
	"github.com/syncbench/syncbench/internal/history/site/sitetest"
)

// releasesFile is the committed cross-release run: 6 releases from
// go1.22.12 to go1.27.3 in 20 interleaved rounds, with the WaitGroup
// add-done step between go1.24.11 and go1.25.5.
const releasesFile = "../../../results/releases/vm-epyc/20261201T054824Z.txt"

// secondMachine is the machine and cpu header lines that make a copy of
// releasesFile a second machine: the machines view needs a benchmark on
// more than one, and the committed runs of other machines are standard
// runs, not release runs.
var secondMachine = strings.NewReplacer("machine: vm-epyc\n", "machine: vm-epyc-copy\n", "cpu: AMD EPYC\n", "cpu: AMD EPYC (copy)\n")

type fixture struct {
	dir   string
	all   []history.Series
	found []history.Found
	sum   site.Summary
}

var (
	fixOnce sync.Once
	fix     fixture
	fixErr  error
)

// realSite is the site of a store made of the committed release run
// split into its rounds, committed standard runs of two machines and the
// hostile runs, generated once for every test.
func realSite(t *testing.T) fixture {
	t.Helper()
	fixOnce.Do(func() {
		ctx := context.Background()
		tmp, err := os.MkdirTemp("", "syncbench-site-test-")
		if err != nil {
			fixErr = err
			return
		}
		st, err := history.Open(ctx, filepath.Join(tmp, "history.db"))
		if err != nil {
			fixErr = err
			return
		}
		defer st.Close()
		if _, fixErr = sitetest.AddRounds(ctx, st, releasesFile); fixErr != nil {
			return
		}
		data, err := os.ReadFile(releasesFile)
		if err != nil {
			fixErr = err
			return
		}
		copyFile := filepath.Join(tmp, "copy.txt")
		if fixErr = os.WriteFile(copyFile, []byte(secondMachine.Replace(string(data))), 0o644); fixErr != nil {
			return
		}
		if _, fixErr = sitetest.AddRounds(ctx, st, copyFile); fixErr != nil {
			return
		}
		if fixErr = sitetest.AddHostile(ctx, st); fixErr != nil {
			return
		}
		fix.all, fixErr = st.Series(ctx, history.Filter{})
		if fixErr != nil {
			return
		}
		fix.found = history.Changes(fix.all, changepoint.DefaultOptions())
		fix.dir = filepath.Join(tmp, "site")
		fix.sum, fixErr = site.Write(fix.dir, fix.all, fix.found)
	})
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fix.dir != "" {
		os.RemoveAll(filepath.Dir(fix.dir))
	}
	os.Exit(code)
}

// TestWaitGroupStepFound: the store the browser tests read holds the
// WaitGroup add-done step between go1.24.11 and go1.25.5 as a regression.
func TestWaitGroupStepFound(t *testing.T) {
	f := realSite(t)
	n := 0
	for _, c := range f.found {
		if strings.HasPrefix(c.Key.Benchmark, "WaitGroup/op=add-done/") && c.Key.Axis == history.AxisGoVersion {
			if c.Before.Position != "go1.24.11" || c.After.Position != "go1.25.5" || !c.Regression {
				t.Errorf("WaitGroup change point %s: %s -> %s regression %v", c.Key.Name(), c.Before.Position, c.After.Position, c.Regression)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatalf("no WaitGroup add-done change point among %d found", len(f.found))
	}
	if f.sum.Changes != len(f.found) || f.sum.Series != len(f.all) {
		t.Fatalf("summary %+v for %d series, %d change points", f.sum, len(f.all), len(f.found))
	}
}

var attrRE = regexp.MustCompile(`(?i)\b(?:src|href)\s*=\s*"([^"]*)"`)

// TestNoURLOutside: no file of the site names a URL outside it: no
// scheme anywhere (http://, https://, file://, //host), and every src and
// href attribute of a page is a file of the site.
func TestNoURLOutside(t *testing.T) {
	f := realSite(t)
	checkNoURLOutside(t, f.dir)
}

func checkNoURLOutside(t *testing.T, dir string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		s := string(b)
		rel, _ := filepath.Rel(dir, path)
		for _, bad := range []string{"http:", "https:", "://", "url("} {
			if i := strings.Index(strings.ToLower(s), bad); i >= 0 {
				t.Errorf("%s names %q: ...%s...", rel, bad, s[max(0, i-40):min(len(s), i+40)])
			}
		}
		for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
			ref := m[1]
			u, err := url.Parse(ref)
			if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "/") || strings.Contains(ref, "..") {
				t.Errorf("%s refers to %q, not a file of the site", rel, ref)
				continue
			}
			if u.Path == "" {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), filepath.FromSlash(u.Path))); err != nil {
				t.Errorf("%s refers to %q, which the site lacks", rel, ref)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 5 {
		t.Fatalf("site has %d files", n)
	}
}

// TestWriteRefusesForeignDir: Write does not empty a directory that is
// not a site.
func TestWriteRefusesForeignDir(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.txt")
	if err := os.WriteFile(keep, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := site.Write(dir, nil, nil); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("Write into a foreign directory: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatal("Write removed a file of a foreign directory")
	}
	// A site written before is replaced.
	site2 := filepath.Join(dir, "site")
	for i := 0; i < 2; i++ {
		if _, err := site.Write(site2, nil, nil); err != nil {
			t.Fatalf("write %d: %v", i+1, err)
		}
	}
}

// startBrowser starts headless Chromium, or skips the test when there is
// none.
func startBrowser(t *testing.T) *browser.Browser {
	t.Helper()
	path, err := browser.Find()
	if err != nil {
		t.Skipf("skipping the browser test: %v", err)
	}
	b, err := browser.Start(context.Background(), path, 1200, 900)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

func fileURL(dir, name string) string {
	abs, _ := filepath.Abs(filepath.Join(dir, name))
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

func eval[T any](t *testing.T, p *browser.Page, expr string) T {
	t.Helper()
	v, err := browser.Eval[T](p, expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// clean fails the test when the page reported an error, opened a dialog
// or requested anything but a file of the site.
func clean(t *testing.T, p *browser.Page, dir string) {
	t.Helper()
	for _, e := range p.Errors() {
		t.Errorf("page error: %s", e)
	}
	for _, d := range p.Dialogs() {
		t.Errorf("page opened a dialog: %s", d)
	}
	root := fileURL(dir, "")
	for _, r := range p.Requests() {
		if !strings.HasPrefix(r, root) {
			t.Errorf("page requested %s, outside the site", r)
		}
	}
}

func open(t *testing.T, b *browser.Browser, dir, page string) *browser.Page {
	t.Helper()
	return openURL(t, b, fileURL(dir, page))
}

func openURL(t *testing.T, b *browser.Browser, u string) *browser.Page {
	t.Helper()
	p, err := b.NewPage()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	if err := p.Open(u, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBrowser opens the site of real runs in headless Chromium and reads
// the DOM of each page.
func TestBrowser(t *testing.T) {
	f := realSite(t)
	b := startBrowser(t)

	t.Run("index", func(t *testing.T) {
		p := open(t, b, f.dir, "index.html")
		if n := eval[int](t, p, `document.querySelectorAll('#families tr.row').length`); n != f.sum.Families {
			t.Errorf("index lists %d families, want %d", n, f.sum.Families)
		}
		if n := eval[int](t, p, `document.querySelectorAll('#changes tr.row').length`); n != len(f.found) {
			t.Errorf("index lists %d change points, want %d", n, len(f.found))
		}
		if !eval[bool](t, p, `document.querySelector('#changes tr.row').classList.contains('regression')`) {
			t.Error("the first change point listed is not a regression")
		}
		total := eval[int](t, p, `document.querySelectorAll('tr.row').length`)
		if err := p.Do(chromedp.SendKeys(chromedp.CSS("#search"), "waitgroup add-done")); err != nil {
			t.Fatal(err)
		}
		shown := eval[[]string](t, p, `Array.from(document.querySelectorAll('tr.row')).filter(r => !r.hidden).map(r => r.textContent.toLowerCase())`)
		if len(shown) == 0 || len(shown) >= total {
			t.Errorf("search shows %d of %d rows", len(shown), total)
		}
		for _, s := range shown {
			if !strings.Contains(s, "waitgroup") {
				t.Errorf("search for waitgroup shows %q", s)
			}
		}
		if c := eval[string](t, p, `document.getElementById('search-count').textContent`); !strings.Contains(c, "of") {
			t.Errorf("search count says %q", c)
		}
		clean(t, p, f.dir)
	})

	t.Run("family", func(t *testing.T) {
		// Follow the index's link to the WaitGroup change point.
		p := open(t, b, f.dir, "index.html")
		href := eval[string](t, p, `Array.from(document.querySelectorAll('#changes a')).find(a => a.textContent.startsWith('WaitGroup/op=add-done/')).getAttribute('href')`)
		page, hash, _ := strings.Cut(href, "#")
		p = openURL(t, b, fileURL(f.dir, page)+"#"+hash)
		want := 0
		for _, s := range f.all {
			if site.Family(s.Key.Benchmark) == "WaitGroup" && s.Key.Axis == history.AxisGoVersion && s.Key.Unit == "sec/op" && s.Key.Machine == "vm-epyc" {
				want++
			}
		}
		// The link selects the series' own dimension values: one chart.
		if n := eval[int](t, p, `document.querySelectorAll('svg.chart').length`); n != 1 {
			t.Errorf("WaitGroup page linked to one series draws %d charts", n)
		}
		if n := eval[int](t, p, `document.querySelectorAll('figure.highlight svg.chart g.cp-reg').length`); n != 1 {
			t.Errorf("the linked chart has %d regression markers, want 1", n)
		}
		label := eval[string](t, p, `document.querySelector('figure.highlight g.cp-reg text').textContent`)
		if !regexp.MustCompile(`^\+\d+% regression$`).MatchString(label) {
			t.Errorf("change-point label %q", label)
		}
		if n := eval[int](t, p, `document.querySelectorAll('figure.highlight circle.pt').length`); n != 120 {
			t.Errorf("the linked chart has %d points, want 120 (6 releases × 20 rounds)", n)
		}
		// Hover the middle of the chart: the tip names a release, a date and a median.
		box := eval[[]float64](t, p, `(() => { const r = document.querySelector('figure.highlight rect.overlay').getBoundingClientRect(); return [r.left + r.width * 0.75, r.top + r.height / 2]; })()`)
		if err := p.Hover(box[0], box[1]); err != nil {
			t.Fatal(err)
		}
		tip := eval[string](t, p, `(() => { const t = document.getElementById('tip'); return t.hidden ? '' : t.innerText; })()`)
		for _, w := range []string{"go1.2", "date 2026-12-01", "median", "interval", "sample"} {
			if !strings.Contains(tip, w) {
				t.Errorf("hover tip lacks %q: %q", w, tip)
			}
		}
		// The controls widen the charts: every value of goroutines.
		if err := p.Do(chromedp.SetValue(chromedp.CSS(`select[data-control="goroutines"]`), ""), chromedp.Evaluate[chromedp.Void](`document.querySelector('select[data-control="goroutines"]').dispatchEvent(new Event('change'))`)); err != nil {
			t.Fatal(err)
		}
		if n := eval[int](t, p, `document.querySelectorAll('svg.chart').length`); n != want || n < 2 {
			t.Errorf("goroutines=all draws %d charts, want %d", n, want)
		}
		if n := eval[int](t, p, `document.querySelectorAll('svg.chart g.cp-reg').length`); n != want {
			t.Errorf("goroutines=all draws %d regression markers, want %d", n, want)
		}
		clean(t, p, f.dir)
	})

	t.Run("every family page", func(t *testing.T) {
		pages, _ := filepath.Glob(filepath.Join(f.dir, "family-*.html"))
		if len(pages) != f.sum.Families {
			t.Fatalf("%d family pages for %d families", len(pages), f.sum.Families)
		}
		for _, pg := range pages {
			p := open(t, b, f.dir, filepath.Base(pg))
			if n := eval[int](t, p, `document.querySelectorAll('svg.chart').length`); n == 0 {
				t.Errorf("%s draws no chart", filepath.Base(pg))
			}
			clean(t, p, f.dir)
		}
	})

	t.Run("machines", func(t *testing.T) {
		p := open(t, b, f.dir, "machines.html")
		families := eval[[]string](t, p, `Array.from(document.querySelectorAll('select[data-control="family"] option')).map(o => o.textContent)`)
		i := -1
		for j, fam := range families {
			if fam == "Counter" {
				i = j
			}
		}
		if i < 0 {
			t.Fatalf("machines view offers families %q", families)
		}
		if err := p.Do(chromedp.SetValue(chromedp.CSS(`select[data-control="family"]`), strconv.Itoa(i)),
			chromedp.Evaluate[chromedp.Void](`document.body.removeAttribute('data-ready'); document.querySelector('select[data-control="family"]').dispatchEvent(new Event('change'))`),
			chromedp.WaitReady(chromedp.CSS(`body[data-ready]`))); err != nil {
			t.Fatal(err)
		}
		machines := eval[[]string](t, p, `Array.from(document.querySelectorAll('#charts figcaption')).map(c => c.textContent)`)
		var epyc, other bool
		for _, m := range machines {
			epyc = epyc || strings.HasPrefix(m, "vm-epyc, ")
			other = other || strings.HasPrefix(m, "vm-epyc-copy, ")
		}
		if len(machines) != 2 || !epyc || !other {
			t.Errorf("machines view of Counter shows %q, want vm-epyc and vm-epyc-copy", machines)
		}
		if n := eval[int](t, p, `document.querySelectorAll('#charts svg.chart').length`); n != 2 {
			t.Errorf("machines view draws %d charts, want 2", n)
		}
		clean(t, p, f.dir)
	})

	t.Run("hostile", func(t *testing.T) {
		for _, pg := range []string{"index.html", "machines.html", hostilePage(t, f.dir)} {
			p := open(t, b, f.dir, pg)
			if pg == "machines.html" {
				// Show the hostile family.
				if err := p.Do(chromedp.SetValue(chromedp.CSS(`select[data-control="family"]`), "0"),
					chromedp.Evaluate[chromedp.Void](`document.body.removeAttribute('data-ready'); document.querySelector('select[data-control="family"]').dispatchEvent(new Event('change'))`),
					chromedp.WaitReady(chromedp.CSS(`body[data-ready]`))); err != nil {
					t.Fatal(err)
				}
			}
			text := eval[string](t, p, `document.body.innerText`)
			want := []string{sitetest.Hostile, sitetest.HostileBenchmark}
			switch pg {
			case "machines.html":
				want = want[:1]
			case "index.html":
				want[1] = site.Family(sitetest.HostileBenchmark)
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s does not show %q as text", pg, w)
				}
			}
			if n := eval[int](t, p, `document.querySelectorAll('img, b').length`); n != 0 {
				t.Errorf("%s holds %d injected img or b elements", pg, n)
			}
			// The scripts are the site's own: app.js, data files, and the
			// page's data (SBPAGE) with the names in JSON strings.
			if v := eval[[]string](t, p, `Array.from(document.scripts).filter(s => s.src ? !/\/(app|data\/[a-z0-9-]+)\.js$/.test(s.src) : !s.textContent.startsWith('var SBPAGE = {')).map(s => s.outerHTML)`); len(v) != 0 {
				t.Errorf("%s holds scripts of its own: %q", pg, v)
			}
			if strings.HasPrefix(pg, "family-") {
				if n := eval[int](t, p, `document.querySelectorAll('svg.chart').length`); n == 0 {
					t.Errorf("%s draws no chart", pg)
				}
				if h := eval[string](t, p, `document.querySelector('h1').textContent`); h != site.Family(sitetest.HostileBenchmark) {
					t.Errorf("%s heading %q", pg, h)
				}
			}
			clean(t, p, f.dir)
		}
	})
}

// hostilePage is the page of the family of sitetest.HostileBenchmark.
func hostilePage(t *testing.T, dir string) string {
	t.Helper()
	pages, _ := filepath.Glob(filepath.Join(dir, "family-*.html"))
	for _, p := range pages {
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), "<h1>&lt;img</h1>") {
			return filepath.Base(p)
		}
	}
	t.Fatal("no page for the hostile family")
	return ""
}

// TestBrowserSplitData: the series of one family on one machine past
// PartSize are split into several data files, none much over PartSize,
// and the family page joins them all.
func TestBrowserSplitData(t *testing.T) {
	ctx := context.Background()
	st, err := history.Open(ctx, filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := sitetest.AddSynthetic(ctx, st, sitetest.Synthetic{Machines: 1, Families: 1, Configs: 400, Points: 50, Samples: 2, Seed: 2}, nil); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := site.Generate(ctx, st, dir); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "data", "*.js"))
	if len(parts) < 2 {
		t.Fatalf("%d data files for 400 series × 50 points", len(parts))
	}
	for _, p := range parts {
		if fi, _ := os.Stat(p); fi.Size() > site.PartSize+64<<10 {
			t.Errorf("%s: %d bytes", filepath.Base(p), fi.Size())
		}
	}
	checkNoURLOutside(t, dir)
	b := startBrowser(t)
	pages, _ := filepath.Glob(filepath.Join(dir, "family-*.html"))
	p := open(t, b, dir, filepath.Base(pages[0]))
	if s := eval[string](t, p, `document.getElementById('status').textContent`); !strings.HasPrefix(s, "400 series") {
		t.Errorf("family page of %d data files says %q, want 400 series", len(parts), s)
	}
	clean(t, p, dir)
}
