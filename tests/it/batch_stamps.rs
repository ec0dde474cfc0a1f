//! Issue 18: `batch` keeps what decides a document inside its outputs (the
//! PDF's keyword, the DOCX's custom property), so the output tree holds
//! only documents; `--changed-only` reads the stamps back; a killed run is
//! finished by the next without redoing what it finished; old stamp files
//! go; `render` and `batch` write the same bytes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use vanban::batch::{BatchOptions, BatchReport, Status, run_batch, stamp};

use crate::support::*;

const SMALL: [&str; 4] = [
    "minimal.json",
    "giay-moi.json",
    "electronic-copy.json",
    "thong-bao.json",
];

/// `n` small inputs in two folders, each with the images they name.
fn inputs(root: &Path, n: usize) {
    for i in 0..n {
        let dir = root.join(format!("d{}", i % 2));
        if !dir.join("images").exists() {
            std::fs::create_dir_all(dir.join("images")).unwrap();
            for img in ["signature.png", "seal.png"] {
                std::fs::copy(fixture("images").join(img), dir.join("images").join(img)).unwrap();
            }
        }
        let src = SMALL[i % SMALL.len()];
        std::fs::copy(fixture(src), dir.join(format!("{i:03}-{src}"))).unwrap();
    }
}

fn changed_only() -> BatchOptions {
    BatchOptions {
        jobs: Some(2),
        changed_only: true,
        ..BatchOptions::default()
    }
}

fn batch(input: &Path, out: &Path, o: &BatchOptions) -> BatchReport {
    run_batch(engine(), input, out, o, &AtomicBool::new(false), &|_| {}).unwrap()
}

/// Every file under `dir`, relative, `/`-separated.
fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// The documents a run over `root`'s inputs should leave, and nothing else.
fn expected_documents(root: &Path) -> BTreeSet<String> {
    files(root)
        .into_iter()
        .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
        .flat_map(|base| [format!("{base}.pdf"), format!("{base}.docx")])
        .collect()
}

fn rendered(report: &BatchReport) -> BTreeSet<String> {
    report
        .files
        .iter()
        .filter(|f| f.status == Status::Rendered)
        .map(|f| f.input.clone())
        .collect()
}

#[test]
fn the_output_tree_holds_only_the_documents_and_changed_only_reads_their_stamps() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    inputs(&input, 8);
    let expected = expected_documents(&input);
    // Without --changed-only too: no file but the documents, none hidden.
    let plain = BatchOptions {
        jobs: Some(2),
        ..BatchOptions::default()
    };
    assert_eq!(batch(&input, &out, &plain).rendered, 8);
    assert_eq!(files(&out), expected);
    // Every output carries the stamp the engine computes for it.
    let one = input.join("d0/000-minimal.json");
    let json = std::fs::read(&one).unwrap();
    let name = one.display().to_string();
    let checked = engine().check(&json, &name).unwrap();
    let options = vanban::RenderOptions {
        images_root: Some(input.clone()),
        ..vanban::RenderOptions::default()
    };
    let s = engine().stamp(&checked, &json, &name, &options);
    assert_eq!(
        (s.pdf.len(), s.docx.len()),
        (stamp::STAMP_LEN, stamp::STAMP_LEN)
    );
    assert!(stamp::pdf_carries(&out.join("d0/000-minimal.pdf"), &s.pdf));
    assert!(stamp::docx_carries(
        &out.join("d0/000-minimal.docx"),
        &s.docx
    ));
    assert!(!stamp::pdf_carries(
        &out.join("d0/000-minimal.pdf"),
        &s.docx
    ));
    assert!(!stamp::pdf_carries(
        &out.join("d1/001-giay-moi.pdf"),
        &s.pdf
    ));
    // Up to date: nothing rendered, nothing written.
    let again = batch(&input, &out, &changed_only());
    assert_eq!((again.rendered, again.skipped), (0, 8));
    assert_eq!(files(&out), expected);
    // One edited input: exactly that document.
    let edited = String::from_utf8(json)
        .unwrap()
        .replace("Lam Sơn", "Ba Đình");
    std::fs::write(&one, edited).unwrap();
    let third = batch(&input, &out, &changed_only());
    assert_eq!(
        rendered(&third),
        BTreeSet::from(["d0/000-minimal.json".to_string()])
    );
    assert_eq!(third.skipped, 7);
    // A PDF that lost its end (a torn file) is not up to date, whatever
    // stamp it shows; nor is a DOCX that is not a whole zip.
    let pdf = out.join("d1/001-giay-moi.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let cut = bytes.len() - 200;
    std::fs::write(&pdf, &bytes[..cut]).unwrap();
    let docx = out.join("d0/002-electronic-copy.docx");
    let zipped = std::fs::read(&docx).unwrap();
    std::fs::write(&docx, &zipped[..zipped.len() / 2]).unwrap();
    let fourth = batch(&input, &out, &changed_only());
    assert_eq!(
        rendered(&fourth),
        BTreeSet::from([
            "d0/002-electronic-copy.json".to_string(),
            "d1/001-giay-moi.json".to_string()
        ])
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), bytes, "the same bytes again");
    assert_eq!(files(&out), expected);
}

