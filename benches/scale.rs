//! How rendering scales: the seed report's body repeated until the report
//! is 50 and 500 pages long, rendered to PDF and DOCX. Before criterion's
//! timing, prints one row per size: pages, time and peak heap (counted by
//! this bench's allocator), and the 500/50 ratios, which must stay near 10
//! (linear growth).
//! `cargo bench --bench scale`; `scripts/bench-scale` measures the command
//! line's resident memory instead.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// The system allocator, counting the bytes in use and their peak: the
/// heap a render needs, without the process's code and the allocator's
/// slack that a resident-set figure includes.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = IN_USE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call goes to the system allocator unchanged; the counters
// only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's pointer and layout, from `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's pointer, layout and size.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The seed report with its body repeated `copies` times.
fn report(seed: &serde_json::Value, copies: usize) -> Vec<u8> {
    let mut doc = seed.clone();
    let body = seed["body"]
        .as_array()
        .cloned()
        .expect("the seed has a body");
    doc["body"] = serde_json::Value::Array(std::iter::repeat_n(body, copies).flatten().collect());
    serde_json::to_vec(&doc).expect("serialises")
}

/// The report with at least `pages` pages (the fewest copies that give it).
fn report_of(engine: &vanban::Engine, seed: &serde_json::Value, pages: usize) -> (Vec<u8>, usize) {
    let count = |copies| {
        engine
            .render_as(&report(seed, copies), "scale", vanban::Formats::PDF)
            .expect("renders")
            .pages
            .len()
    };
    let per_copy = count(10) as f64 / 10.0;
    let mut copies = ((pages as f64 / per_copy).floor() as usize).max(1);
    while count(copies) < pages {
        copies += 1;
    }
    let json = report(seed, copies);
    let got = count(copies);
    (json, got)
}

fn scale(c: &mut Criterion) {
    let engine = vanban::Engine::new().expect("built-in fonts and layout");
    let seed: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/bao-cao-cchc-q3-2023.json"
        ))
        .expect("the seed fixture"),
    )
    .expect("the seed is JSON");
    let sizes: Vec<(usize, Vec<u8>)> = [50, 500]
        .into_iter()
        .map(|p| {
            let (json, pages) = report_of(&engine, &seed, p);
            (pages, json)
        })
        .collect();

    println!("pages  input KB  render s  peak heap MB  PDF KB  DOCX KB");
    let mut rows = Vec::new();
    for (pages, json) in &sizes {
        let base = IN_USE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let out = engine.render(json, "scale").expect("renders");
        let secs = start.elapsed().as_secs_f64();
        let peak = (PEAK.load(Ordering::Relaxed) - base) as f64 / 1048576.0;
        println!(
            "{pages:5}  {:8}  {secs:8.2}  {peak:12.1}  {:6}  {:7}",
            json.len() / 1024,
            out.pdf.as_ref().map_or(0, Vec::len) / 1024,
            out.docx.as_ref().map_or(0, Vec::len) / 1024,
        );
        rows.push((*pages as f64, secs, peak));
    }
    if let [(p1, t1, m1), (p2, t2, m2)] = rows[..] {
        println!(
            "×{:.1} pages: ×{:.1} time, ×{:.1} peak heap",
            p2 / p1,
            t2 / t1,
            m2 / m1
        );
    }

    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    for (pages, json) in &sizes {
        group.bench_with_input(
            BenchmarkId::new("render pdf + docx", format!("{pages} pages")),
            json,
            |b, json| {
                b.iter(|| {
                    engine
                        .render(std::hint::black_box(json), "scale")
                        .expect("renders")
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
