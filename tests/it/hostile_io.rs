//! Issue 15, reads and outputs: every file read is bounded and of the right
//! type, image paths stay in their folder, shards on one folder leave each
//! other's files alone, outputs never collide silently, and what the
//! terminal shows is escaped.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use vanban::batch::{BatchOptions, Status, run_batch};

use crate::bounded::{Run, run_bounded, vanban};
use crate::support::*;

const GIB: u64 = 1 << 30;

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

fn stderr_of(run: &Run) -> &str {
    &run.stderr
}

/// `minimal.json` with its seal (and no signature image) at `seal`.
fn with_seal(seal: &str) -> Vec<u8> {
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("electronic-copy.json")).unwrap()).unwrap();
    doc["seal"]["image"] = serde_json::json!(seal);
    doc["signature"].as_object_mut().map(|s| s.remove("image"));
    serde_json::to_vec(&doc).unwrap()
}

fn report_of(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn status_of(report: &serde_json::Value) -> BTreeMap<String, String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["input"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// Item 1: the `--changed-only` stamp read a FIFO image before any type check.
#[test]
fn a_fifo_image_fails_its_document_and_the_batch_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    mkfifo(&input.join("seal.png"));
    std::fs::write(input.join("fifo.json"), with_seal("seal.png")).unwrap();
    std::fs::copy(fixture("minimal.json"), input.join("a.json")).unwrap();
    std::fs::copy(fixture("giay-moi.json"), input.join("b.json")).unwrap();
    let report = dir.path().join("report.json");
    for changed_only in [false, true] {
        let mut cmd = vanban();
        cmd.arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join("out"))
            .arg("--report")
            .arg(&report);
        if changed_only {
            cmd.arg("--changed-only");
        }
        let run = run_bounded(&mut cmd, Duration::from_secs(60), GIB).within_bounds(&format!(
            "batch of 3 documents, one image a FIFO (--changed-only: {changed_only})"
        ));
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        let status = status_of(&report_of(&report));
        assert_eq!(status["fifo.json"], "failed", "{status:?}");
        assert_ne!(status["a.json"], "failed", "{status:?}");
        assert_ne!(status["b.json"], "failed", "{status:?}");
        assert!(
            run.stderr.contains("FIFO") && run.stderr.contains("seal.image"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_font_folder_with_a_fifo_or_a_link_to_dev_zero_is_refused_at_once() {
    let fifo_dir = tempfile::tempdir().unwrap();
    mkfifo(&fifo_dir.path().join("a.ttf"));
    let zero_dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", zero_dir.path().join("a.ttf")).unwrap();
    for (dir, what) in [(&fifo_dir, "FIFO"), (&zero_dir, "device")] {
        let out = tempfile::tempdir().unwrap();
        let run = run_bounded(
            vanban()
                .arg("render")
                .arg(fixture("minimal.json"))
                .arg("-o")
                .arg(out.path())
                .arg("--fonts")
                .arg(dir.path()),
            Duration::from_secs(20),
            GIB,
        )
        .within_bounds(&format!("render --fonts with a {what} face"));
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains("a.ttf") && run.stderr.contains(what),
            "{what}: {}",
            run.stderr
        );
    }
}

// Items 6 and 16: `import` and `extract` read without a bound.
#[test]
fn import_and_extract_refuse_devices_and_bound_standard_input() {
    for command in ["import", "extract"] {
        let run = run_bounded(
            vanban().args([command, "/dev/zero"]),
            Duration::from_secs(20),
            GIB,
        )
        .within_bounds(&format!("{command} /dev/zero"));
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("/dev/zero") && run.stderr.contains("device"),
            "{command}: {}",
            run.stderr
        );
        // Standard input is read no further than max_source_bytes.
        let run = run_bounded(
            Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "exec \"$0\" {command} - --limit max_source_bytes=1M < /dev/zero"
                ))
                .arg(env!("CARGO_BIN_EXE_vanban")),
            Duration::from_secs(20),
            GIB,
        )
        .within_bounds(&format!("{command} - < /dev/zero (max_source_bytes=1M)"));
        assert_eq!(run.code, Some(1), "{command} -: {}", run.stderr);
        assert!(
            run.stderr.contains("max_source_bytes"),
            "{command} -: {}",
            run.stderr
        );
        assert!(run.peak_rss < 256 << 20, "{command} -: {}", run.peak_rss);
    }
    // A file over the limit is refused before it is read.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(8 << 20)
        .unwrap();
    let run = run_bounded(
        vanban()
            .arg("extract")
            .arg(&big)
            .args(["--limit", "max_source_bytes=1M"]),
        Duration::from_secs(20),
        GIB,
    )
    .within_bounds("extract of an 8 MiB file over max_source_bytes=1M");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("big.pdf") && run.stderr.contains("max_source_bytes"),
        "{}",
        run.stderr
    );
}

