//! The typeset page model against `spec/nd30.md`: sizes, styles and positions
//! of each element within 0.5 mm, margins, page numbers, keep rules.

use vanban::doc::{Block, Role};
use vanban::pdf::{Page, Point, TextItem};
use vanban::text::FaceId;

use crate::support::*;

struct Geometry {
    left: f32,
    right_edge: f32,
    top: f32,
    bottom_edge: f32,
    text_width: f32,
}

fn geometry(r: &vanban::Rendered) -> Geometry {
    geometry_of(&r.doc.page)
}

fn geometry_of(p: &vanban::doc::Page) -> Geometry {
    Geometry {
        left: p.left,
        right_edge: p.width - p.right,
        top: p.top,
        bottom_edge: p.height - p.bottom,
        text_width: p.text_width(),
    }
}

fn centre(at: Point, t: &TextItem) -> f32 {
    at.x + t.width / 2.0
}

fn get(page: &Page, role: Role) -> (Point, &TextItem) {
    find(page, role).unwrap_or_else(|| panic!("no {role:?} on the page"))
}

fn all(page: &Page, role: Role) -> Vec<(Point, &TextItem)> {
    texts(page).filter(|(_, t)| t.role == role).collect()
}

fn style(t: &TextItem, sizes: std::ops::RangeInclusive<f32>, face: FaceId) {
    assert!(sizes.contains(&t.size), "`{}`: {} pt", t.text, t.size);
    assert_eq!(t.face, face, "`{}`", t.text);
}

#[test]
fn the_page_is_a4_with_the_default_margins() {
    let r = seed();
    let p = &r.doc.page;
    assert!(close(p.width, 210.0 * MM, 0.01) && close(p.height, 297.0 * MM, 0.01));
    assert!(close(p.top, 20.0 * MM, 0.01) && close(p.bottom, 20.0 * MM, 0.01));
    assert!(close(p.left, 30.0 * MM, 0.01) && close(p.right, 15.0 * MM, 0.01));
}