#[test]
fn old_stamp_files_of_this_runs_inputs_are_removed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    inputs(&input, 4);
    let old = [
        out.join("d0/.000-minimal.vanban-stamp"),
        out.join("d1/.001-giay-moi.vanban-stamp"),
    ];
    // Not an output of this input tree: the output folder may hold other
    // things, and they are not the run's to remove.
    let foreign = out.join("khac/.ghi-chu.vanban-stamp");
    for f in old.iter().chain([&foreign]) {
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, "0".repeat(64)).unwrap();
    }
    let report = batch(&input, &out, &changed_only());
    assert_eq!(report.old_stamp_files_removed, 2);
    assert!(old.iter().all(|f| !f.exists()));
    assert!(foreign.exists());
    // A later run has none to remove, and renders nothing.
    let again = batch(&input, &out, &changed_only());
    assert_eq!((again.old_stamp_files_removed, again.rendered), (0, 0));
}

fn vanban(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "vanban {args:?}");
}

#[test]
fn render_and_batch_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out, single) = (
        dir.path().join("in"),
        dir.path().join("out"),
        dir.path().join("single"),
    );
    inputs(&input, 3);
    let path = |p: &Path| p.to_str().unwrap().to_string();
    vanban(&["batch", &path(&input), "-o", &path(&out)]);
    for name in [
        "d0/000-minimal",
        "d1/001-giay-moi",
        "d0/002-electronic-copy",
    ] {
        let json = input.join(format!("{name}.json"));
        let target = single.join(name);
        vanban(&[
            "render",
            &path(&json),
            "-o",
            &path(target.parent().unwrap()),
        ]);
        for ext in ["pdf", "docx"] {
            let a = std::fs::read(out.join(format!("{name}.{ext}"))).unwrap();
            let b = std::fs::read(format!("{}.{ext}", target.display())).unwrap();
            assert!(a == b, "{name}.{ext}: render and batch differ");
        }
    }
    assert_eq!(files(&single), expected_documents(&input));
}

