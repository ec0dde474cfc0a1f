//! Issue 6: `vanban batch` over a tree of documents: every good output, each
//! bad file reported with its JSON path, interrupted runs, `--changed-only`,
//! `--shard`, paths that cannot leave the output folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use vanban::batch::{BatchOptions, BatchReport, Shard, Status, run_batch};

use crate::support::*;

/// The small one-page fixtures, so that a few hundred render quickly.
const SMALL: [&str; 4] = [
    "minimal.json",
    "giay-moi.json",
    "electronic-copy.json",
    "thong-bao.json",
];

/// Builds a tree of `n` good inputs in nested folders (each folder with the
/// images its inputs name) plus every bad fixture; returns the bad ones'
/// relative paths with the JSON path each must be reported at.
fn tree(root: &Path, n: usize) -> BTreeMap<String, String> {
    for i in 0..n {
        let dir = root
            .join(format!("nam-{}", 2020 + i % 3))
            .join(format!("quy-{}", i % 4 + 1));
        if !dir.join("images").exists() {
            std::fs::create_dir_all(dir.join("images")).unwrap();
            for img in ["signature.png", "seal.png"] {
                std::fs::copy(fixture("images").join(img), dir.join("images").join(img)).unwrap();
            }
        }
        let src = SMALL[i % SMALL.len()];
        std::fs::copy(fixture(src), dir.join(format!("{i:03}-{src}"))).unwrap();
    }
    let expected: BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&std::fs::read(fixture("bad").join("expected.json")).unwrap())
            .unwrap();
    let bad_dir = root.join("loi");
    std::fs::create_dir_all(&bad_dir).unwrap();
    let mut bad = BTreeMap::new();
    for (name, e) in expected {
        std::fs::copy(fixture("bad").join(&name), bad_dir.join(&name)).unwrap();
        let path = e["path"].as_str().unwrap_or_default().to_string();
        bad.insert(format!("loi/{name}"), path);
    }
    bad
}

fn good_inputs(root: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| rel(root, e.path()))
        .filter(|r| !r.starts_with("loi/"))
        .collect()
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

fn options() -> BatchOptions {
    BatchOptions {
        jobs: Some(2),
        ..BatchOptions::default()
    }
}

fn batch(input: &Path, out: &Path, o: &BatchOptions) -> BatchReport {
    run_batch(engine(), input, out, o, &AtomicBool::new(false), &|_| {}).unwrap()
}

/// Every file under `out`: relative path → bytes.
fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| (rel(out, e.path()), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Every output is whole: PDFs parse to the end, DOCX packages open; no
/// temporary file is left.
fn assert_complete(out: &Path) {
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            !(name.starts_with(".vanban-") && name.ends_with(".tmp")),
            "temporary file left: {}",
            e.path().display()
        );
        if !e.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        if name.ends_with(".pdf") {
            assert!(
                bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
                "{name}"
            );
            lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        } else if name.ends_with(".docx") {
            let zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(zip.file_names().any(|n| n == "word/document.xml"), "{name}");
        }
    }
}

#[test]
fn a_tree_with_bad_files_gives_every_good_output_and_a_report_naming_each_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    let bad = tree(&input, 240);
    let report_file = dir.path().join("report.json");
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--report", report_file.to_str().unwrap(), "-j", "2"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!(
            "{} documents: 240 rendered, 0 up to date, {} failed",
            240 + bad.len(),
            bad.len()
        )),
        "{stderr}"
    );
    // Every good input has both outputs, mirrored, whole.
    let good = good_inputs(&input);
    assert_eq!(good.len(), 240);
    let written = outputs(&out);
    for g in &good {
        let base = g.strip_suffix(".json").unwrap();
        for ext in ["pdf", "docx"] {
            assert!(
                written.contains_key(&format!("{base}.{ext}")),
                "{base}.{ext}"
            );
        }
    }
    assert_eq!(written.len(), 2 * good.len(), "nothing else is written");
    assert_complete(&out);
    // The report names each bad file, with the JSON path of its problem.
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report_file).unwrap()).unwrap();
    assert_eq!(report["failed"], bad.len());
    assert_eq!(report["rendered"], 240);
    let failed: BTreeMap<String, &serde_json::Value> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "failed")
        .map(|f| (f["input"].as_str().unwrap().to_string(), f))
        .collect();
    assert_eq!(
        failed.keys().cloned().collect::<BTreeSet<_>>(),
        bad.keys().cloned().collect()
    );
    for (file, path) in &bad {
        let f = failed[file];
        let message = f["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(file.trim_start_matches("loi/")),
            "{message}"
        );
        if !path.is_empty() {
            let paths: Vec<&str> = f["error"]["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["path"].as_str().unwrap())
                .collect();
            assert!(
                paths.contains(&path.as_str()),
                "{file}: {paths:?} lacks {path}"
            );
        }
        // Each failure was also printed as it happened.
        assert!(stderr.contains(file.trim_start_matches("loi/")), "{file}");
    }
}

