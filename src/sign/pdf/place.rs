//! Where a signature goes, by role: the signer's existing field, the
//! agency's new seal field over the signer's image, an attachment's new
//! field at the top right of page 1; each widget with its appearance.

use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId};

use super::{MAX_STREAM, text, text_of, vietnam};
use crate::compose::signbox::{self, SignBox};
use crate::error::{Error, Result};
use crate::layout::MM;
use crate::sign::appearance::{self, Image};
use crate::sign::{Role, SignOptions};

/// A signature field of the PDF (a field merged with its one widget, as
/// vanban writes them).
#[derive(Debug, Clone)]
struct Field {
    id: ObjectId,
    name: String,
    signed: bool,
    rect: [f32; 4],
    appearance: Option<ObjectId>,
}

/// The size of an attachment signature's text (Nghị định 30/2020: 10 pt).
const ATTACHMENT_PT: f32 = 10.0;

/// Adds the widget for `options.role`, its `/V` the signature dictionary
/// `sig`; returns the field's name.
pub(super) fn place(
    inc: &mut IncrementalDocument,
    options: &SignOptions,
    sig: ObjectId,
) -> Result<String> {
    let prev = inc.get_prev_documents();
    let fields = fields(prev);
    let pages: Vec<ObjectId> = prev.get_pages().into_values().collect();
    // The page vanban rendered was laid out by the built-in layout: its
    // rules place the images (and its margins the attachment's text).
    let layout = crate::layout::Layout::nd30()?;
    let rules = signbox::Rules::of(&layout.closing);
    match &options.role {
        Role::Signer { field, image } => {
            let f = signer_field(&fields, field.as_deref())?.clone();
            page_of(prev, &pages, f.id)?;
            usable(&f)?;
            let [x1, y1, x2, y2] = f.rect;
            let (w, h) = (x2 - x1, y2 - y1);
            let ap = match image {
                Some(png) => {
                    let img = Image::from_png(png, "signature")?;
                    let b = signbox::signature_box(w, h, Some(img.aspect()), &rules);
                    appearance::image(&mut inc.new_document, w, h, &img, from_top(&b, h))?
                }
                None => appearance::empty(&mut inc.new_document, w, h)?,
            };
            let widget = updated(inc, f.id)?;
            widget.set("V", Object::Reference(sig));
            widget.set("AP", normal(ap));
            acroform(inc, None)?;
            Ok(f.name)
        }
        Role::Agency {
            seal,
            seal_mm,
            over,
            name: agency,
        } => {
            let img = Image::from_png(seal, "seal")?;
            let mm = seal_mm.unwrap_or(layout.closing.seal_mm);
            if !(10.0..=80.0).contains(&mm) {
                return Err(Error::Sign(crate::msg!(
                    "sign-seal-size",
                    mm = mm.to_string()
                )));
            }
            let target = over_field(&fields, over.as_deref())?;
            let page = page_of(prev, &pages, target.id)?;
            usable(target)?;
            let sig_box = image_box(prev, target, &rules);
            let b = signbox::seal_box(&sig_box, mm * MM, img.aspect(), &rules);
            // From the space's top-left corner to page space (y up).
            let [x1, _, _, y2] = target.rect;
            let rect = [x1 + b.x, y2 - b.y - b.height, x1 + b.x + b.width, y2 - b.y];
            let name = free_name(&fields, "Seal");
            let ap = appearance::image(
                &mut inc.new_document,
                b.width,
                b.height,
                &img,
                [0.0, 0.0, b.width, b.height],
            )?;
            let described = format!("Con dấu của {agency}");
            new_field(inc, &name, &described, page, rect, sig, ap)?;
            Ok(name)
        }
        Role::Attachment { name, lines } => {
            let page = *pages
                .first()
                .ok_or_else(|| Error::Sign(crate::msg!("sign-no-page")))?;
            let media = media_box(prev, page);
            let margins = layout.page.margin_mm;
            let mut shown = vec![name.clone()];
            shown.extend(lines.iter().cloned());
            let t = vietnam(options.time);
            let (oh, om, _) = t.offset().as_hms();
            shown.push(format!(
                "{:02}.{:02}.{:04} {:02}:{:02}:{:02} {}{:02}:{:02}",
                t.day(),
                u8::from(t.month()),
                t.year(),
                t.hour(),
                t.minute(),
                t.second(),
                if t.offset().is_negative() { '-' } else { '+' },
                oh.unsigned_abs(),
                om.unsigned_abs()
            ));
            let [page_left, _, page_right, page_top] = media;
            // 10 pt, unless a line is longer than half the text's width: then
            // smaller, so that the block stays in the top right corner and
            // off the header's left column.
            let room = (page_right - page_left - (margins.left + margins.right) * MM) / 2.0;
            let mut block = appearance::text_block(&shown, ATTACHMENT_PT)?;
            if block.width > room && room > 0.0 {
                block = appearance::text_block(&shown, ATTACHMENT_PT * room / block.width)?;
            }
            let right = page_right - margins.right * MM;
            let top_margin = margins.top * MM;
            // In the top margin, centred in it when it fits there with
            // 3 mm to spare each side; else from 3 mm under the top edge.
            let top = if block.height + 6.0 * MM <= top_margin {
                page_top - (top_margin - block.height) / 2.0
            } else {
                page_top - 3.0 * MM
            };
            let rect = [right - block.width, top - block.height, right, top];
            let ap = appearance::form(
                &mut inc.new_document,
                block.width,
                block.height,
                Dictionary::new(),
                &block.content,
            )?;
            let field = free_name(&fields, "Attachment");
            let described = format!("Chữ ký số của {}", shown.join(", "));
            new_field(inc, &field, &described, page, rect, sig, ap)?;
            Ok(field)
        }
    }
}

