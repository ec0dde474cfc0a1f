//! The `vanban` command: files, standard input, exit codes, atomic output.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::*;

fn vanban() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn render_writes_one_pdf_per_input() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("new/sub");
    let status = vanban()
        .args(["render", "-o"])
        .arg(&dir)
        .arg(fixture("bao-cao-cchc-q3-2023.json"))
        .arg(fixture("minimal.json"))
        .args(["--format", "pdf"])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(names(&dir), ["bao-cao-cchc-q3-2023.pdf", "minimal.pdf"]);
    assert_eq!(
        std::fs::read(dir.join("bao-cao-cchc-q3-2023.pdf")).unwrap(),
        seed().pdf()
    );
}

#[test]
fn format_chooses_the_files() {
    for (format, expected) in [
        ("docx", vec!["minimal.docx"]),
        ("pdf", vec!["minimal.pdf"]),
        ("pdf,docx", vec!["minimal.docx", "minimal.pdf"]),
    ] {
        let out = tempfile::tempdir().unwrap();
        let st = vanban()
            .args(["render", "--format", format, "-o"])
            .arg(out.path())
            .arg(fixture("minimal.json"))
            .status()
            .unwrap();
        assert!(st.success());
        assert_eq!(names(out.path()), expected, "--format {format}");
    }
}

#[test]
fn a_dash_reads_standard_input() {
    let out = tempfile::tempdir().unwrap();
    let mut child = vanban()
        .args(["render", "-", "-o"])
        .arg(out.path())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let json = std::fs::read(fixture("minimal.json")).unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &json).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(names(out.path()), ["stdin.docx", "stdin.pdf"]);
}

#[test]
fn a_bad_input_fails_leaves_no_file_and_keeps_the_good_ones() {
    let out = tempfile::tempdir().unwrap();
    // A good document already there must survive a bad input of the same name.
    let bad_dir = tempfile::tempdir().unwrap();
    let bad = bad_dir.path().join("minimal.json");
    std::fs::copy(root().join("fixtures/bad/date-invalid.json"), &bad).unwrap();
    std::fs::write(out.path().join("minimal.pdf"), b"good old document").unwrap();
    let o = vanban()
        .args(["render", "-o"])
        .arg(out.path())
        .arg(&bad)
        .arg(fixture("all-blocks.json"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("minimal.json") && stderr.contains("date:") && stderr.contains("1 of 2"),
        "{stderr}"
    );
    assert_eq!(
        names(out.path()),
        ["all-blocks.docx", "all-blocks.pdf", "minimal.pdf"]
    );
    assert_eq!(
        std::fs::read(out.path().join("minimal.pdf")).unwrap(),
        b"good old document"
    );
}

#[test]
fn fonts_from_a_folder_are_used_and_bad_ones_refused() {
    let out = tempfile::tempdir().unwrap();
    let st = vanban()
        .args(["render", "--fonts"])
        .arg(root().join("fonts"))
        .arg("-o")
        .arg(out.path())
        .arg(fixture("minimal.json"))
        .status()
        .unwrap();
    assert!(st.success());
    let junk = tempfile::tempdir().unwrap();
    std::fs::write(junk.path().join("times.ttf"), b"not a font at all").unwrap();
    let o = vanban()
        .args(["render", "--fonts"])
        .arg(junk.path())
        .arg("-o")
        .arg(out.path())
        .arg(fixture("minimal.json"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("times.ttf") && stderr.contains("not a usable"),
        "{stderr}"
    );
    let empty = tempfile::tempdir().unwrap();
    let o = vanban()
        .args(["render", "--fonts"])
        .arg(empty.path())
        .arg(fixture("minimal.json"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("no regular face"));
}

#[test]
fn help_lists_the_options() {
    let o = vanban().args(["render", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    for flag in ["--output", "--format", "--fonts", "standard input"] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
    let o = vanban()
        .args(["render", "x.json", "--format", "odt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_blank_date_is_dated_from_source_date_epoch_byte_for_byte() {
    // A document with a blank date: PDF/A dated SOURCE_DATE_EPOCH, the same
    // bytes every time, and a one-line note on stderr.
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("minimal.json")).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("date");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("blank.json");
    std::fs::write(&input, serde_json::to_vec(&v).unwrap()).unwrap();
    let mut outputs = Vec::new();
    for run in ["a", "b"] {
        let out = dir.path().join(run);
        let o = vanban()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["render", "--format", "pdf", "-o"])
            .arg(&out)
            .arg(&input)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let stderr = String::from_utf8_lossy(&o.stderr);
        let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("note:")).collect();
        assert_eq!(notes.len(), 1, "{stderr}");
        assert!(
            notes[0].contains("SOURCE_DATE_EPOCH (1700000000)"),
            "{stderr}"
        );
        outputs.push(std::fs::read(out.join("blank.pdf")).unwrap());
    }
    assert!(outputs[0] == outputs[1], "the two renders differ");
    let doc = lopdf::Document::load_mem(&outputs[0]).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let created = doc
        .get_dictionary(info)
        .unwrap()
        .get(b"CreationDate")
        .unwrap()
        .as_str()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(created), "D:20231114221320Z");
}

#[test]
fn a_closed_pipe_is_an_error_not_a_panic() {
    // `vanban schema | head -c0`: the reader is gone before the write.
    for args in [&["schema"][..], &["layouts"][..]] {
        let mut child = vanban()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {err}",
            out.status
        );
    }
}