/// Starts a batch, waits until `at_least` PDFs are written, then sends
/// `signal`; returns the exit status.
fn interrupt(input: &Path, out: &Path, signal: &str, at_least: usize) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-j",
            "2",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let n = walkdir::WalkDir::new(out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .count();
        if n >= at_least || start.elapsed() > Duration::from_secs(120) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            panic!("the run ended before it could be interrupted");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success()
    );
    child.wait().unwrap().code()
}

#[test]
fn an_interrupted_run_leaves_complete_files_and_a_rerun_finishes_the_job() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    tree(&input, 200);
    let good = good_inputs(&input);
    // Ctrl-C / SIGTERM: the documents in hand are finished, no new one is
    // started, exit 130, nothing half-written.
    let code = interrupt(&input, &out, "-TERM", 10);
    assert_eq!(code, Some(130));
    assert_complete(&out);
    let first = outputs(&out).len();
    assert!(first < 2 * good.len(), "the run was interrupted midway");
    // kill -9 cannot be caught: whatever it leaves, a rerun cleans up.
    let code = interrupt(&input, &out, "-KILL", first / 2 + 12);
    assert_eq!(code, None, "killed by the signal");
    let mut o = options();
    o.changed_only = true;
    let report = batch(&input, &out, &o);
    assert_eq!(report.rendered + report.skipped, good.len());
    assert!(
        report.skipped >= first / 2,
        "finished outputs are not redone"
    );
    assert_complete(&out);
    assert_eq!(outputs(&out).len(), 2 * good.len());
}

#[test]
fn changed_only_renders_nothing_the_second_time_and_only_what_changed_after() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    tree(&input, 24);
    std::fs::remove_dir_all(input.join("loi")).unwrap();
    let mut o = options();
    o.changed_only = true;
    let first = batch(&input, &out, &o);
    assert_eq!((first.rendered, first.skipped), (24, 0));
    let before = outputs(&out);
    // Touching a file (same bytes, new time) changes nothing.
    let one = input.join("nam-2020/quy-1/000-minimal.json");
    let bytes = std::fs::read(&one).unwrap();
    std::fs::write(&one, &bytes).unwrap();
    let second = batch(&input, &out, &o);
    assert_eq!((second.rendered, second.skipped), (0, 24));
    assert_eq!(outputs(&out), before);
    // An edit re-renders that file only.
    let edited = String::from_utf8(bytes)
        .unwrap()
        .replace("Lam Sơn", "Ba Đình");
    std::fs::write(&one, edited).unwrap();
    let third = batch(&input, &out, &o);
    assert_eq!((third.rendered, third.skipped), (1, 23));
    let rendered: Vec<&str> = third
        .files
        .iter()
        .filter(|f| f.status == Status::Rendered)
        .map(|f| f.input.as_str())
        .collect();
    assert_eq!(rendered, ["nam-2020/quy-1/000-minimal.json"]);
    // A changed image re-renders the documents that show it.
    // (inputs 2 and 14 are electronic copies; both land in nam-2022/quy-3)
    let seal = input.join("nam-2022/quy-3/images/seal.png");
    let img = image_with_other_pixels(&std::fs::read(&seal).unwrap());
    std::fs::write(&seal, img).unwrap();
    let fourth = batch(&input, &out, &o);
    let again: Vec<&str> = fourth
        .files
        .iter()
        .filter(|f| f.status == Status::Rendered)
        .map(|f| f.input.as_str())
        .collect();
    assert_eq!(again.len(), 2, "{again:?}");
    assert!(
        again
            .iter()
            .all(|f| f.starts_with("nam-2022/quy-3/") && f.contains("electronic-copy")),
        "{again:?}"
    );
    // Fewer formats: the PDFs are what a PDF-only render writes, skipped.
    let mut pdf_only = o.clone();
    pdf_only.render.formats = vanban::Formats::PDF;
    assert_eq!(batch(&input, &out, &pdf_only).skipped, 24);
    // Other PDF options are other PDFs: nothing is skipped.
    pdf_only.render.pdf.sign_fields = false;
    assert_eq!(batch(&input, &out, &pdf_only).skipped, 0);
}

