// Package verdict holds compare's decision rule: the rows a comparison is
// made of (one benchmark in one unit, summarized and tested as benchstat
// does, by a Tester), the families they form, and Decide, which tests
// each unit's families and then their rows and gives every row and family
// its verdict. Package compare reads the files, pairs their rows, and
// turns the verdicts into a report and an exit status; its doc.go is the
// rule's description ("How rows are decided").
package verdict