#[test]
fn header_elements_have_their_size_style_and_position() {
    let r = seed();
    let g = geometry(r);
    let page = &r.pages[0];
    let left_centre = g.left + 0.4 * g.text_width / 2.0;
    let right_centre = g.left + 0.4 * g.text_width + 0.6 * g.text_width / 2.0;

    let (at, parent) = get(page, Role::Parent);
    style(parent, 12.0..=13.0, FaceId::Regular);
    assert_eq!(parent.text, "UBND THỊ XÃ BỈM SƠN");
    assert!(close(centre(at, parent), left_centre, HALF_MM));

    let (issuer_at, issuer) = get(page, Role::Issuer);
    style(issuer, 12.0..=13.0, FaceId::Bold);
    assert_eq!(issuer.text, "UBND PHƯỜNG LAM SƠN");
    assert!(close(centre(issuer_at, issuer), left_centre, HALF_MM));
    assert!(issuer_at.y > at.y, "the issuer is under the parent");

    // The rule under the issuer: 1/3–1/2 of its text, centred, just below.
    let rule = rules(page, Role::Issuer);
    assert_eq!(rule.len(), 1);
    let (x, y, w, _) = rule[0];
    assert!(
        w >= issuer.width / 3.0 && w <= issuer.width / 2.0,
        "rule {w} vs text {}",
        issuer.width
    );
    assert!(close(x + w / 2.0, centre(issuer_at, issuer), HALF_MM));
    assert!(y > issuer_at.y && y - issuer_at.y < 3.0 * MM);

    let (number_at, number) = get(page, Role::Number);
    style(number, 13.0..=13.0, FaceId::Regular);
    assert_eq!(number.text, "Số: 125/BC-UBND");
    assert!(close(centre(number_at, number), left_centre, HALF_MM));

    let (nation_at, nation) = get(page, Role::Nation);
    style(nation, 12.0..=13.0, FaceId::Bold);
    assert_eq!(nation.text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(close(centre(nation_at, nation), right_centre, HALF_MM));
    assert!(
        close(nation_at.y, issuer_at.y.min(at.y), HALF_MM),
        "first lines of both columns line up"
    );

    let (motto_at, motto) = get(page, Role::Motto);
    style(motto, 13.0..=14.0, FaceId::Bold);
    assert_eq!(motto.text, "Độc lập - Tự do - Hạnh phúc");
    assert!(close(centre(motto_at, motto), right_centre, HALF_MM));
    // The rule under the motto is exactly as long as the text.
    let rule = rules(page, Role::Motto);
    assert_eq!(rule.len(), 1);
    let (x, y, w, _) = rule[0];
    assert!(
        close(w, motto.width, HALF_MM) && close(x, motto_at.x, HALF_MM),
        "rule {x}+{w} vs text {}+{}",
        motto_at.x,
        motto.width
    );
    assert!(y > motto_at.y && y - motto_at.y < 3.0 * MM);

    let (date_at, date) = get(page, Role::Date);
    style(date, 13.0..=14.0, FaceId::Italic);
    assert_eq!(date.text, "Lam Sơn, ngày 25 tháng 9 năm 2023");
    assert!(close(centre(date_at, date), right_centre, HALF_MM));
    assert!(
        close(date_at.y, number_at.y, HALF_MM),
        "the Số row and the date row line up"
    );

    // Size sets must match: 12/13/13 or 13/14/14.
    let set = (nation.size, motto.size, date.size);
    assert!(
        set == (12.0, 13.0, 13.0) || set == (13.0, 14.0, 14.0),
        "{set:?}"
    );
}

#[test]
fn title_subject_and_recipient() {
    let r = seed();
    let g = geometry(r);
    let page = &r.pages[0];
    let mid = g.left + g.text_width / 2.0;
    let (title_at, title) = get(page, Role::Title);
    style(title, 13.0..=14.0, FaceId::Bold);
    assert_eq!(title.text, "BÁO CÁO");
    assert!(close(centre(title_at, title), mid, HALF_MM));
    let subject = all(page, Role::Subject);
    assert!(!subject.is_empty());
    for (at, s) in &subject {
        style(s, 13.0..=14.0, FaceId::Bold);
        assert!(close(centre(*at, s), mid, HALF_MM));
        assert!(at.y > title_at.y);
    }
    let longest = subject.iter().map(|(_, s)| s.width).fold(0.0, f32::max);
    let rule = rules(page, Role::Subject);
    assert_eq!(rule.len(), 1);
    let (x, y, w, _) = rule[0];
    assert!(w >= longest / 3.0 && w <= longest / 2.0);
    assert!(close(x + w / 2.0, mid, HALF_MM));
    assert!(subject.iter().all(|(at, _)| y > at.y));
    // One recipient: on one line.
    let rec = all(page, Role::Recipients);
    assert_eq!(rec.len(), 1);
    style(rec[0].1, 13.0..=14.0, FaceId::Regular);
    assert_eq!(rec[0].1.text, "Kính gửi: UBND thị phường Bỉm Sơn.");
    assert!(rec[0].0.y > y);
}

#[test]
fn body_is_justified_with_a_first_line_indent() {
    let r = seed();
    let g = geometry(r);
    let mut checked = 0;
    for page in &r.pages {
        let body: Vec<_> = texts(page).filter(|(_, t)| t.role == Role::Body).collect();
        for (at, t) in &body {
            style(t, 13.0..=14.0, FaceId::Regular);
            let indent = at.x - g.left;
            assert!(
                close(indent, 0.0, 0.01) || (10.0 * MM - 0.01..=12.7 * MM + 0.01).contains(&indent),
                "indent {indent}"
            );
        }
        for pair in body.windows(2) {
            let ((at, t), (next, _)) = (pair[0], pair[1]);
            if close(next.x, g.left, 0.01) && next.y > at.y {
                // Not the paragraph's last line: flush with the right margin.
                assert!(
                    close(at.x + t.width, g.right_edge, 0.05),
                    "`{}` ends at {}",
                    t.text,
                    at.x + t.width
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} justified lines");
}

#[test]
fn sections_are_numbered_by_the_pipeline() {
    let r = seed();
    let heading = |depth: u8| -> Vec<String> {
        r.doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) if p.role == Role::Heading(depth) => Some(p.text()),
                _ => None,
            })
            .collect()
    };
    let level1 = heading(1);
    let labels: Vec<&str> = level1.iter().filter_map(|t| t.split(' ').next()).collect();
    // The source repeats `II.`; the pipeline numbers I–V.
    assert_eq!(labels, ["I.", "II.", "III.", "IV.", "V."]);
    assert!(level1.iter().all(|t| *t == t.to_uppercase()));
    let level2: Vec<String> = heading(2)
        .iter()
        .map(|t| t.split(' ').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(level2, ["1.", "1.", "2.", "3.", "4.", "5.", "6."]);
    assert!(
        heading(3).iter().any(|t| t.starts_with("2.6. ")),
        "{:?}",
        heading(3)
    );
    // On the page: the typeset heading lines are bold.
    for p in &r.pages {
        for (_, t) in all(p, Role::Heading(1))
            .into_iter()
            .chain(all(p, Role::Heading(2)))
        {
            assert!(matches!(t.face, FaceId::Bold), "`{}`", t.text);
        }
    }
    // The label is a run of its own (a tagged PDF marks it as the label),
    // on the line's baseline just before the heading's text.
    let first = all(&r.pages[0], Role::Heading(1));
    let (label, text) = (first[0], first[1]);
    assert_eq!(label.1.text, "I. ");
    assert_eq!(label.1.mark, vanban::pdf::Mark::Label(label_para(label.1)));
    assert!(text.1.text.starts_with("CÔNG TÁC"), "{}", text.1.text);
    assert_eq!(label.0.y, text.0.y);
    assert!((label.0.x + label.1.width - text.0.x).abs() < 0.01);
}

fn label_para(t: &TextItem) -> u32 {
    match t.mark {
        vanban::pdf::Mark::Label(n) | vanban::pdf::Mark::Para(n) => n,
        vanban::pdf::Mark::Artifact => u32::MAX,
    }
}

#[test]
fn signature_and_distribution_share_the_last_page_with_body_text() {
    let r = seed();
    let g = geometry(r);
    let last = r.pages.last().unwrap();
    assert!(
        texts(last).any(|(_, t)| t.role == Role::Body),
        "the closing stands alone"
    );
    let right_centre = g.left + 0.42 * g.text_width + 0.58 * g.text_width / 2.0;
    let (auth_at, auth) = get(last, Role::SignAuthority);
    let (pos_at, pos) = get(last, Role::SignPosition);
    let (name_at, name) = get(last, Role::SignName);
    for (at, t) in [(auth_at, auth), (pos_at, pos), (name_at, name)] {
        style(t, 13.0..=14.0, FaceId::Bold);
        assert!(close(centre(at, t), right_centre, HALF_MM), "`{}`", t.text);
    }
    assert_eq!(
        (auth.text.as_str(), pos.text.as_str(), name.text.as_str()),
        ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trịnh Ngọc Hoàng")
    );
    let space = name_at.y - pos_at.y;
    assert!(
        (20.0 * MM..=32.0 * MM).contains(&space),
        "signature space {} mm",
        space / MM
    );

    let (label_at, label) = get(last, Role::DistributionLabel);
    style(label, 12.0..=12.0, FaceId::BoldItalic);
    assert_eq!(label.text, "Nơi nhận:");
    assert!(close(label_at.x, g.left, 0.01));
    assert!(
        close(label_at.y, auth_at.y, HALF_MM),
        "Nơi nhận is on the signature's row"
    );
    let items: Vec<String> = all(last, Role::Distribution)
        .iter()
        .map(|(_, t)| t.text.clone())
        .collect();
    assert_eq!(
        items,
        ["- Như trên;", "- Đảng ủy, HĐND phường (b/c);", "- Lưu: VP."]
    );
    for (_, t) in all(last, Role::Distribution) {
        style(t, 11.0..=11.0, FaceId::Regular);
    }
}

#[test]
fn text_stays_inside_the_margins_on_every_fixture() {
    for path in fixtures() {
        inside_the_margins(&render(&path), &path.display().to_string());
    }
}

/// Every item of every page, the page numbers aside, is inside the text area.
fn inside_the_margins(r: &vanban::Rendered, name: &str) {
    {
        for (n, page) in r.pages.iter().enumerate() {
            // Each part (an appendix) has its own paper and margins.
            let g = geometry_of(page_settings(r, n));
            for (at, item) in &page.items {
                let (x0, x1, y0, y1, what) = match item {
                    vanban::pdf::Item::Text(t) if t.role == Role::PageNumber => continue,
                    vanban::pdf::Item::Text(t) => (
                        at.x,
                        at.x + t.width,
                        at.y - 0.9 * t.size,
                        at.y + 0.22 * t.size,
                        t.text.clone(),
                    ),
                    vanban::pdf::Item::Rule(r) => (
                        at.x,
                        at.x + r.width,
                        at.y,
                        at.y + r.height,
                        format!("{:?} rule", r.role),
                    ),
                    vanban::pdf::Item::Image(i) => (
                        at.x,
                        at.x + i.width,
                        at.y,
                        at.y + i.height,
                        format!("{:?} image", i.kind),
                    ),
                    vanban::pdf::Item::SignField(f) => (
                        at.x,
                        at.x + f.width,
                        at.y,
                        at.y + f.height,
                        "signature field".into(),
                    ),
                };
                let tol = 0.5; // half a border's width
                assert!(
                    x0 >= g.left - tol
                        && x1 <= g.right_edge + tol
                        && y0 >= g.top - tol
                        && y1 <= g.bottom_edge + tol,
                    "{name} page {}: `{what}` at ({x0}, {y0})–({x1}, {y1}) leaves the text area",
                    n + 1
                );
            }
        }
    }
}

/// The minimal fixture with `edit` applied, rendered.
fn minimal_with(edit: impl Fn(&mut serde_json::Value)) -> vanban::Rendered {
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("minimal.json")).unwrap()).unwrap();
    edit(&mut doc);
    engine()
        .render(&serde_json::to_vec(&doc).unwrap(), "minimal+")
        .unwrap()
}