fn batch(input: &Path, out: &Path, o: &BatchOptions) -> vanban::batch::BatchReport {
    run_batch(engine(), input, out, o, &AtomicBool::new(false), &|_| {}).unwrap()
}

/// A valid PNG of `w`×`h` pixels of one colour, with `trailer` after its IEND.
fn png(w: u32, h: u32, rgba: [u8; 4], trailer: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let data: Vec<u8> = (0..w * h).flat_map(|_| rgba).collect();
        enc.write_header().unwrap().write_image_data(&data).unwrap();
    }
    out.extend_from_slice(trailer);
    out
}

// Item 14: the stamp hashed the unfilled `{{placeholder}}` path.
#[test]
fn changed_only_sees_a_change_of_an_image_named_by_a_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&with_seal("{{dau}}")).unwrap();
    doc["data"] = serde_json::json!({"dau": "dau.png"});
    std::fs::write(input.join("a.json"), serde_json::to_vec(&doc).unwrap()).unwrap();
    std::fs::write(input.join("dau.png"), png(40, 40, [200, 0, 0, 255], b"")).unwrap();
    let out = dir.path().join("out");
    let o = BatchOptions {
        changed_only: true,
        jobs: Some(1),
        ..BatchOptions::default()
    };
    let first = batch(&input, &out, &o);
    assert_eq!(first.files[0].status, Status::Rendered, "{first:?}");
    assert_eq!(batch(&input, &out, &o).files[0].status, Status::Skipped);
    std::fs::write(input.join("dau.png"), png(40, 40, [0, 0, 200, 255], b"")).unwrap();
    let after = batch(&input, &out, &o);
    assert_eq!(after.files[0].status, Status::Rendered, "{after:?}");
}

fn image_error(engine: &vanban::Engine, json: &[u8], file: &Path, assets: Option<&Path>) -> String {
    let options = vanban::RenderOptions {
        formats: vanban::Formats::DOCX,
        assets_dir: assets.map(Path::to_path_buf),
        ..vanban::RenderOptions::default()
    };
    match engine.render_with(json, &file.display().to_string(), &options) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

// Item 11: image paths reached any readable PNG, and told which exist.
#[test]
fn image_paths_outside_the_folder_are_not_found_like_missing_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let (docs, outside) = (root.join("docs"), root.join("outside"));
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("x.png"), png(8, 8, [1, 2, 3, 255], b"")).unwrap();
    std::fs::write(docs.join("ok.png"), png(8, 8, [1, 2, 3, 255], b"")).unwrap();
    std::os::unix::fs::symlink(outside.join("x.png"), docs.join("link.png")).unwrap();
    let file = docs.join("a.json");
    let e = engine();
    assert_eq!(image_error(e, &with_seal("ok.png"), &file, None), "");
    let missing = image_error(e, &with_seal("nope.png"), &file, None);
    assert!(missing.contains("seal.image"), "{missing}");
    let abs = outside.join("x.png").display().to_string();
    for path in ["../outside/x.png", "link.png", abs.as_str()] {
        let got = image_error(e, &with_seal(path), &file, None);
        assert_eq!(
            got.replace(path, "P"),
            missing.replace("nope.png", "P"),
            "{path} must read like a missing file"
        );
    }
    // An assets folder is where they are looked up, and only there.
    assert_eq!(
        image_error(e, &with_seal("x.png"), &file, Some(&outside)),
        ""
    );
    let got = image_error(e, &with_seal("../docs/ok.png"), &file, Some(&outside));
    assert!(got.contains("seal.image"), "{got}");
    // The command line: --assets on render and validate.
    for command in ["render", "validate"] {
        std::fs::write(&file, with_seal("x.png")).unwrap();
        let out = tempfile::tempdir().unwrap();
        let mut cmd = vanban();
        cmd.arg(command).arg(&file);
        if command == "render" {
            cmd.arg("-o").arg(out.path()).args(["--format", "docx"]);
        }
        let run = run_bounded(&mut cmd, Duration::from_secs(60), GIB).within_bounds(command);
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        let run = run_bounded(
            cmd.arg("--assets").arg(&outside),
            Duration::from_secs(60),
            GIB,
        )
        .within_bounds(command);
        assert_eq!(run.code, Some(0), "{command} --assets: {}", run.stderr);
    }
}

