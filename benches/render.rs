//! Renders the seed report in-process: parse, check, compose, typeset, write.
//! `cargo bench --bench render`

use criterion::{Criterion, criterion_group, criterion_main};

fn seed(c: &mut Criterion) {
    let engine = vanban::Engine::new().expect("built-in fonts and layout");
    let json = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/bao-cao-cchc-q3-2023.json"
    ))
    .expect("the seed fixture");
    for (name, formats) in [
        ("render seed report (pdf)", vanban::Formats::PDF),
        ("render seed report (docx)", vanban::Formats::DOCX),
        ("render seed report (pdf + docx)", vanban::Formats::ALL),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                engine
                    .render_as(std::hint::black_box(&json), "seed", formats)
                    .expect("renders")
            })
        });
    }
    // The default (tagged: PDF/A-2a + PDF/UA-1) against the untagged PDF/A-2b.
    let untagged = vanban::RenderOptions {
        formats: vanban::Formats::PDF,
        pdf: vanban::PdfOptions {
            standard: vanban::PdfStandard::A2b,
            ..vanban::PdfOptions::default()
        },
        assets_dir: None,
        images_root: None,
    };
    c.bench_function("render seed report (pdf, a-2b untagged)", |b| {
        b.iter(|| {
            engine
                .render_with(std::hint::black_box(&json), "seed", &untagged)
                .expect("renders")
        })
    });
    let doc = engine.compose(&json, "seed").expect("composes");
    c.bench_function("typeset seed report", |b| {
        b.iter(|| {
            vanban::pdf::typeset(std::hint::black_box(&doc), engine.fonts()).expect("typesets")
        })
    });
    let pages = vanban::pdf::typeset(&doc, engine.fonts()).expect("typesets");
    let page = pages.first().expect("a first page");
    c.bench_function("preview seed page 1 (png, 96 dpi)", |b| {
        b.iter(|| {
            vanban::preview::png(std::hint::black_box(page), engine.fonts(), 96.0).expect("draws")
        })
    });
    c.bench_function("engine start (fonts + layout)", |b| {
        b.iter(|| vanban::Engine::new().expect("loads"))
    });
}

criterion_group!(benches, seed);
criterion_main!(benches);