#[test]
fn a_block_taller_than_a_page_continues_on_the_next_instead_of_running_off() {
    let long = "người cải cách hành chính ".repeat(900);
    let cases = [
        // A table cell of 4,500 words: its row is cut between lines, each
        // piece framed, under the repeated header.
        minimal_with(|d| {
            d["body"] = serde_json::json!(["Mở đầu.", {"table": {
                "columns": [{"title": "A", "width": 1}, {"title": "B", "width": 3}],
                "rows": [["1", long.trim()], ["2", "ngắn"]]}}]);
        }),
        // Nơi nhận of 200 lines beside the signature.
        minimal_with(|d| {
            d["distribution"] = (0..200)
                .map(|i| format!("Phòng {i} của UBND phường"))
                .collect();
        }),
        // An issuer's name of 3,000 characters in the header.
        minimal_with(|d| d["issuer"]["name"] = "ỦY BAN NHÂN DÂN ".repeat(200).trim().into()),
    ];
    for (i, r) in cases.iter().enumerate() {
        assert!(r.pages.len() >= 4, "case {i}: {} pages", r.pages.len());
        inside_the_margins(r, &format!("case {i}"));
        // Nothing lost or doubled: the pages hold the composed text's
        // characters (a cut column block reads across its pieces, so the
        // order of the two columns' lines differs).
        let sorted = |s: String| {
            let mut v: Vec<char> = squash(&s).chars().collect();
            v.sort_unstable();
            v
        };
        assert!(
            sorted(pages_text(&r.pages)) == sorted(doc_text(&r.doc)),
            "case {i}: the pages' text is not the document's"
        );
    }
    // The cut row: header on every page it spans, a frame round each piece.
    let table = &cases[0];
    let spanned: Vec<&Page> = table
        .pages
        .iter()
        .filter(|p| texts(p).any(|(_, t)| t.role == Role::TableCell))
        .collect();
    assert!(spanned.len() >= 5, "{} pages", spanned.len());
    for page in spanned {
        assert_eq!(all(page, Role::TableHeader).len(), 2);
        assert!(
            rules(page, Role::TableCell).len() >= 5,
            "top, bottom and three verticals"
        );
    }
}