#[test]
fn batch_images_stay_inside_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("shared")).unwrap();
    std::fs::create_dir_all(input.join("q1")).unwrap();
    std::fs::write(input.join("shared/dau.png"), png(8, 8, [9, 9, 9, 255], b"")).unwrap();
    std::fs::write(
        dir.path().join("secret.png"),
        png(8, 8, [9, 9, 9, 255], b""),
    )
    .unwrap();
    std::fs::write(
        input.join("q1/in-tree.json"),
        with_seal("../shared/dau.png"),
    )
    .unwrap();
    std::fs::write(
        input.join("q1/out-of-tree.json"),
        with_seal("../../secret.png"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let r = batch(&input, &out, &BatchOptions::default());
    let status: BTreeMap<&str, Status> = r
        .files
        .iter()
        .map(|f| (f.input.as_str(), f.status))
        .collect();
    assert_eq!(status["q1/in-tree.json"], Status::Rendered, "{r:?}");
    assert_eq!(status["q1/out-of-tree.json"], Status::Failed, "{r:?}");
}

// Low items: PNG errors quoted bytes; bytes after IEND went into the DOCX.
#[test]
fn image_errors_quote_no_bytes_and_trailing_bytes_are_not_copied() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let file = root.join("a.json");
    // Not a PNG at all; a PNG whose first chunk has another type.
    std::fs::write(root.join("text.png"), b"SECRET-TEXT-OF-ANOTHER-FILE").unwrap();
    let mut odd = png(8, 8, [1, 2, 3, 255], b"");
    odd[12..16].copy_from_slice(b"SECR");
    std::fs::write(root.join("odd.png"), &odd).unwrap();
    for name in ["text.png", "odd.png"] {
        let e = image_error(engine(), &with_seal(name), &file, None);
        assert!(e.contains("seal.image") && e.contains(name), "{e}");
        assert!(
            !e.contains("SECR"),
            "{name}: the error quotes the file: {e}"
        );
    }
    std::fs::write(
        root.join("trailer.png"),
        png(8, 8, [1, 2, 3, 255], b"TRAILING-SECRET"),
    )
    .unwrap();
    let r = engine()
        .render_with(
            &with_seal("trailer.png"),
            &file.display().to_string(),
            &vanban::RenderOptions::default(),
        )
        .unwrap();
    let docx = r.docx.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut media = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        if f.name().ends_with(".png") {
            media += 1;
            assert!(bytes.ends_with(&[0xAE, 0x42, 0x60, 0x82]), "ends at IEND");
        }
        assert!(
            !bytes
                .windows(b"TRAILING-SECRET".len())
                .any(|w| w == b"TRAILING-SECRET"),
            "{} carries the bytes after IEND",
            f.name()
        );
    }
    assert_eq!(media, 1);
    let pdf = r.pdf.unwrap();
    assert!(!pdf.windows(15).any(|w| w == b"TRAILING-SECRET"));
}

fn pid_gone() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length.
    assert_eq!(
        unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) },
        0
    );
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

fn temp_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".vanban-") && n.ends_with(".tmp"))
        .collect();
    v.sort();
    v
}