/// The signer's field: `name`, or the first unsigned one.
fn signer_field<'a>(fields: &'a [Field], name: Option<&str>) -> Result<&'a Field> {
    let signers: Vec<&Field> = fields.iter().filter(|f| !is_added(f)).collect();
    let names = || {
        let n: Vec<String> = signers
            .iter()
            .map(|f| format!("{}{}", f.name, if f.signed { " (signed)" } else { "" }))
            .collect();
        if n.is_empty() {
            "none".to_string()
        } else {
            n.join(", ")
        }
    };
    match name {
        Some(want) => {
            let f = signers.iter().find(|f| f.name == want).ok_or_else(|| {
                Error::Sign(crate::msg!(
                    "sign-no-such-field",
                    want = want,
                    fields = names()
                ))
            })?;
            if f.signed {
                return Err(Error::Sign(crate::msg!(
                    "sign-field-signed",
                    want = want,
                    fields = names()
                )));
            }
            Ok(f)
        }
        None => signers
            .iter()
            .copied()
            .find(|f| !f.signed)
            .ok_or_else(|| Error::Sign(crate::msg!("sign-no-free-field", fields = names()))),
    }
}

/// The signer's field the seal goes over: `name`, else the last signed,
/// else the first.
fn over_field<'a>(fields: &'a [Field], name: Option<&str>) -> Result<&'a Field> {
    let signers: Vec<&Field> = fields.iter().filter(|f| !is_added(f)).collect();
    let found = match name {
        Some(want) => signers.iter().copied().find(|f| f.name == want),
        None => signers
            .iter()
            .copied()
            .rev()
            .find(|f| f.signed)
            .or_else(|| signers.first().copied()),
    };
    found.ok_or_else(|| {
        let n: Vec<&str> = signers.iter().map(|f| f.name.as_str()).collect();
        Error::Sign(crate::msg!(
            "sign-no-seal-target",
            name = name.map(|n| format!("`{n}` ")).unwrap_or_default(),
            fields = if n.is_empty() {
                "none".to_string()
            } else {
                n.join(", ")
            }
        ))
    })
}

/// The fields vanban adds when signing (seals, attachments), not the
/// signers' spaces that `render` made.
fn is_added(f: &Field) -> bool {
    f.name.starts_with("Seal") || f.name.starts_with("Attachment")
}

/// A field with a real size on the page (not empty, not absurd).
fn usable(f: &Field) -> Result<()> {
    let [x1, y1, x2, y2] = f.rect;
    let (w, h) = (x2 - x1, y2 - y1);
    let sane = |v: f32| v.is_finite() && v > 0.5 && v < 14_400.0;
    if sane(w) && sane(h) && [x1, y1, x2, y2].iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(Error::Sign(crate::msg!(
            "sign-field-no-size",
            field = &f.name,
            rect = format!("{:?}", f.rect)
        )))
    }
}