#[test]
fn pages_are_numbered_from_page_two_in_the_top_margin() {
    for path in fixtures() {
        let r = render(&path);
        for (n, page) in r.pages.iter().enumerate() {
            // The main text and each appendix number their pages from 1.
            let g = geometry_of(page_settings(&r, n));
            let number = number_in_part(&r, n);
            let numbers = all(page, Role::PageNumber);
            if number == 1 {
                assert!(numbers.is_empty(), "a part's page 1 has no number");
                continue;
            }
            assert_eq!(numbers.len(), 1);
            let (at, t) = numbers[0];
            assert_eq!(t.text, number.to_string());
            style(t, 13.0..=14.0, FaceId::Regular);
            assert!(close(centre(at, t), g.left + g.text_width / 2.0, HALF_MM));
            assert!(
                at.y < g.top && at.y - t.size * 0.7 > 0.0,
                "in the top margin: {}",
                at.y
            );
        }
    }
    assert!(seed().pages.len() > 2);
}

#[test]
fn headings_never_end_a_page() {
    for path in fixtures() {
        let r = render(&path);
        for (n, page) in r.pages.iter().enumerate().take(r.pages.len() - 1) {
            let last = texts(page)
                .filter(|(_, t)| t.role != Role::PageNumber)
                .last();
            if let Some((_, t)) = last {
                assert!(
                    !matches!(t.role, Role::Heading(_)),
                    "{} page {} ends with heading `{}`",
                    path.display(),
                    n + 1,
                    t.text
                );
            }
        }
    }
}

