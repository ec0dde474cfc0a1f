//! Previews drawn from the page model (`vanban::preview`): compared with
//! poppler's rendering of vanban's own PDF, images where the page model puts
//! them, SVG structure, limits, determinism, and every fixture.

use std::process::Command;

use vanban::pdf::{Item, Page};
use vanban::preview::{self, Format};

use crate::support::{PdfBytes, engine, fixture, fixtures, seed};

/// A decoded RGB picture.
struct Rgb {
    w: usize,
    h: usize,
    px: Vec<[u8; 3]>,
}

impl Rgb {
    fn gray(&self, x: usize, y: usize) -> u8 {
        let [r, g, b] = self.px[y * self.w + x];
        ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
    }
    fn dark(&self, x: usize, y: usize) -> bool {
        self.gray(x, y) < 128
    }
}

fn decode(bytes: &[u8]) -> Rgb {
    let mut d = png::Decoder::new(std::io::Cursor::new(bytes));
    d.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut r = d.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    let n = info.color_type.samples();
    let px = buf[..info.buffer_size()]
        .chunks_exact(n)
        .map(|p| match n {
            1 | 2 => [p[0]; 3],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    Rgb {
        w: info.width as usize,
        h: info.height as usize,
        px,
    }
}

/// Page 1 of the seed's PDF, rasterised by pdftoppm at `dpi`.
fn pdftoppm(pdf: &[u8], dpi: u32) -> Rgb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = dir.path().join("page");
    let st = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(&path)
        .arg(&out)
        .status()
        .expect("pdftoppm is missing: run scripts/test, which installs poppler-utils");
    assert!(st.success());
    decode(&std::fs::read(dir.path().join("page.png")).unwrap())
}

/// The bands of consecutive rows holding ink (the text lines and rules),
/// each with its first and last row and its leftmost and rightmost ink.
fn bands(img: &Rgb) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, usize)> = None;
    for y in 0..img.h {
        let inked: Vec<usize> = (0..img.w).filter(|&x| img.dark(x, y)).collect();
        match (inked.first(), inked.last(), open) {
            (Some(&l), Some(&r), None) => open = Some((y, l, r)),
            (Some(&l), Some(&r), Some((top, ol, or))) => open = Some((top, ol.min(l), or.max(r))),
            (None, _, Some((top, l, r))) => {
                out.push((top, y - 1, l, r));
                open = None;
            }
            _ => {}
        }
    }
    if let Some((top, l, r)) = open {
        out.push((top, img.h - 1, l, r));
    }
    out
}

#[test]
fn the_seed_page_looks_as_poppler_draws_the_pdf() {
    needs!(Poppler);
    let r = seed();
    let ours = decode(&preview::png(&r.pages[0], engine().fonts(), 70.0).unwrap());
    let theirs = pdftoppm(r.pdf(), 70);
    assert_eq!(
        (ours.w, ours.h),
        (theirs.w, theirs.h),
        "the page's size in pixels"
    );
    // Measured at 70 dpi: pixel by pixel 7.93 of 255 on average (poppler
    // grid-fits glyphs, we do not: the same ink lies a fraction of a pixel
    // apart); in 4×4 blocks 3.03, and 7.62 for our page two pixels lower.
    // The total ink agrees to 0.02% (7973936 and 7975555).
    let mean_diff = |dy: usize| {
        let diff: u64 = (0..ours.h - dy)
            .flat_map(|y| (0..ours.w).map(move |x| (x, y)))
            .map(|(x, y)| u64::from(ours.gray(x, y + dy).abs_diff(theirs.gray(x, y))))
            .sum();
        diff as f64 / (ours.w * (ours.h - dy)) as f64
    };
    // Averaged over 4×4-pixel blocks, which evens out how the two
    // anti-alias glyph edges, but not a word moved or missing.
    let blocks = |img: &Rgb, dy: usize| -> Vec<f64> {
        let mut v = Vec::new();
        for by in 0..(img.h - dy) / 4 {
            for bx in 0..img.w / 4 {
                let s: u32 = (0..16)
                    .map(|k| u32::from(img.gray(bx * 4 + k % 4, by * 4 + k / 4 + dy)))
                    .sum();
                v.push(f64::from(s) / 16.0);
            }
        }
        v
    };
    let block_diff = |dy: usize| {
        let (a, b) = (blocks(&ours, dy), blocks(&theirs, 0));
        a.iter().zip(&b).map(|(p, q)| (p - q).abs()).sum::<f64>() / a.len().min(b.len()) as f64
    };
    let ink = |img: &Rgb| -> u64 {
        (0..img.h)
            .flat_map(|y| (0..img.w).map(move |x| (x, y)))
            .map(|(x, y)| u64::from(255 - img.gray(x, y)))
            .sum::<u64>()
    };
    eprintln!(
        "mean absolute difference {:.2} (one pixel lower {:.2}); in 4×4 blocks {:.2} (one \
         pixel lower {:.2}, two {:.2}); ink ours {} poppler's {}",
        mean_diff(0),
        mean_diff(1),
        block_diff(0),
        block_diff(1),
        block_diff(2),
        ink(&ours),
        ink(&theirs)
    );
    let mean = block_diff(0);
    assert!(
        mean < 4.5,
        "mean absolute difference in 4×4 blocks {mean:.2}"
    );
    let (a, b) = (ink(&ours) as f64, ink(&theirs) as f64);
    assert!((a / b - 1.0).abs() < 0.01, "ink: ours {a}, poppler's {b}");
    // Every line of ink is where poppler puts it, to a pixel or two.
    let (a, b) = (bands(&ours), bands(&theirs));
    assert!(a.len() > 25, "{} lines of ink", a.len());
    assert_eq!(
        a.len(),
        b.len(),
        "lines of ink: ours {a:?}\npoppler's {b:?}"
    );
    for (x, y) in a.iter().zip(&b) {
        let near = |p: usize, q: usize| p.abs_diff(q) <= 2;
        assert!(
            near(x.0, y.0) && near(x.1, y.1) && near(x.2, y.2) && near(x.3, y.3),
            "a line's ink box (top, bottom, left, right): ours {x:?}, poppler's {y:?}"
        );
    }
}

