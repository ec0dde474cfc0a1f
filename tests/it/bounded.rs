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
    /// The child's peak resident memory in bytes: the largest `VmHWM` of
    /// `/proc/PID/status`, sampled every 5 ms while it runs (so growth in
    /// its last few milliseconds may be missed). Not `ru_maxrss`: Linux
    /// folds into that the high-water mark of the memory the child had
    /// before `exec` — the test process's own, hundreds of megabytes.
    pub peak_rss: u64,
    /// Killed for running past the time bound.
    pub timed_out: bool,
    /// Killed for passing the memory bound.
    pub over_memory: bool,
}

impl Run {
    /// Panics (the test fails) unless the run ended by itself within both
    /// bounds; prints what it took (`probe: WHAT: exit, seconds, peak`, the
    /// lines the README's hostile-input table is made from with
    /// `cargo test --release --test it hostile -- --nocapture
    /// --test-threads 1`) and returns `self` for further checks.
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
        eprintln!(
            "probe: {what}: exit {:?}, {:.2} s, {} MiB peak",
            self.code,
            self.elapsed.as_secs_f64(),
            self.peak_rss >> 20
        );
        self
    }
}

/// Runs `cmd` (stdin closed, stdout and stderr captured), killing it after
/// `timeout` or once its resident memory passes `max_rss` bytes (polled
/// every 5 ms from `/proc`).
// The child is reaped by `waitpid` in the polling loop (a non-blocking wait
// std's `Child::try_wait` would also do, but the pid stays ours to signal
// until it is reaped here), not by `Child::wait`.
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
    let mut peak_rss = 0;
    loop {
        // SAFETY: waitpid on our own child's pid with a valid pointer.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            break;
        }
        assert!(
            r == 0,
            "waitpid failed: {}",
            std::io::Error::last_os_error()
        );
        let (now, high) = memory(pid).unwrap_or((0, 0));
        peak_rss = peak_rss.max(high);
        if !timed_out && !over_memory {
            if start.elapsed() > timeout {
                timed_out = true;
            } else if now > max_rss {
                over_memory = true;
            }
            if timed_out || over_memory {
                // SAFETY: signalling our own child, not yet reaped.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = start.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Run {
        code,
        stdout: reader_out.join().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&reader_err.join().unwrap_or_default()).into_owned(),
        elapsed,
        peak_rss,
        timed_out,
        over_memory,
    }
}

/// The resident memory of `pid` now and its high-water mark since its
/// last `exec`, in bytes, from `/proc/PID/status` (`VmRSS`, `VmHWM`).
fn memory(pid: libc::pid_t) -> Option<(u64, u64)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = s.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// The vanban binary this test build made.
pub fn vanban() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
}

#[test]
fn a_bounded_run_reports_time_memory_and_kills_what_overruns() {
    needs!(Python3);
    let ok = run_bounded(vanban().arg("--version"), Duration::from_secs(30), 1 << 30)
        .within_bounds("vanban --version");
    assert_eq!(ok.code, Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("vanban"));
    assert!(ok.peak_rss < 1 << 30, "{}", ok.peak_rss);
    // The peak is the child's own: 200 MiB held for a moment is seen, and
    // the test process's size is not added.
    let big = run_bounded(
        Command::new("python3")
            .arg("-c")
            .arg("import time; x = bytearray(200 << 20); time.sleep(0.3)"),
        Duration::from_secs(30),
        1 << 30,
    )
    .within_bounds("python3 holding 200 MiB");
    assert!(
        (200 << 20..400 << 20).contains(&big.peak_rss),
        "{} MiB",
        big.peak_rss >> 20
    );
    let slow = run_bounded(
        Command::new("sleep").arg("30"),
        Duration::from_millis(300),
        1 << 30,
    );
    assert!(slow.timed_out && slow.code.is_none(), "{slow:?}");
    assert!(slow.elapsed < Duration::from_secs(10));
}