#[test]
fn tables_repeat_their_header_on_every_page() {
    let r = render(&fixture("all-blocks.json"));
    let pages: Vec<&Page> = r
        .pages
        .iter()
        .filter(|p| texts(p).any(|(_, t)| t.role == Role::TableCell))
        .collect();
    assert!(pages.len() >= 2, "the fixture's table should span pages");
    let first_header: Vec<String> = all(pages[0], Role::TableHeader)
        .iter()
        .map(|(_, t)| t.text.clone())
        .collect();
    assert!(!first_header.is_empty());
    for page in pages {
        let header: Vec<(Point, &TextItem)> = all(page, Role::TableHeader);
        let header_text: Vec<String> = header.iter().map(|(_, t)| t.text.clone()).collect();
        assert_eq!(header_text, first_header);
        let top_cell = all(page, Role::TableCell)
            .iter()
            .map(|(at, _)| at.y)
            .fold(f32::MAX, f32::min);
        assert!(header.iter().all(|(at, _)| at.y < top_cell));
        for (_, t) in header {
            assert!(matches!(t.face, FaceId::Bold | FaceId::BoldItalic));
        }
    }
}

#[test]
fn several_recipients_are_a_punctuated_list() {
    let r = render(&fixture("all-blocks.json"));
    let page = &r.pages[0];
    let rec: Vec<String> = all(page, Role::Recipients)
        .iter()
        .map(|(_, t)| t.text.clone())
        .collect();
    assert_eq!(rec[0], "Kính gửi:");
    let items = &rec[1..];
    assert!(items.len() >= 2);
    for (i, item) in items.iter().enumerate() {
        assert!(item.starts_with("- "), "{item}");
        let end = if i + 1 == items.len() { '.' } else { ';' };
        assert!(item.ends_with(end) && !item.ends_with(";;"), "{item}");
    }
    // Number below 10 and a February date get their leading zeros.
    assert_eq!(get(page, Role::Number).1.text, "Số: 07/BC-UBND");
    assert!(
        get(page, Role::Date)
            .1
            .text
            .ends_with("ngày 05 tháng 02 năm 2024")
    );
    // A forced line break in the issuer: two lines, the rule sized on the last.
    let issuer = all(page, Role::Issuer);
    assert_eq!(issuer.len(), 2);
    let (last_at, last) = issuer[1];
    let (x, _, w, _) = rules(page, Role::Issuer)[0];
    assert!(w >= last.width / 3.0 - 0.01 && w <= last.width / 2.0 + 0.01);
    assert!(close(x + w / 2.0, centre(last_at, last), HALF_MM));
}

#[test]
fn blanks_are_left_for_the_clerk() {
    let r = render(&fixture("minimal.json"));
    let page = &r.pages[0];
    let number = &get(page, Role::Number).1.text;
    assert!(
        number.starts_with("Số: ") && number.ends_with("/BC-UBND") && number.contains("    /"),
        "{number}"
    );
    let date = &get(page, Role::Date).1.text;
    assert!(
        date.contains("ngày      ") && date.contains("tháng      ") && date.ends_with("năm 2025"),
        "{date}"
    );
    assert!(find(page, Role::Parent).is_none() && find(page, Role::DistributionLabel).is_none());
}

#[test]
fn a_page_break_starts_a_new_page() {
    let r = render(&fixture("all-blocks.json"));
    let blocks = &r.doc.blocks;
    let at = blocks
        .iter()
        .position(|b| *b == Block::PageBreak)
        .expect("the fixture has a page break");
    let Some(Block::Para(next)) = blocks.get(at + 1) else {
        panic!("a paragraph follows the page break")
    };
    let words = next.text();
    let first_word = words.split_whitespace().next().unwrap();
    let page = r
        .pages
        .iter()
        .position(|p| texts(p).any(|(_, t)| t.text.starts_with(first_word) && t.role == next.role))
        .unwrap();
    let first = texts(&r.pages[page])
        .find(|(_, t)| t.role != Role::PageNumber)
        .unwrap();
    assert!(
        first.1.text.starts_with(first_word),
        "`{}` opens the page",
        first.1.text
    );
}

/// The body's lines are broken ahead on a second core when one is free
/// (`pdf::ahead`): not on a rayon worker, where every document breaks its
/// own. Both ways give the same pages, item for item, for every fixture.
#[test]
fn lines_broken_ahead_on_another_core_give_the_same_pages() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let e = engine();
    for path in fixtures() {
        let json = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let doc = e.compose(&json, &name).unwrap();
        let fonts = e.fonts();
        let ahead = vanban::pdf::typeset_within(&doc, fonts, 2000, &name).unwrap();
        let alone = pool.install(|| vanban::pdf::typeset_within(&doc, fonts, 2000, &name).unwrap());
        assert_eq!(ahead, alone, "{name}");
    }
}