/// Stale temporary files of this scheme: one of a dead process on this
/// host, one of another host two days old; and a fresh one of another host
/// (another machine's in-flight file on NFS), which must stay.
fn plant_temp_files(dir: &Path) -> (Vec<String>, String) {
    std::fs::create_dir_all(dir).unwrap();
    let host = hostname();
    let dead = format!(".vanban-{host}-{}-aB3dE9.tmp", pid_gone());
    let old = ".vanban-elsewhere-4242-zZ9yY8.tmp".to_string();
    let fresh = ".vanban-elsewhere-4243-qQ1wW2.tmp".to_string();
    for name in [&dead, &old, &fresh] {
        std::fs::write(dir.join(name), b"partial").unwrap();
    }
    let two_days = std::time::SystemTime::now() - Duration::from_secs(2 * 86_400);
    std::fs::File::options()
        .write(true)
        .open(dir.join(&old))
        .unwrap()
        .set_modified(two_days)
        .unwrap();
    (vec![dead, old], fresh)
}

// Item 2 and the low item on `render`'s temp files.
#[test]
fn only_stale_temporary_files_are_removed_by_batch_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(fixture("minimal.json"), input.join("a.json")).unwrap();
    for command in ["batch", "render"] {
        let out = dir.path().join(format!("out-{command}"));
        let (stale, fresh) = plant_temp_files(&out);
        let mut cmd = vanban();
        match command {
            "batch" => cmd.arg("batch").arg(&input),
            _ => cmd.arg("render").arg(input.join("a.json")),
        };
        let run = run_bounded(
            cmd.arg("-o").arg(&out).args(["--format", "pdf"]),
            Duration::from_secs(60),
            GIB,
        )
        .within_bounds(command);
        assert_eq!(run.code, Some(0), "{command}: {}", run.stderr);
        assert_eq!(
            temp_names(&out),
            vec![fresh.clone()],
            "{command}: {stale:?}"
        );
        assert!(out.join("a.pdf").is_file());
    }
}

/// The PDF parses to its end and the DOCX opens: a whole file.
fn assert_whole(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension() == Some(OsStr::new("pdf")) {
        assert!(
            bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
            "{}",
            path.display()
        );
    } else {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(zip.file_names().any(|n| n == "word/document.xml"));
    }
}

