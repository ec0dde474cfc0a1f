//! A PDF generator for the `extract` target: the fuzzer's bytes choose a
//! file of a catalog with `/AF` and an `/EmbeddedFiles` name tree (kids by
//! reference to any object, itself included: loops and shared nodes), file
//! specifications with names in PDFDocEncoding or UTF-16, an attached
//! stream stored, deflated or under another filter, objects moved into an
//! object stream, and an xref table right, off by some bytes, or missing.

use arbitrary::{Result, Unstructured};

use crate::docx_gen::stored_zlib;

/// What the attachment holds: JSON, a near miss, or the fuzzer's bytes.
fn payload(u: &mut Unstructured) -> Result<Vec<u8>> {
    Ok(match u.int_in_range(0..=4)? {
        0 => br#"{"kind": "cong-van", "subject": "x"}"#.to_vec(),
        1 => b"\xEF\xBB\xBF{}".to_vec(),
        2 => b"{\"a\": [1, 2".to_vec(),
        3 => "[".repeat(u.int_in_range(1..=300)?).into_bytes(),
        _ => u.arbitrary()?,
    })
}

fn reference(u: &mut Unstructured, objects: usize) -> Result<String> {
    Ok(format!("{} 0 R", u.int_in_range(0..=objects + 1)?))
}

/// A PDF from the fuzzer's bytes (or the bytes themselves, now and then).
pub fn pdf(u: &mut Unstructured) -> Result<Vec<u8>> {
    if u.ratio(1, 16)? {
        let mut raw = b"%PDF-1.7\n".to_vec();
        raw.extend(u.arbitrary::<Vec<u8>>()?);
        return Ok(raw);
    }
    // Objects 1..: catalog, pages, page, then the tree, specs and streams.
    let mut objects: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
    ];
    let planned = u.int_in_range(1..=12)?;
    let total = 3 + planned;
    let name = |u: &mut Unstructured| -> Result<String> {
        Ok(match u.int_in_range(0..=3)? {
            0 => "(vanban-source.json)".into(),
            1 => "<FEFF00760061006E00620061006E002D0073006F0075007200630065002E006A0073006F006E>"
                .into(),
            2 => "(other.json)".into(),
            _ => format!("<{}>", u.arbitrary::<u32>()?),
        })
    };
    for _ in 0..planned {
        let body = match u.int_in_range(0..=4)? {
            // A name-tree node.
            0 => {
                let mut kids = String::new();
                for _ in 0..u.int_in_range(0..=4)? {
                    kids.push_str(&reference(u, total)?);
                    kids.push(' ');
                }
                let mut names = String::new();
                for _ in 0..u.int_in_range(0..=3)? {
                    names.push_str(&format!("{} {} ", name(u)?, reference(u, total)?));
                }
                format!("<< /Kids [{kids}] /Names [{names}] >>").into_bytes()
            }
            // A file specification.
            1 | 2 => {
                let ef = reference(u, total)?;
                let rel = if u.ratio(1, 2)? {
                    "/AFRelationship /Source"
                } else {
                    ""
                };
                format!(
                    "<< /Type /Filespec /F {} /UF {} {rel} /EF << /F {ef} /UF {ef} >> >>",
                    name(u)?,
                    name(u)?
                )
                .into_bytes()
            }
            // An attached stream.
            _ => {
                let data = payload(u)?;
                let (filter, data) = match u.int_in_range(0..=4)? {
                    0 => ("", data),
                    1 | 2 => ("/Filter /FlateDecode", stored_zlib(&data)),
                    3 => (
                        "/Filter [/FlateDecode] /DecodeParms << /Predictor 12 >>",
                        stored_zlib(&data),
                    ),
                    _ => ("/Filter /ASCIIHexDecode", data),
                };
                let mut s = format!(
                    "<< /Type /EmbeddedFile {filter} /Length {} >>\nstream\n",
                    data.len()
                )
                .into_bytes();
                s.extend_from_slice(&data);
                s.extend_from_slice(b"\nendstream");
                s
            }
        };
        objects.push(body);
    }
    let af = if u.ratio(1, 2)? {
        format!("/AF [{} {}]", reference(u, total)?, reference(u, total)?)
    } else {
        String::new()
    };
    let tree = if u.ratio(1, 2)? {
        reference(u, total)?
    } else {
        format!(
            "<< /Names [(vanban-source.json) {}] >>",
            reference(u, total)?
        )
    };
    if let Some(c) = objects.first_mut() {
        *c = format!("<< /Type /Catalog /Pages 2 0 R {af} /Names << /EmbeddedFiles {tree} >> >>")
            .into_bytes();
    }
    // Some objects (never a stream) moved into an object stream.
    let mut in_stream: Vec<usize> = Vec::new();
    if u.ratio(1, 3)? {
        for (i, o) in objects.iter().enumerate() {
            if !o.windows(6).any(|w| w == b"stream") && u.ratio(1, 2)? {
                in_stream.push(i);
            }
        }
    }
    write(u, &objects, &in_stream)
}