/// `prefix1`, `prefix2`, …: the first name no field has.
fn free_name(fields: &[Field], prefix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|n| fields.iter().all(|f| &f.name != n))
        .unwrap_or_else(|| prefix.to_string())
}

/// The signer's image box in the field's space (from its top-left corner):
/// read from the `cm` of the appearance vanban wrote, else the nominal box
/// compose would use for that space.
fn image_box(doc: &Document, f: &Field, rules: &signbox::Rules) -> SignBox {
    let [x1, y1, x2, y2] = f.rect;
    let (w, h) = (x2 - x1, y2 - y1);
    let written = f
        .appearance
        .and_then(|id| doc.get_object(id).ok())
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| {
            if s.dict.has(b"Filter") {
                s.decompressed_content_with_limit(MAX_STREAM).ok()
            } else {
                Some(s.content.clone())
            }
        })
        .and_then(|c| appearance::image_place(&c));
    match written {
        Some([x, y, bw, bh]) => SignBox {
            x,
            y: h - y - bh,
            width: bw,
            height: bh,
        },
        None => signbox::signature_box(w, h, None, rules),
    }
}

/// `[x, y, w, h]` from the bottom-left corner of a space `height` high.
fn from_top(b: &SignBox, height: f32) -> [f32; 4] {
    [b.x, height - b.y - b.height, b.width, b.height]
}

/// The signature fields listed in the AcroForm.
fn fields(doc: &Document) -> Vec<Field> {
    let Some(form) = acroform_of(doc) else {
        return Vec::new();
    };
    let list = match form.get(b"Fields").map(|o| deref(doc, o)) {
        Ok(Object::Array(list)) => list,
        _ => return Vec::new(),
    };
    list.iter()
        .filter_map(|o| o.as_reference().ok())
        .filter_map(|id| Some((id, doc.get_dictionary(id).ok()?)))
        .filter(|(_, d)| d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice()))
        .map(|(id, d)| Field {
            id,
            name: d.get(b"T").map(text_of).unwrap_or_default(),
            signed: d.has(b"V"),
            rect: rect_of(doc, d.get(b"Rect").ok()),
            appearance: d
                .get(b"AP")
                .ok()
                .and_then(|ap| deref(doc, ap).as_dict().ok())
                .and_then(|ap| ap.get(b"N").ok())
                .and_then(|n| n.as_reference().ok()),
        })
        .collect()
}

fn acroform_of(doc: &Document) -> Option<&Dictionary> {
    let catalog = doc.catalog().ok()?;
    deref(doc, catalog.get(b"AcroForm").ok()?).as_dict().ok()
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn rect_of(doc: &Document, o: Option<&Object>) -> [f32; 4] {
    let nums: Vec<f32> = match o.map(|o| deref(doc, o)) {
        Some(Object::Array(a)) => a.iter().filter_map(|n| n.as_float().ok()).collect(),
        _ => Vec::new(),
    };
    match nums.as_slice() {
        [a, b, c, d] => [a.min(*c), b.min(*d), a.max(*c), b.max(*d)],
        _ => [0.0; 4],
    }
}

fn media_box(doc: &Document, page: ObjectId) -> [f32; 4] {
    // A4 portrait when the page gives none (krilla always writes one).
    let a4 = [0.0, 0.0, 595.28, 841.89];
    let b = doc
        .get_dictionary(page)
        .ok()
        .and_then(|d| d.get(b"MediaBox").ok())
        .map(|o| rect_of(doc, Some(o)));
    match b {
        Some([x1, y1, x2, y2]) if x2 > x1 && y2 > y1 => [x1, y1, x2, y2],
        _ => a4,
    }
}

/// The page that holds the widget `widget`: its `/P`, checked against the
/// page tree, else the page whose `/Annots` lists it.
fn page_of(doc: &Document, pages: &[ObjectId], widget: ObjectId) -> Result<ObjectId> {
    let listed = |page: &ObjectId| {
        doc.get_dictionary(*page)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| deref(doc, a).as_array().ok())
            .is_some_and(|a| a.iter().any(|o| o.as_reference().ok() == Some(widget)))
    };
    let p = doc
        .get_dictionary(widget)
        .ok()
        .and_then(|d| d.get(b"P").ok())
        .and_then(|p| p.as_reference().ok());
    match p {
        Some(p) if pages.contains(&p) => Ok(p),
        _ => pages.iter().copied().find(listed).ok_or_else(|| {
            Error::Sign(crate::msg!(
                "sign-field-no-page",
                object = widget.0,
                pages = pages.len()
            ))
        }),
    }
}