/// The image items of a page, with their boxes.
fn images(page: &Page) -> Vec<(f32, f32, f32, f32, vanban::doc::ImageKind)> {
    page.items
        .iter()
        .filter_map(|(at, item)| match item {
            Item::Image(i) => Some((at.x, at.y, i.width, i.height, i.kind)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_signature_and_seal_show_where_the_page_model_puts_them() {
    let path = fixture("electronic-copy.json");
    let json = std::fs::read(&path).unwrap();
    let options = vanban::RenderOptions::default();
    let pages = engine()
        .pages(&json, &path.display().to_string(), &options)
        .unwrap();
    let (n, page) = pages
        .iter()
        .enumerate()
        .find(|(_, p)| images(p).len() == 2)
        .expect("a page with the signature and the seal");
    let dpi = 72.0;
    let img = decode(
        &engine()
            .preview(
                &json,
                &path.display().to_string(),
                &options,
                n,
                Format::Png { dpi },
            )
            .unwrap(),
    );
    let red = |[r, g, b]: [u8; 3]| r > 150 && g < 90 && b < 90;
    let blue = |[r, g, b]: [u8; 3]| b > 100 && r < 90 && g < 110 && b > r + 40;
    let boxes = images(page);
    let inside = |x: usize, y: usize| {
        boxes.iter().any(|&(bx, by, bw, bh, _)| {
            let (x, y) = (x as f32, y as f32);
            x + 1.0 >= bx && x <= bx + bw + 1.0 && y + 1.0 >= by && y <= by + bh + 1.0
        })
    };
    let (mut reds, mut blues, mut stray) = (0, 0, 0);
    for y in 0..img.h {
        for x in 0..img.w {
            let p = img.px[y * img.w + x];
            if red(p) || blue(p) {
                if inside(x, y) {
                    reds += usize::from(red(p));
                    blues += usize::from(blue(p));
                } else {
                    stray += 1;
                }
            }
        }
    }
    assert!(reds > 200, "{reds} red pixels of the seal");
    assert!(blues > 50, "{blues} blue pixels of the signature");
    assert_eq!(stray, 0, "coloured pixels outside the images' boxes");
    // The SVG holds both images, inline, in the same boxes.
    let svg = preview::svg(page, engine().fonts()).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let placed: Vec<(f32, f32)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("image"))
        .inspect(|n| {
            assert!(
                n.attribute("href")
                    .unwrap()
                    .starts_with("data:image/png;base64,iVBOR")
            )
        })
        .map(|n| {
            (
                n.attribute("x").unwrap().parse().unwrap(),
                n.attribute("y").unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(placed.len(), 2);
    for ((x, y), &(bx, by, ..)) in placed.iter().zip(&boxes) {
        assert!((x - bx).abs() < 0.01 && (y - by).abs() < 0.01);
    }
    // The seal's red lies in the seal's box, the signature's blue in its own.
    for &(bx, by, bw, bh, kind) in &boxes {
        let count = |f: &dyn Fn([u8; 3]) -> bool| {
            let (x0, y0) = (bx as usize, by as usize);
            let (x1, y1) = ((bx + bw) as usize, (by + bh) as usize);
            (y0..y1.min(img.h))
                .flat_map(|y| (x0..x1.min(img.w)).map(move |x| (x, y)))
                .filter(|&(x, y)| f(img.px[y * img.w + x]))
                .count()
        };
        match kind {
            vanban::doc::ImageKind::Seal => assert!(count(&red) > 200, "{kind:?}"),
            vanban::doc::ImageKind::Signature => assert!(count(&blue) > 50, "{kind:?}"),
        }
    }
}

#[test]
fn the_svg_is_xml_with_a_path_per_text_run_and_the_page_size() {
    let page = &seed().pages[0];
    let svg = preview::svg(page, engine().fonts()).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let view: Vec<f32> = root
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(view.len(), 4);
    assert!((view[2] - page.width).abs() < 0.01 && (view[3] - page.height).abs() < 0.01);
    assert_eq!(
        root.attribute("width"),
        Some(format!("{}pt", view[2]).as_str())
    );
    assert_eq!(
        root.attribute("height"),
        Some(format!("{}pt", view[3]).as_str())
    );
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("image"))
            .count(),
        0,
        "the seed has no images"
    );
    let of = |class: &str| {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .collect::<Vec<_>>()
    };
    let runs = page
        .items
        .iter()
        .filter(|(_, i)| matches!(i, Item::Text(t) if t.text.chars().any(|c| !c.is_whitespace())))
        .count();
    let rules = page
        .items
        .iter()
        .filter(|(_, i)| matches!(i, Item::Rule(_)))
        .count();
    assert!(runs > 30);
    assert_eq!(of("text").len(), runs, "one path per text run");
    assert!(of("text").iter().all(|p| {
        p.tag_name().name() == "path"
            && p.attribute("d")
                .is_some_and(|d| d.starts_with('M') && d.ends_with('Z'))
    }));
    assert_eq!(of("rule").len(), rules);
}

#[test]
fn pages_and_resolutions_out_of_range_are_errors() {
    let path = fixture("minimal.json");
    let json = std::fs::read(&path).unwrap();
    let name = path.display().to_string();
    let o = vanban::RenderOptions::default();
    let count = engine().pages(&json, &name, &o).unwrap().len();
    let e = engine()
        .preview(&json, &name, &o, count, Format::Png { dpi: 96.0 })
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!("no page {}", count + 1)) && e.contains(&format!("has {count} page")),
        "{e}"
    );
    for dpi in [9.9, 601.0, f32::NAN, f32::INFINITY, -96.0] {
        let e = engine()
            .preview(&json, &name, &o, 0, Format::Png { dpi })
            .unwrap_err()
            .to_string();
        assert!(e.contains("10 to 600 dpi"), "{dpi}: {e}");
    }
    // A0 at 600 dpi would be about 19867×28088 = 558 M pixels: over the limit.
    let a0 = Page {
        width: 2383.94,
        height: 3370.39,
        section: 0,
        items: Vec::new(),
    };
    let e = preview::png(&a0, engine().fonts(), 600.0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("50000000 pixels"), "{e}");
    assert!(preview::png(&a0, engine().fonts(), 100.0).is_ok());
}

#[test]
fn the_command_line_refuses_a_missing_page_or_a_bad_resolution_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.png");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vanban"))
            .arg("preview")
            .arg(fixture("minimal.json"))
            .args(args)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap()
    };
    for args in [&["--page", "99"][..], &["--dpi", "1000"], &["--dpi", "5"]] {
        let o = run(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("preview:"), "{err}");
        assert!(!out.exists(), "{args:?} wrote a file");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
    let o = run(&["--dpi", "30"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let img = decode(&std::fs::read(&out).unwrap());
    assert_eq!(
        (img.w, img.h),
        (249, 351),
        "A4 at 30 dpi, as pdftoppm sizes it"
    );
    let svg = dir.path().join("p.svg");
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("preview")
        .arg(fixture("minimal.json"))
        .arg("-o")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
}

#[test]
fn the_same_page_gives_the_same_bytes() {
    let page = &seed().pages[0];
    let fonts = engine().fonts();
    let a = preview::png(page, fonts, 50.0).unwrap();
    assert_eq!(a, preview::png(page, fonts, 50.0).unwrap());
    assert_eq!(
        preview::svg(page, fonts).unwrap(),
        preview::svg(page, fonts).unwrap()
    );
    assert!(a.starts_with(b"\x89PNG"));
}

#[test]
fn every_page_of_every_fixture_previews() {
    for path in fixtures() {
        let json = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let pages = engine()
            .pages(&json, &name, &vanban::RenderOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        for (i, page) in pages.iter().enumerate() {
            let png = preview::png(page, engine().fonts(), 12.0)
                .unwrap_or_else(|e| panic!("{name} page {}: {e}", i + 1));
            let img = decode(&png);
            assert!(
                (0..img.h).any(|y| (0..img.w).any(|x| img.gray(x, y) < 200)),
                "{name} page {} is blank",
                i + 1
            );
            let svg = preview::svg(page, engine().fonts()).unwrap();
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
