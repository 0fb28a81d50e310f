//go:build !linux

package transcoder

import (
	"os/exec"
	"syscall"
)

// contain puts ffmpeg in its own process group, so a stop kills the whole
// group. (Only Linux has a parent-death signal.)
func contain(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
