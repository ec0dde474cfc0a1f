//! Every kind of document as `spec/nd30.md` describes it, user layouts, and
//! `vanban validate` / `vanban layouts`.

use std::process::Command;

use vanban::doc::{Block, Role};
use vanban::text::FaceId;

use crate::support::*;

fn left_column(r: &vanban::Rendered) -> (f32, f32) {
    let p = &r.doc.page;
    (p.left, p.left + 0.4 * p.text_width())
}

fn paras(r: &vanban::Rendered, role: Role) -> Vec<String> {
    r.doc
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Para(p) => vec![p],
            Block::Columns(c) => c.columns.iter().flat_map(|c| &c.paras).collect(),
            _ => vec![],
        })
        .filter(|p| p.role == role)
        .map(|p| p.text())
        .collect()
}

#[test]
fn cong_van_puts_its_subject_under_the_number_and_has_no_title() {
    let r = render(&fixture("cong-van.json"));
    let page = &r.pages[0];
    assert!(find(page, Role::Title).is_none() && find(page, Role::Subject).is_none());
    let (number_at, _) = find(page, Role::Number).unwrap();
    let vv: Vec<_> = texts(page)
        .filter(|(_, t)| t.role == Role::SubjectLine)
        .collect();
    assert!(!vv.is_empty());
    assert!(vv[0].1.text.starts_with("V/v "), "{}", vv[0].1.text);
    let (l0, l1) = left_column(&r);
    for (at, t) in &vv {
        assert!(
            at.x >= l0 - 0.01 && at.x + t.width <= l1 + 0.01,
            "`{}` leaves the left column",
            t.text
        );
        assert!(at.y > number_at.y);
        assert!((12.0..=13.0).contains(&t.size) && t.face == FaceId::Regular);
    }
    let items = paras(&r, Role::Distribution);
    assert_eq!(items[0], "- Như trên;");
}

#[test]
fn quyet_dinh_has_authority_preamble_decision_line_and_articles() {
    let r = render(&fixture("quyet-dinh.json"));
    let authority = paras(&r, Role::Authority);
    assert_eq!(authority.len(), 1);
    assert_eq!(authority[0], authority[0].to_uppercase());
    let (at, t) = find(&r.pages[0], Role::Authority).unwrap();
    assert!(t.face == FaceId::Bold);
    let mid = r.doc.page.left + r.doc.page.text_width() / 2.0;
    assert!(close(at.x + t.width / 2.0, mid, HALF_MM));
    let preamble = paras(&r, Role::Preamble);
    assert!(preamble.len() >= 2);
    for (i, line) in preamble.iter().enumerate() {
        let end = if i + 1 == preamble.len() { '.' } else { ';' };
        assert!(line.ends_with(end) && !line.ends_with(";;"), "{line}");
    }
    for p in r.pages.iter() {
        for (_, t) in texts(p).filter(|(_, t)| t.role == Role::Preamble) {
            assert!(
                matches!(t.face, FaceId::Italic | FaceId::BoldItalic),
                "`{}`",
                t.text
            );
        }
    }
    // QUYẾT ĐỊNH: between the preamble and the first article.
    let order: Vec<(Role, String)> = r
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some((p.role, p.text())),
            _ => None,
        })
        .collect();
    let decision = order
        .iter()
        .position(|(r, t)| *r == Role::Center && t == "QUYẾT ĐỊNH:")
        .expect("QUYẾT ĐỊNH:");
    let last_preamble = order
        .iter()
        .rposition(|(r, _)| *r == Role::Preamble)
        .unwrap();
    let first_article = order.iter().position(|(r, _)| *r == Role::Article).unwrap();
    assert!(last_preamble < decision && decision < first_article);
    let articles: Vec<&String> = order
        .iter()
        .filter(|(r, _)| *r == Role::Article)
        .map(|(_, t)| t)
        .collect();
    for (i, a) in articles.iter().enumerate() {
        assert!(a.starts_with(&format!("Điều {}. ", i + 1)), "{a}");
    }
}

#[test]
fn bien_ban_has_no_date_line_and_two_signers_on_one_row() {
    let r = render(&fixture("bien-ban.json"));
    assert!(
        r.pages.iter().all(|p| find(p, Role::Date).is_none()),
        "no place/date line"
    );
    let last = r.pages.last().unwrap();
    let signers: Vec<_> = texts(last)
        .filter(|(_, t)| t.role == Role::SignPosition)
        .collect();
    assert_eq!(signers.len(), 2);
    let ((a, ta), (b, tb)) = (signers[0], signers[1]);
    assert!(close(a.y, b.y, HALF_MM), "the signers share a baseline");
    assert!(a.x < b.x && ta.text == "THƯ KÝ" && tb.text == "CHỦ TỌA");
    let names: Vec<_> = texts(last)
        .filter(|(_, t)| t.role == Role::SignName)
        .collect();
    assert_eq!(names.len(), 2);
    assert!(close(names[0].0.y, names[1].0.y, HALF_MM));
}

