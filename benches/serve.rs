//! The service under load on loopback: an in-process `vanban serve` (one
//! worker per core, as the command starts it), real HTTP clients (ureq,
//! keep-alive), the seed report rendered to PDF.
//!
//! - criterion: time per render (and renders/s) with 1, 2 and 8 clients;
//! - a load table: renders/s, p50 and p99 latency with 1, 2 and 8 clients,
//!   `LOAD_REQUESTS` requests each (or `LOAD_SECONDS`, whichever first);
//! - memory: the process's RSS (`VmRSS`) after 100 and after 10,000
//!   requests (renders of the minimal document and validations of the seed,
//!   alternating: the whole path of a request, quick enough for 10,000).
//!
//! `cargo bench --bench serve`. Under `cargo test --benches` (no `--bench`
//! argument) it runs each part a few times only.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};

// As the binary: documents allocate and free large buffers.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A server on `127.0.0.1:0`, stopped when dropped.
struct Server {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let engine = vanban::Engine::new().expect("built-in fonts and layout");
        let mut config = vanban::serve::Config::new(engine);
        // Room for every client: the load is measured, not refused.
        config.queue = 64;
        let jobs = config.jobs;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        listener.set_nonblocking(true).expect("non-blocking");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .max_blocking_threads(jobs + 4)
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                vanban::serve::serve(listener, config, async {
                    let _ = stopped.await;
                })
                .await
                .expect("serves");
            });
        });
        Server {
            base,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// One POST, its body read; panics unless 200.
fn post(agent: &ureq::Agent, url: &str, body: &[u8]) {
    let mut r = agent.post(url).send(body).expect("an answer");
    assert_eq!(r.status(), 200, "{url}");
    let out = r
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .expect("the body");
    std::hint::black_box(out);
}

/// `n` requests shared by `clients` threads (each its own connection);
/// each request's latency, and the wall time of all.
fn load(
    url: &str,
    body: &Arc<Vec<u8>>,
    clients: usize,
    n: usize,
    max: Duration,
) -> (Vec<Duration>, Duration) {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (url, body, next) = (url.to_string(), body.clone(), next.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let mut times = Vec::new();
                while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < n
                    && start.elapsed() < max
                {
                    let t = Instant::now();
                    post(&agent, &url, &body);
                    times.push(t.elapsed());
                }
                times
            })
        })
        .collect();
    let mut all: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("a client"))
        .collect();
    let wall = start.elapsed();
    all.sort();
    (all, wall)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("a fixture")
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not.
    let full = std::env::args().any(|a| a == "--bench");
    let mut c = Criterion::default().configure_from_args();
    let server = Server::start();
    let seed = Arc::new(fixture("bao-cao-cchc-q3-2023.json"));
    let render = format!("{}/v1/render?format=pdf", server.base);

    let mut group = c.benchmark_group("serve seed report (pdf)");
    group.throughput(Throughput::Elements(1));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for clients in [1usize, 2, 8] {
        group.bench_function(format!("{clients} clients"), |b| {
            b.iter_custom(|iters| {
                let n = usize::try_from(iters).unwrap_or(usize::MAX);
                load(&render, &seed, clients, n, Duration::from_secs(120)).1
            })
        });
    }
    group.finish();

    let (requests, max) = match full {
        true => (400, Duration::from_secs(30)),
        false => (4, Duration::from_secs(5)),
    };
    println!(
        "\nload: the seed report to PDF over loopback, {requests} requests (at most {max:?}) per row"
    );
    println!("clients  renders/s   p50 ms   p99 ms");
    for clients in [1usize, 2, 8] {
        let (times, wall) = load(&render, &seed, clients, requests, max);
        println!(
            "{clients:>7}  {:>9.1}  {:>7.1}  {:>7.1}",
            times.len() as f64 / wall.as_secs_f64(),
            percentile(&times, 0.50).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
        );
    }

    // Memory: the same mix of requests, RSS after 100 and after 10,000.
    let minimal = Arc::new(fixture("minimal.json"));
    let validate = format!("{}/v1/validate", server.base);
    let agent = agent();
    let mut done = 0usize;
    let mut run_to = |target: usize| {
        while done < target {
            match done % 2 {
                0 => post(&agent, &render, &minimal),
                _ => post(&agent, &validate, &seed),
            }
            done += 1;
        }
    };
    let (first, last) = match full {
        true => (100, 10_000),
        false => (10, 100),
    };
    run_to(first);
    let after_first = rss_kib();
    let start = Instant::now();
    run_to(last);
    let after_last = rss_kib();
    println!(
        "\nmemory: RSS {after_first} KiB after {first} requests, {after_last} KiB after {last} \
         ({:+.1} %; {} requests in {:.1} s)",
        (after_last as f64 - after_first as f64) / after_first.max(1) as f64 * 100.0,
        last - first,
        start.elapsed().as_secs_f64()
    );
    drop(server);
    c.final_summary();
}
