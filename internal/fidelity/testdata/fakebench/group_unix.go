//go:build unix

package main

import (
	"os"
	"syscall"
)

func ownGroup() bool { return syscall.Getpgrp() == os.Getpid() }