// Item 2: shards on one folder deleted each other's in-flight files.
#[test]
fn eight_shards_started_together_on_one_folder_all_complete() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let n = 200;
    let minimal: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("minimal.json")).unwrap()).unwrap();
    for i in 0..n {
        let sub = input.join(format!("q{}", i % 4));
        std::fs::create_dir_all(&sub).unwrap();
        let mut doc = minimal.clone();
        doc["subject"] = serde_json::json!(format!("Báo cáo số {i}"));
        std::fs::write(
            sub.join(format!("{i:03}.json")),
            serde_json::to_vec(&doc).unwrap(),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let start = Instant::now();
    let shards: Vec<_> = (1..=8)
        .map(|k| {
            let input = input.clone();
            let out = out.clone();
            std::thread::spawn(move || {
                // Staggered a little, as a scheduler starts them: each
                // start-up lands while the others are writing (20 ms apart,
                // so the last starts well before a shard's 25 documents are
                // done, however fast the machine: 100 ms apart, a quiet one
                // finished the first shard before the eighth started).
                std::thread::sleep(Duration::from_millis(20) * (k - 1));
                let t0 = start.elapsed();
                let run = run_bounded(
                    vanban().arg("batch").arg(&input).arg("-o").arg(&out).args([
                        "--jobs",
                        "1",
                        "--shard",
                        &format!("{k}/8"),
                    ]),
                    Duration::from_secs(240),
                    GIB,
                );
                (k, t0, start.elapsed(), run)
            })
        })
        .collect();
    let runs: Vec<_> = shards.into_iter().map(|h| h.join().unwrap()).collect();
    for (k, _, _, run) in &runs {
        assert!(!run.timed_out && !run.over_memory, "shard {k}: {run:?}");
        assert_eq!(run.code, Some(0), "shard {k}: {}", run.stderr);
    }
    // They ran at the same time: every one started before any finished.
    let last_start = runs.iter().map(|r| r.1).max().unwrap();
    let first_end = runs.iter().map(|r| r.2).min().unwrap();
    assert!(last_start < first_end, "{last_start:?} {first_end:?}");
    for i in 0..n {
        let base = out.join(format!("q{}", i % 4)).join(format!("{i:03}"));
        for ext in ["pdf", "docx"] {
            assert_whole(&PathBuf::from(format!("{}.{ext}", base.display())));
        }
    }
    assert_eq!(temp_names(&out), Vec::<String>::new());
}

// Item 15: outputs collided silently.
#[test]
fn inputs_whose_outputs_collide_are_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in ["x.json", "x.JSON", "X.Json"] {
        std::fs::copy(fixture("minimal.json"), input.join(name)).unwrap();
    }
    let out = dir.path().join("out");
    let run = run_bounded(
        vanban().arg("batch").arg(&input).arg("-o").arg(&out),
        Duration::from_secs(60),
        GIB,
    )
    .within_bounds("batch of x.json, x.JSON, X.Json");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("x.json") && run.stderr.contains("X.Json"),
        "{}",
        run.stderr
    );
    assert!(!out.join("x.pdf").exists() && !out.join("X.pdf").exists());
    // render: two inputs with one stem.
    for (a, b) in [("a/x.json", "b/x.json"), ("a/y.json", "b/Y.json")] {
        for p in [a, b] {
            let p = dir.path().join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::copy(fixture("minimal.json"), &p).unwrap();
        }
        let out = dir.path().join("render-out");
        let run = run_bounded(
            vanban()
                .arg("render")
                .arg(dir.path().join(a))
                .arg(dir.path().join(b))
                .arg("-o")
                .arg(&out),
            Duration::from_secs(60),
            GIB,
        )
        .within_bounds("render collision");
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains(a) && run.stderr.contains(b),
            "{}",
            run.stderr
        );
        assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
    }
    // Two names that are not UTF-8 and read alike once made lossy.
    let lossy = dir.path().join("lossy");
    std::fs::create_dir_all(&lossy).unwrap();
    for bytes in [&b"t\xff.json"[..], &b"t\xfe.json"[..]] {
        std::fs::copy(
            fixture("minimal.json"),
            lossy.join(OsStr::from_bytes(bytes)),
        )
        .unwrap();
    }
    let run = run_bounded(
        vanban()
            .arg("batch")
            .arg(&lossy)
            .arg("-o")
            .arg(dir.path().join("lossy-out")),
        Duration::from_secs(60),
        GIB,
    )
    .within_bounds("lossy");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("t\\xff.json") && run.stderr.contains("t\\xfe.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn jobs_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("minimal.json"), dir.path().join("in/a.json")).unwrap();
    let run = run_bounded(
        vanban()
            .arg("batch")
            .arg(dir.path().join("in"))
            .arg("-o")
            .arg(dir.path().join("out"))
            .args(["--jobs", "10000"]),
        Duration::from_secs(10),
        GIB,
    )
    .within_bounds("batch --jobs 10000");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("--jobs"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}

// Low items: raw control and bidi characters reached the terminal, and
// errors repeated their cause.
#[test]
fn names_in_messages_are_escaped_and_causes_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let name = "Báo cáo \u{1b}[31m\nfake: ok \u{202e}gpj.json";
    let path = dir.path().join(name);
    std::fs::write(&path, b"{ not json").unwrap();
    let run = run_bounded(
        vanban().arg("validate").arg(&path),
        Duration::from_secs(30),
        GIB,
    )
    .within_bounds("escape");
    assert_eq!(run.code, Some(1), "{}", stderr_of(&run));
    let err = stderr_of(&run);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}') && !err.contains("\nfake"),
        "{err:?}"
    );
    assert!(
        err.contains("Báo cáo \\u{1b}[31m\\nfake: ok \\u{202e}gpj.json"),
        "{err}"
    );
    // `--report` onto a folder: the OS error once.
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(fixture("minimal.json"), input.join("a.json")).unwrap();
    let run = run_bounded(
        vanban()
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join("out"))
            .args(["--format", "pdf", "--report"])
            .arg(dir.path()),
        Duration::from_secs(60),
        GIB,
    )
    .within_bounds("report onto a folder");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.matches("os error").count(), 1, "{}", run.stderr);
}