#[test]
fn every_kind_has_its_title() {
    for (file, title) in [
        ("to-trinh.json", "TỜ TRÌNH"),
        ("ke-hoach.json", "KẾ HOẠCH"),
        ("thong-bao.json", "THÔNG BÁO"),
        ("giay-moi.json", "GIẤY MỜI"),
        ("quyet-dinh.json", "QUYẾT ĐỊNH"),
        ("bien-ban.json", "BIÊN BẢN"),
    ] {
        let r = render(&fixture(file));
        assert_eq!(
            find(&r.pages[0], Role::Title).unwrap().1.text,
            title,
            "{file}"
        );
        assert_eq!(
            rules(&r.pages[0], Role::Subject).len(),
            1,
            "{file}: the subject's rule"
        );
        assert!(r.docx.is_some() && r.pdf.is_some());
    }
}

#[test]
fn data_placeholders_are_filled() {
    let r = render(&fixture("data-template.json"));
    let text = doc_text(&r.doc);
    assert!(!text.contains("{{") && !text.contains("}}"), "{text}");
}

/// A layout folder holding a copy of nd30 with `edit` applied to its JSON.
fn layout_dir(name: &str, edit: impl Fn(&mut serde_json::Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("layouts/nd30/layout.json")).unwrap())
            .unwrap();
    json["name"] = name.into();
    edit(&mut json);
    std::fs::create_dir_all(dir.path().join(name)).unwrap();
    std::fs::write(
        dir.path().join(name).join("layout.json"),
        serde_json::to_vec_pretty(&json).unwrap(),
    )
    .unwrap();
    dir
}

#[test]
fn a_user_layout_is_chosen_by_name_and_may_replace_a_built_in_one() {
    let dir = layout_dir("rong", |j| j["styles"]["body"]["size"] = 13.into());
    let engine = vanban::Engine::new()
        .unwrap()
        .with_layouts_dir(dir.path())
        .unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("minimal.json")).unwrap()).unwrap();
    doc["layout"] = "rong".into();
    let r = engine
        .render(&serde_json::to_vec(&doc).unwrap(), "t.json")
        .unwrap();
    assert_eq!(find(&r.pages[0], Role::Body).unwrap().1.size, 13.0);
    // A layout named nd30 replaces the built-in one.
    let dir = layout_dir("nd30", |j| j["page"]["margin_mm"]["left"] = 35.into());
    let engine = vanban::Engine::new()
        .unwrap()
        .with_layouts_dir(dir.path())
        .unwrap();
    let r = engine
        .render(&std::fs::read(fixture("minimal.json")).unwrap(), "t.json")
        .unwrap();
    assert!(close(r.doc.page.left, 35.0 * MM, 0.01));
}

/// The error of loading the layouts in `dir`.
fn layout_error(dir: &tempfile::TempDir) -> String {
    vanban::Engine::new()
        .unwrap()
        .with_layouts_dir(dir.path())
        .unwrap_err()
        .to_string()
}

#[test]
fn a_broken_layout_names_its_file_and_key() {
    let dir = layout_dir("hong", |j| j["styles"]["body"]["size"] = "lớn".into());
    let err = layout_error(&dir);
    assert!(
        err.contains("hong/layout.json") && err.contains("styles.body.size"),
        "{err}"
    );
    let dir = layout_dir("thieu", |j| {
        j["styles"].as_object_mut().unwrap().remove("title");
    });
    let err = layout_error(&dir);
    assert!(
        err.contains("styles.title") && err.contains("missing"),
        "{err}"
    );
}

fn vanban() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
}

#[test]
fn layouts_lists_the_layouts_and_their_kinds() {
    let dir = layout_dir("rong", |_| {});
    let o = vanban()
        .args(["layouts", "--layouts"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("nd30\t")
            && out.contains("rong\t")
            && out.contains("  cong-van\t(no title)")
            && out.contains("  quyet-dinh\tQUYẾT ĐỊNH"),
        "{out}"
    );
}

#[test]
fn validate_checks_without_rendering_and_lists_every_problem() {
    let out = tempfile::tempdir().unwrap();
    let o = vanban()
        .current_dir(out.path())
        .arg("validate")
        .args(fixtures())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "validate writes nothing"
    );
    let bad = out.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"kind": "bao-cao", "issuer": {"name": "UBND"}, "symbol": "BC", "place": "X",
            "body": ["a 😀", {"list": []}], "signature": {"position": "", "name": "B"}}"#,
    )
    .unwrap();
    let o = vanban().arg("validate").arg(&bad).output().unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    for path in ["body[0]", "body[1].list", "signature.position"] {
        assert!(err.contains(&format!(": {path}: ")), "{path} in {err}");
    }
}

#[test]
fn schema_prints_the_input_schema() {
    let o = vanban().arg("schema").output().unwrap();
    assert!(o.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed, vanban::input::input_schema());
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}
