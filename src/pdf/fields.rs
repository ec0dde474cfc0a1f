//! Empty digital-signature fields (AcroForm `/FT /Sig` widgets), one per
//! signer, over the signature space, so that the signer's tool (VGCA Sign,
//! Adobe Acrobat, …) signs in place.
//!
//! krilla 0.8 writes no form fields, so they are added to its finished file
//! as an incremental update (ISO 32000-1, 7.5.6) with lopdf: the catalog
//! gains `/AcroForm`, each page its `/Annots`. This is how signing tools
//! change a file too, and it leaves krilla's bytes, XMP and `/ID` untouched,
//! so PDF/A conformance holds (each widget is printable and has its own
//! appearance stream, as PDF/A-2 requires). In a tagged file each widget
//! joins its signer's `Form` structure element (found by its `/ID`), as an
//! object reference, with a `/StructParent` back to it (PDF/UA-1, 7.18.4).

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, Stream, StringFormat};

use crate::error::{Error, Result};

/// Where a signature field goes.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpot {
    /// The page, from 0.
    pub page: usize,
    /// `[x1, y1, x2, y2]` in PDF user space (points, y up).
    pub rect: [f32; 4],
    /// The signer, from 0; the field is named `Signature{signer + 1}`.
    pub signer: usize,
    /// Shown by viewers when pointing at the field.
    pub tooltip: String,
}

/// The field name of a signer's signature field.
pub fn field_name(signer: usize) -> String {
    format!("Signature{}", signer + 1)
}

/// Appends the signature fields to `pdf`; `tagged`: join each widget to
/// its `Form` element in the structure tree.
pub fn add_signature_fields(pdf: Vec<u8>, spots: &[FieldSpot], tagged: bool) -> Result<Vec<u8>> {
    let fail = |e: lopdf::Error| Error::Pdf(format!("cannot add the signature fields: {e}").into());
    let prev = lopdf::Document::load_mem(&pdf).map_err(fail)?;
    let pages: Vec<ObjectId> = prev.get_pages().into_values().collect();
    let catalog_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(fail)?;
    let forms = match tagged {
        true => Some(Forms::find(&prev, catalog_id).map_err(fail)?),
        false => None,
    };
    let mut inc = IncrementalDocument::create_from(pdf, prev);
    let mut field_refs = Vec::with_capacity(spots.len());
    let mut joined = Vec::new();
    for spot in spots {
        let page_id = *pages.get(spot.page).ok_or_else(|| {
            Error::Pdf(
                format!(
                    "a signature field is on page {} of {}",
                    spot.page + 1,
                    pages.len()
                )
                .into(),
            )
        })?;
        let [x1, y1, x2, y2] = spot.rect;
        let (w, h) = (x2 - x1, y2 - y1);
        // An empty, printable appearance: the space stays blank on paper
        // until the signer's tool draws the signature.
        let appearance = inc.new_document.add_object(Stream::new(
            Dictionary::from_iter([
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Form".to_vec())),
                ("BBox", rect(0.0, 0.0, w, h)),
                ("Resources", Object::Dictionary(Dictionary::new())),
            ]),
            Vec::new(),
        ));
        let widget = Dictionary::from_iter([
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            ("FT", Object::Name(b"Sig".to_vec())),
            ("T", text(&field_name(spot.signer))),
            ("TU", text(&tooltip(&spot.tooltip))),
            // Print (bit 3) only: visible, printed, never hidden.
            ("F", Object::Integer(4)),
            ("Rect", rect(x1, y1, x2, y2)),
            ("P", Object::Reference(page_id)),
            (
                "AP",
                Object::Dictionary(Dictionary::from_iter([(
                    "N",
                    Object::Reference(appearance),
                )])),
            ),
        ]);
        let field = inc.new_document.add_object(widget);
        field_refs.push(field);
        if let Some(form) = forms.as_ref().and_then(|f| f.form(spot.signer)) {
            joined.push((field, form, page_id));
        }
        let page = updated_dict(&mut inc, page_id).map_err(fail)?;
        let mut annots = match page.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        annots.push(Object::Reference(field));
        page.set("Annots", Object::Array(annots));
    }
    if let Some(forms) = &forms {
        forms.join(&mut inc, &joined).map_err(fail)?;
    }
    let catalog = updated_dict(&mut inc, catalog_id).map_err(fail)?;
    catalog.set(
        "AcroForm",
        Object::Dictionary(Dictionary::from_iter([(
            "Fields",
            Object::Array(field_refs.into_iter().map(Object::Reference).collect()),
        )])),
    );
    let mut out = Vec::new();
    inc.save_to(&mut out)
        .map_err(|e| Error::Pdf(format!("cannot add the signature fields: {e}").into()))?;
    Ok(out)
}

/// The structure tree's `Form` elements that krilla wrote for the fields,
/// by their `/ID`s, and where the parent tree goes on.
struct Forms {
    root: ObjectId,
    /// (the `/ID`'s bytes, the element).
    ids: Vec<(Vec<u8>, ObjectId)>,
}

impl Forms {
    fn find(doc: &lopdf::Document, catalog: ObjectId) -> lopdf::Result<Self> {
        let root = doc
            .get_dictionary(catalog)?
            .get(b"StructTreeRoot")?
            .as_reference()?;
        let names = doc
            .get_dictionary(root)?
            .get(b"IDTree")
            .and_then(|t| doc.dereference(t))
            .and_then(|(_, t)| t.as_dict())
            .and_then(|t| t.get(b"Names"))
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        let ids = names
            .chunks(2)
            .filter_map(|pair| match pair {
                [Object::String(id, _), Object::Reference(r)] => Some((id.clone(), *r)),
                _ => None,
            })
            .collect();
        Ok(Self { root, ids })
    }

