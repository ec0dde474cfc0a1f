//! Batch throughput: 1,000 documents (every fixture in turn, each folder
//! with its images), PDF + DOCX, through `vanban::batch::run_batch` with one
//! worker per core. `cargo bench --bench batch`; criterion reports
//! documents per second as "thrpt".
//!
//! The outputs go to `VANBAN_BENCH_OUT` when set (e.g. a folder on the disk
//! that will hold the archive), else to a temporary folder. Peak memory is a
//! process figure: `scripts/bench-batch` measures it with /usr/bin/time.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DOCUMENTS: usize = 1000;

/// Copies the fixtures round-robin into folders of 12, with their images.
fn corpus(root: &Path) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut inputs: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    inputs.sort();
    for i in 0..DOCUMENTS {
        let dir = root.join(format!("q{:03}", i / inputs.len()));
        if !dir.exists() {
            std::fs::create_dir_all(dir.join("images")).expect("corpus folder");
            for img in ["signature.png", "seal.png"] {
                std::fs::copy(
                    fixtures.join("images").join(img),
                    dir.join("images").join(img),
                )
                .expect("image");
            }
        }
        let src = &inputs[i % inputs.len()];
        let name = format!(
            "{i:04}-{}",
            src.file_name().expect("name").to_string_lossy()
        );
        std::fs::copy(src, dir.join(name)).expect("copy");
    }
}

fn batch(c: &mut Criterion) {
    let engine = vanban::Engine::new().expect("built-in fonts and layout");
    let work = tempfile::tempdir().expect("temp dir");
    let input = work.path().join("in");
    corpus(&input);
    let out = std::env::var_os("VANBAN_BENCH_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| work.path().join("out"));
    let options = vanban::batch::BatchOptions::default();
    let mut group = c.benchmark_group("batch");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(DOCUMENTS as u64));
    group.bench_function("1000 documents, pdf + docx", |b| {
        b.iter(|| {
            let report = vanban::batch::run_batch(
                &engine,
                &input,
                &out,
                &options,
                &AtomicBool::new(false),
                &|_| {},
            )
            .expect("runs");
            assert_eq!(report.rendered, DOCUMENTS, "every document renders");
            report
        })
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
