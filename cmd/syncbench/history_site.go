package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/syncbench/syncbench/internal/history/site"
)

// historySite implements `syncbench history site [-db DB] -o DIR`: the
// store as a static web site (see package site).
func historySite(args []string, stdout, stderr io.Writer) error {
	var db string
	fs := historyFlags("site", &db)
	out := fs.String("o", "", "write the site to `dir` (created; a site written before there is replaced)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (usage: syncbench history site [-db DB] -o DIR)", fs.Arg(0))
	}
	if *out == "" {
		return errors.New("no -o DIR given (usage: syncbench history site [-db DB] -o DIR)")
	}
	ctx := context.Background()
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := site.Generate(ctx, st, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: site of %d families, %d series, %d points on %d machine(s), %d change points (%d regressions); %d files, largest %s (%d bytes); open %s/index.html\n",
		*out, sum.Families, sum.Series, sum.Points, sum.Machines, sum.Changes, sum.Regressions, sum.Files, sum.LargestName, sum.Largest, *out)
	return nil
}