    /// Signer `signer`'s `Form` element.
    fn form(&self, signer: usize) -> Option<ObjectId> {
        let id = super::tag::form_id_bytes(signer);
        self.ids.iter().find(|(i, _)| *i == id).map(|(_, r)| *r)
    }

    /// Each (widget, form, page): the widget becomes the form's object
    /// reference and gets the next `/StructParent`, which the parent tree
    /// maps back to the form.
    fn join(
        &self,
        inc: &mut IncrementalDocument,
        joined: &[(ObjectId, ObjectId, ObjectId)],
    ) -> lopdf::Result<()> {
        if joined.is_empty() {
            return Ok(());
        }
        let root = updated_dict(inc, self.root)?.clone();
        let mut next = root.get(b"ParentTreeNextKey")?.as_i64()?;
        let tree_ref = root.get(b"ParentTree")?.as_reference().ok();
        let mut tree = match tree_ref {
            Some(r) => updated_dict(inc, r)?.clone(),
            None => root.get(b"ParentTree")?.as_dict()?.clone(),
        };
        let mut nums = tree.get(b"Nums")?.as_array()?.clone();
        let mut released = Vec::new();
        for &(widget, form, page) in joined {
            inc.new_document
                .get_object_mut(widget)
                .and_then(Object::as_dict_mut)?
                .set("StructParent", Object::Integer(next));
            let objr = Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Obj", Object::Reference(widget)),
                ("Pg", Object::Reference(page)),
            ]));
            // The widget is the element's only child (7.18.4): the empty
            // marked content that gave it its place is let go.
            let elem = updated_dict(inc, form)?;
            let placeholder = elem.get(b"K").ok().and_then(|k| k.as_i64().ok());
            elem.set("K", objr);
            if let Some(mcid) = placeholder {
                released.push((page, mcid));
            }
            nums.push(Object::Integer(next));
            nums.push(Object::Reference(form));
            next += 1;
        }
        for (page, mcid) in released {
            release(inc, &mut nums, page, mcid)?;
        }
        tree.set("Nums", Object::Array(nums));
        let root_dict = updated_dict(inc, self.root)?;
        root_dict.set("ParentTreeNextKey", Object::Integer(next));
        match tree_ref {
            Some(r) => *updated_dict(inc, r)? = tree,
            None => root_dict.set("ParentTree", Object::Dictionary(tree)),
        }
        Ok(())
    }
}

/// Empties the parent tree's slot for marked content `mcid` of `page`
/// (its page array, found by the page's `/StructParents` key in `nums`),
/// which pointed at a `Form` element that no longer holds it.
fn release(
    inc: &mut IncrementalDocument,
    nums: &mut [Object],
    page: ObjectId,
    mcid: i64,
) -> lopdf::Result<()> {
    let key = inc
        .get_prev_documents()
        .get_dictionary(page)?
        .get(b"StructParents")?
        .as_i64()?;
    let Some(at) = nums
        .chunks(2)
        .position(|pair| pair.first().and_then(|k| k.as_i64().ok()) == Some(key))
    else {
        return Ok(());
    };
    let Ok(slot) = usize::try_from(mcid) else {
        return Ok(());
    };
    match nums.get_mut(at * 2 + 1) {
        Some(Object::Reference(r)) => {
            let r = *r;
            inc.opt_clone_object_to_new_document(r)?;
            if let Some(v) = inc
                .new_document
                .get_object_mut(r)?
                .as_array_mut()?
                .get_mut(slot)
            {
                *v = Object::Null;
            }
        }
        Some(Object::Array(a)) => {
            if let Some(v) = a.get_mut(slot) {
                *v = Object::Null;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The dictionary `id` as the update will write it: copied from the
/// previous revision the first time, then edited in place.
fn updated_dict(inc: &mut IncrementalDocument, id: ObjectId) -> lopdf::Result<&mut Dictionary> {
    inc.opt_clone_object_to_new_document(id)?;
    inc.new_document
        .get_object_mut(id)
        .and_then(Object::as_dict_mut)
}

fn rect(x1: f32, y1: f32, x2: f32, y2: f32) -> Object {
    // Two decimals: stable bytes, far finer than a signature needs.
    let r = |v: f32| Object::Real((v * 100.0).round() / 100.0);
    Object::Array(vec![r(x1), r(y1), r(x2), r(y2)])
}

/// The most characters of a field's tooltip (the signer's position and
/// name): a PDF/A string holds at most 32,767 bytes, and lopdf, which
/// writes the fields after krilla, checks none; a tooltip is read by a
/// person, so a longer one is cut, with `…`.
const MAX_TOOLTIP: usize = 1000;

fn tooltip(s: &str) -> String {
    match s.char_indices().nth(MAX_TOOLTIP) {
        Some((cut, _)) => format!("{}…", s.get(..cut).unwrap_or_default()),
        None => s.to_string(),
    }
}

/// A PDF text string: PDFDocEncoding would do for ASCII, UTF-16BE with a
/// byte order mark for everything else (Vietnamese names).
fn text(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tooltip_fits_a_pdf_a_string() {
        assert_eq!(
            tooltip("CHỦ TỊCH Nguyễn Văn Hùng"),
            "CHỦ TỊCH Nguyễn Văn Hùng"
        );
        let long = "Ễ".repeat(40_000);
        let t = tooltip(&long);
        assert_eq!(t.chars().count(), MAX_TOOLTIP + 1);
        let Object::String(bytes, _) = text(&t) else {
            panic!("a string");
        };
        assert!(bytes.len() <= 32_767, "{}", bytes.len());
    }
}
