//! Runs a command under a time and memory bound and measures what it took:
//! the hostile-input tests assert that a probe ends in time, within memory,
//! with a clear error — and a regression must not take the machine down, so
//! the child is killed once it passes either bound.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a bounded run gave.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when the child was killed (by us or a signal).
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub elapsed: Duration,
    /// The child's peak resident memory (`ru_maxrss` from `wait4`), bytes.
    pub peak_rss: u64,
    /// Killed for running past the time bound.
    pub timed_out: bool,
    /// Killed for passing the memory bound.
    pub over_memory: bool,
}

impl Run {
    /// Panics (the test fails) unless the run ended by itself within both
    /// bounds; returns `self` for further checks.
    pub fn within_bounds(self, what: &str) -> Self {
        assert!(
            !self.timed_out && !self.over_memory,
            "{what}: killed after {:?} at {} MB peak (timed out: {}, over memory: {}); stderr: {}",
            self.elapsed,
            self.peak_rss >> 20,
            self.timed_out,
            self.over_memory,
            self.stderr
        );
        self
    }
}

/// Runs `cmd` (stdin closed, stdout and stderr captured), killing it after
/// `timeout` or once its resident memory passes `max_rss` bytes (polled
/// every 10 ms from `/proc`; the peak reported is the kernel's own).
// The child is reaped by `wait4` (which std's `wait` does not expose with the
// child's own rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
pub fn run_bounded(cmd: &mut Command, timeout: Duration, max_rss: u64) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let reader_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let reader_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let (mut timed_out, mut over_memory) = (false, false);
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: wait4 on our own child's pid with valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
        if !timed_out && !over_memory {
            if start.elapsed() > timeout {
                timed_out = true;
            } else if rss(pid).is_some_and(|b| b > max_rss) {
                over_memory = true;
            }
            if timed_out || over_memory {
                // SAFETY: signalling our own child, not yet reaped.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let elapsed = start.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Run {
        code,
        stdout: reader_out.join().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&reader_err.join().unwrap_or_default()).into_owned(),
        elapsed,
        // Linux reports ru_maxrss in KiB.
        peak_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
        timed_out,
        over_memory,
    }
}

/// The resident memory of `pid` now, from `/proc/PID/status` (`VmRSS`).
fn rss(pid: libc::pid_t) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The vanban binary this test build made.
pub fn vanban() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
}

#[test]
fn a_bounded_run_reports_time_memory_and_kills_what_overruns() {
    let ok = run_bounded(vanban().arg("--version"), Duration::from_secs(30), 1 << 30)
        .within_bounds("vanban --version");
    assert_eq!(ok.code, Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("vanban"));
    assert!(ok.peak_rss > 0 && ok.peak_rss < 1 << 30, "{}", ok.peak_rss);
    let slow = run_bounded(
        Command::new("sleep").arg("30"),
        Duration::from_millis(300),
        1 << 30,
    );
    assert!(slow.timed_out && slow.code.is_none(), "{slow:?}");
    assert!(slow.elapsed < Duration::from_secs(10));
}
