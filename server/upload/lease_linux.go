package upload

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// holdOpens takes a write lease on f, which only this process may have
// open: another process's open(2) of the file then blocks in the kernel
// until releaseOpens (or the kernel's lease-break-time, see leaseBreak).
func holdOpens(f *os.File) error { return setLease(f, syscall.F_WRLCK) }

// releaseOpens lets the opens that holdOpens blocked go through.
func releaseOpens(f *os.File) error { return setLease(f, syscall.F_UNLCK) }

func setLease(f *os.File, kind int) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		_, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_SETLEASE, uintptr(kind))
		if errno != 0 {
			serr = errno
		}
	}); err != nil {
		return err
	}
	return serr
}

// leaseBreak is how long the kernel holds an open against a lease before
// it breaks the lease itself (/proc/sys/fs/lease-break-time); zero when
// leases are disabled or the setting cannot be read.
func leaseBreak() time.Duration {
	if b, err := os.ReadFile("/proc/sys/fs/leases-enable"); err != nil || strings.TrimSpace(string(b)) != "1" {
		return 0
	}
	b, err := os.ReadFile("/proc/sys/fs/lease-break-time")
	if err != nil {
		return 0
	}
	secs, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || secs < 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
}