/// Serialises `objects` (1-based numbers), those of `in_stream` inside an
/// object stream, with an xref table or stream the fuzzer may break.
fn write(u: &mut Unstructured, objects: &[Vec<u8>], in_stream: &[usize]) -> Result<Vec<u8>> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = vec![0usize; objects.len()];
    for (i, body) in objects.iter().enumerate() {
        if in_stream.contains(&i) {
            continue;
        }
        if let Some(o) = offsets.get_mut(i) {
            *o = out.len();
        }
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let skew: i8 = u.arbitrary()?;
    let broken = u.ratio(1, 8)?;
    if in_stream.is_empty() {
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in &offsets {
            let o = if broken {
                o.saturating_add_signed(isize::from(skew))
            } else {
                *o
            };
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        return Ok(out);
    }
    // The object stream (number n+1), then an xref stream (n+2).
    let n = objects.len();
    let (mut header, mut body) = (String::new(), Vec::new());
    for &i in in_stream {
        header.push_str(&format!("{} {} ", i + 1, body.len()));
        if let Some(o) = objects.get(i) {
            body.extend_from_slice(o);
        }
        body.push(b'\n');
    }
    let mut data = header.clone().into_bytes();
    data.extend_from_slice(&body);
    let data = stored_zlib(&data);
    let objstm_at = out.len();
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<< /Type /ObjStm /N {} /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
            n + 1,
            in_stream.len(),
            header.len(),
            data.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    // Xref stream rows: type (1), field 2 (4 bytes), field 3 (2 bytes).
    let mut rows = vec![0u8, 0, 0, 0, 0, 0xFF, 0xFF];
    let mut index_in_stream = 0u16;
    for (i, o) in offsets.iter().enumerate() {
        if in_stream.contains(&i) {
            rows.push(2);
            rows.extend_from_slice(&((n + 1) as u32).to_be_bytes());
            rows.extend_from_slice(&index_in_stream.to_be_bytes());
            index_in_stream += 1;
        } else {
            rows.push(1);
            rows.extend_from_slice(&(*o as u32).to_be_bytes());
            rows.extend_from_slice(&0u16.to_be_bytes());
        }
    }
    rows.push(1);
    rows.extend_from_slice(&(objstm_at as u32).to_be_bytes());
    rows.extend_from_slice(&0u16.to_be_bytes());
    let xref_at = out.len();
    rows.push(1);
    rows.extend_from_slice(&(xref_at as u32).to_be_bytes());
    rows.extend_from_slice(&0u16.to_be_bytes());
    if broken {
        let i = u.choose_index(rows.len())?;
        if let Some(b) = rows.get_mut(i) {
            *b = b.wrapping_add(skew as u8);
        }
    }
    let rows = stored_zlib(&rows);
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<< /Type /XRef /Size {} /Root 1 0 R /W [1 4 2] /Filter /FlateDecode /Length {} >>\nstream\n",
            n + 2,
            n + 3,
            rows.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&rows);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Ok(out)
}