/// The same PNG with one pixel changed (re-encoded with the png crate).
fn image_with_other_pixels(png_bytes: &[u8]) -> Vec<u8> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf[info.line_size * (info.height as usize / 2) + 4 * (info.width as usize / 2)] ^= 0xFF;
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, info.width, info.height);
        enc.set_color(info.color_type);
        enc.set_depth(info.bit_depth);
        enc.write_header().unwrap().write_image_data(&buf).unwrap();
    }
    out
}

#[test]
fn the_shards_partition_the_inputs_and_together_equal_the_full_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    tree(&input, 60);
    let full = dir.path().join("full");
    let all = batch(&input, &full, &options());
    let mut seen = BTreeSet::new();
    let mut union = BTreeMap::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard-{k}"));
        let mut o = options();
        o.shard = Some(Shard::parse(&format!("{k}/3")).unwrap());
        let r = batch(&input, &out, &o);
        assert!(r.total > 5, "shard {k} is not empty: {}", r.total);
        for f in &r.files {
            assert!(seen.insert(f.input.clone()), "{} is in two shards", f.input);
        }
        union.extend(outputs(&out));
    }
    let all_inputs: BTreeSet<String> = all.files.iter().map(|f| f.input.clone()).collect();
    assert_eq!(seen, all_inputs);
    assert_eq!(union, outputs(&full), "the same files, byte for byte");
    // K/N is checked.
    for bad in ["0/3", "4/3", "1/0", "x", "1-3"] {
        assert!(Shard::parse(bad).is_err(), "{bad}");
    }
}

#[cfg(unix)]
#[test]
fn output_paths_never_leave_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("in/out"));
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(input.join("a b/ư")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let minimal = std::fs::read(fixture("minimal.json")).unwrap();
    std::fs::write(input.join("a b/ư/văn bản.v2.json"), &minimal).unwrap();
    std::fs::write(outside.join("secret.json"), &minimal).unwrap();
    // Links out of the tree are not followed, a link inside it is.
    std::os::unix::fs::symlink(&outside, input.join("link-dir")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.json"), input.join("link.json")).unwrap();
    std::os::unix::fs::symlink(
        input.join("a b/ư/văn bản.v2.json"),
        input.join("inside.json"),
    )
    .unwrap();
    let r = batch(&input, &out, &options());
    let inputs: Vec<&str> = r.files.iter().map(|f| f.input.as_str()).collect();
    assert_eq!(inputs, ["a b/ư/văn bản.v2.json", "inside.json"]);
    let written: Vec<String> = outputs(&out).into_keys().collect();
    assert_eq!(
        written,
        [
            "a b/ư/văn bản.v2.docx",
            "a b/ư/văn bản.v2.pdf",
            "inside.docx",
            "inside.pdf"
        ]
    );
    // The output folder inside the input folder is never read back.
    let again = batch(&input, &out, &options());
    assert_eq!(again.total, 2);
    assert!(!outside.join("secret.pdf").exists());
}

#[test]
fn an_image_path_to_a_device_or_a_huge_input_fails_that_file_without_hanging() {
    // `--changed-only` hashes the images an input names: a seal pointing at
    // /dev/zero must be refused, not read forever; an input over the size
    // limit is refused without being read whole.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("electronic-copy.json")).unwrap()).unwrap();
    doc["seal"]["image"] = serde_json::json!("/dev/zero");
    doc["signature"].as_object_mut().map(|s| s.remove("image"));
    std::fs::write(input.join("zero.json"), serde_json::to_vec(&doc).unwrap()).unwrap();
    let huge = std::fs::File::create(input.join("huge.json")).unwrap();
    huge.set_len(64 << 20).unwrap(); // sparse: 64 MiB of zeros, over 16 MiB
    std::fs::copy(fixture("minimal.json"), input.join("ok.json")).unwrap();
    let out = dir.path().join("out");
    let o = BatchOptions {
        changed_only: true,
        ..options()
    };
    let report = batch(&input, &out, &o);
    let status: BTreeMap<String, String> = report
        .files
        .iter()
        .map(|f| (f.input.clone(), format!("{:?}", f.status)))
        .collect();
    assert_eq!(status["ok.json"], "Rendered", "{status:?}");
    assert_eq!(status["zero.json"], "Failed", "{status:?}");
    assert_eq!(status["huge.json"], "Failed", "{status:?}");
    let message = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.input == name)
            .and_then(|f| f.error.as_ref())
            .map(|e| e.message.clone())
            .unwrap_or_default()
    };
    assert!(
        message("zero.json").contains("seal.image"),
        "{}",
        message("zero.json")
    );
    assert!(
        message("huge.json").contains("max_input_bytes"),
        "{}",
        message("huge.json")
    );
}