#[test]
fn the_stamp_changes_with_the_layout_the_fonts_and_the_options() {
    let json = std::fs::read(fixture("minimal.json")).unwrap();
    let name = fixture("minimal.json").display().to_string();
    let options = vanban::RenderOptions::default();
    let stamp_of = |e: &vanban::Engine, o: &vanban::RenderOptions| {
        let checked = e.check(&json, &name).unwrap();
        e.stamp(&checked, &json, &name, o)
    };
    let base = stamp_of(engine(), &options);
    assert_eq!(base, stamp_of(engine(), &options), "deterministic");
    // The stamp the render writes is the one computed.
    let r = engine().render_with(&json, &name, &options).unwrap();
    assert_eq!(r.doc.meta.stamp.as_ref(), Some(&base));
    // A layout changed (here: one more, unused, layout).
    let text = std::fs::read_to_string(root().join("layouts/nd30/layout.json")).unwrap();
    let mut layout: serde_json::Value = serde_json::from_str(&text).unwrap();
    layout["name"] = serde_json::json!("khac");
    let other = vanban::layout::Layout::from_json(&layout.to_string(), "khac.json").unwrap();
    let with_layout = engine().clone().with_layout(other);
    let l = stamp_of(&with_layout, &options);
    assert!(l.pdf != base.pdf && l.docx != base.docx, "layouts");
    // Other fonts (the same faces, one with a byte more at its end).
    let fonts = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("fonts")).unwrap() {
        let p: PathBuf = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "ttf") {
            let mut data = std::fs::read(&p).unwrap();
            if p.file_name()
                .is_some_and(|n| n == "LiberationSerif-Regular.ttf")
            {
                data.extend_from_slice(&[0; 4]);
            }
            std::fs::write(fonts.path().join(p.file_name().unwrap()), data).unwrap();
        }
    }
    let with_fonts = vanban::Engine::new()
        .unwrap()
        .with_fonts_dir(fonts.path())
        .unwrap();
    let f = stamp_of(&with_fonts, &options);
    assert!(f.pdf != base.pdf && f.docx != base.docx, "fonts");
    // Other PDF options: another PDF, the same DOCX.
    let no_fields = vanban::RenderOptions {
        pdf: vanban::pdf::PdfOptions {
            sign_fields: false,
            ..options.pdf
        },
        ..options.clone()
    };
    let other = stamp_of(engine(), &no_fields);
    assert_ne!(other.pdf, base.pdf, "PDF options");
    assert_eq!(other.docx, base.docx, "a DOCX knows no PDF options");
    // The formats asked for are no part of it: a PDF is the same file
    // whether a DOCX is made beside it or not.
    let pdf_only = vanban::RenderOptions {
        formats: vanban::Formats::PDF,
        ..options
    };
    assert_eq!(stamp_of(engine(), &pdf_only), base, "formats");
}

/// Starts a batch over `input`, waits until `at_least` documents have both
/// outputs, then kills it with SIGKILL.
fn kill_midway(input: &Path, out: &Path, at_least: usize) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["-j", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while finished(out).len() < at_least && start.elapsed() < Duration::from_secs(120) {
        assert!(child.try_wait().unwrap().is_none(), "ended before the kill");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    assert!(
        child.wait().unwrap().code().is_none(),
        "killed by the signal"
    );
}

/// The inputs (`d0/000-minimal.json`) whose PDF and DOCX are both there.
fn finished(out: &Path) -> BTreeSet<String> {
    let all = files(out);
    all.iter()
        .filter_map(|f| f.strip_suffix(".pdf"))
        .filter(|base| all.contains(&format!("{base}.docx")))
        .map(|base| format!("{base}.json"))
        .collect()
}

#[test]
fn after_kill_9_changed_only_finishes_the_rest_and_redoes_none_of_the_finished() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    inputs(&input, 160);
    kill_midway(&input, &out, 20);
    let done = finished(&out);
    assert!(done.len() >= 20 && done.len() < 160, "{}", done.len());
    let report = batch(&input, &out, &changed_only());
    assert_eq!(report.failed, 0);
    assert_eq!(report.rendered + report.skipped, 160);
    let redone: Vec<_> = rendered(&report).intersection(&done).cloned().collect();
    assert!(
        redone.is_empty(),
        "finished documents rendered again: {redone:?}"
    );
    assert_eq!(report.skipped, done.len());
    // The killed run's temporary files are gone too: only documents.
    assert_eq!(files(&out), expected_documents(&input));
}

#[cfg(unix)]
#[test]
fn a_fifo_where_an_output_belongs_does_not_hang_changed_only() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    inputs(&input, 2);
    std::fs::create_dir_all(out.join("d0")).unwrap();
    let fifo = out.join("d0/000-minimal.pdf");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let start = Instant::now();
    let report = batch(&input, &out, &changed_only());
    assert!(start.elapsed() < Duration::from_secs(60));
    assert_eq!(report.rendered, 2, "the FIFO is no output: rendered over");
    assert!(std::fs::metadata(&fifo).unwrap().is_file());
}