/// A new printable signature field on `page`, its widget painted after
/// every annotation already there; `described` is what it shows, in words
/// (its `/TU`, read out by a screen reader).
fn new_field(
    inc: &mut IncrementalDocument,
    name: &str,
    described: &str,
    page: ObjectId,
    rect: [f32; 4],
    sig: ObjectId,
    ap: ObjectId,
) -> Result<()> {
    let widget = Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", text(name)),
        ("TU", text(described)),
        // Print (bit 3) only: visible, printed, never hidden.
        ("F", Object::Integer(4)),
        (
            "Rect",
            Object::Array(rect.iter().map(|&v| real(v)).collect()),
        ),
        ("P", Object::Reference(page)),
        ("V", Object::Reference(sig)),
        ("AP", normal(ap)),
    ]);
    let id = inc.new_document.add_object(widget);
    let existing = updated(inc, page)?.get(b"Annots").ok().cloned();
    match existing {
        Some(Object::Reference(list)) => {
            inc.opt_clone_object_to_new_document(list)
                .map_err(lopdf_error)?;
            inc.new_document
                .get_object_mut(list)
                .and_then(Object::as_array_mut)
                .map_err(lopdf_error)?
                .push(Object::Reference(id));
        }
        other => {
            let mut a = match other {
                Some(Object::Array(a)) => a,
                _ => Vec::new(),
            };
            a.push(Object::Reference(id));
            updated(inc, page)?.set("Annots", Object::Array(a));
        }
    }
    acroform(inc, Some(id))
}

/// `/SigFlags 3` on the AcroForm (signatures exist, append only) and
/// `field` added to its `/Fields`.
fn acroform(inc: &mut IncrementalDocument, field: Option<ObjectId>) -> Result<()> {
    let catalog = inc
        .get_prev_documents()
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(lopdf_error)?;
    let form_ref = updated(inc, catalog)?
        .get(b"AcroForm")
        .ok()
        .and_then(|o| o.as_reference().ok());
    let form: &mut Dictionary = match form_ref {
        Some(id) => updated(inc, id)?,
        None => {
            let c = updated(inc, catalog)?;
            if !matches!(c.get(b"AcroForm"), Ok(Object::Dictionary(_))) {
                c.set("AcroForm", Object::Dictionary(Dictionary::new()));
            }
            c.get_mut(b"AcroForm")
                .and_then(Object::as_dict_mut)
                .map_err(lopdf_error)?
        }
    };
    form.set("SigFlags", Object::Integer(3));
    if let Some(id) = field {
        let mut list = match form.get(b"Fields") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        list.push(Object::Reference(id));
        form.set("Fields", Object::Array(list));
    }
    Ok(())
}

/// The object `id` as the update will write it: copied from the previous
/// revision the first time, then edited in place.
fn updated(inc: &mut IncrementalDocument, id: ObjectId) -> Result<&mut Dictionary> {
    inc.opt_clone_object_to_new_document(id)
        .map_err(lopdf_error)?;
    inc.new_document
        .get_object_mut(id)
        .and_then(Object::as_dict_mut)
        .map_err(lopdf_error)
}

fn normal(ap: ObjectId) -> Object {
    Object::Dictionary(Dictionary::from_iter([("N", Object::Reference(ap))]))
}

fn real(v: f32) -> Object {
    // Two decimals: stable bytes, far finer than a signature needs.
    Object::Real((v * 100.0).round() / 100.0)
}

fn lopdf_error(e: lopdf::Error) -> Error {
    Error::Sign(crate::msg!("sign-structure-update", reason = e.to_string()))
}
