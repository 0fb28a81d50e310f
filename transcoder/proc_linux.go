package transcoder

import (
	"os/exec"
	"syscall"
)

// contain puts ffmpeg in its own process group, so a stop kills the whole
// group, and has the kernel kill it when the worker dies, even by
// SIGKILL (parent-death signal).
func contain(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
