package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTick is Linux's USER_HZ, the unit of /proc's CPU counters (100 on every
// architecture Go supports there).
const clockTick = 10 * time.Millisecond

// cpuUse is the CPU time (user + system) each party of a load run used. On a machine
// whose cores are all busy, throughput is cores ÷ CPU per request, so these shares say
// how far any server change could move a ratio: the load generator and the kernel's
// share do not shrink when the server gets faster.
type cpuUse struct {
	server, postgres, loadgen time.Duration
	busy, total               time.Duration // the whole machine, all cores
}

func (a cpuUse) minus(b cpuUse) cpuUse {
	return cpuUse{a.server - b.server, a.postgres - b.postgres, a.loadgen - b.loadgen, a.busy - b.busy, a.total - b.total}
}

func (a cpuUse) plus(b cpuUse) cpuUse {
	return cpuUse{a.server + b.server, a.postgres + b.postgres, a.loadgen + b.loadgen, a.busy + b.busy, a.total + b.total}
}

// cpuNow reads the counters: the server's process, every postgres process (with the
// exited children its postmasters reaped), this process as the Go load generator (wrk
// is added from its rusage by the caller), and the machine from /proc/stat.
func cpuNow(serverPID int) cpuUse {
	var u cpuUse
	u.server = procCPU(serverPID, false)
	u.loadgen = procCPU(os.Getpid(), false)
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		comm, err := os.ReadFile(d + "/comm")
		if err != nil || strings.TrimSpace(string(comm)) != "postgres" {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(d))
		u.postgres += procCPU(pid, true)
	}
	u.busy, u.total = machineCPU()
	return u
}

// procCPU is a process's utime+stime, plus what its reaped children used when
// children is set (a backend that ends during the run is counted through its postmaster).
func procCPU(pid int, children bool) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; the fields after it are plain.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	// f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
	n := func(field int) int64 { v, _ := strconv.ParseInt(f[field-3], 10, 64); return v }
	ticks := n(14) + n(15)
	if children {
		ticks += n(16) + n(17)
	}
	return time.Duration(ticks) * clockTick
}

// machineCPU is the busy and total time of all cores since boot, from /proc/stat.
func machineCPU() (busy, total time.Duration) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line := strings.SplitN(string(b), "\n", 2)[0] // "cpu  user nice system idle iowait irq softirq steal …"
	for i, x := range strings.Fields(line)[1:] {
		if i >= 8 { // guest time is already inside user
			break
		}
		v, _ := strconv.ParseInt(x, 10, 64)
		total += time.Duration(v) * clockTick
		if i != 3 && i != 4 { // idle, iowait
			busy += time.Duration(v) * clockTick
		}
	}
	return busy, total
}

// perRequest formats the CPU shares of n requests as microseconds each.
func (a cpuUse) perRequest(n int) string {
	if n == 0 {
		return "no requests"
	}
	us := func(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d.Microseconds())/float64(n)) }
	other := a.busy - a.server - a.postgres - a.loadgen
	return fmt.Sprintf("server %s, PostgreSQL %s, load generator %s, rest (kernel, other processes) %s; all %s per request; machine busy %.0f%%",
		us(a.server), us(a.postgres), us(a.loadgen), us(other), us(a.busy), 100*float64(a.busy)/float64(max(a.total, 1)))
}
