//! The pre-scan's counts, on hand-made streams.

use super::*;
use crate::error::Error;
use std::io::Write;

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

fn file(streams: &[Vec<u8>]) -> Vec<u8> {
    let mut f = b"%PDF-1.7\n".to_vec();
    for s in streams {
        f.extend_from_slice(b"1 0 obj\n<< /Filter /FlateDecode >>\nstream\n");
        f.extend_from_slice(s);
        f.extend_from_slice(b"\nendstream\nendobj\n");
    }
    f
}

#[test]
fn streams_are_counted_inflated_and_in_number() {
    let mut limits = Limits {
        max_unpacked_bytes: 100_000,
        ..Limits::default()
    };
    let err = |d: crate::error::Diagnostic| Error::Pdf(d.to_string().into());
    // Two streams of 60,000 bytes: each under the limit, not together.
    let one = zlib(&[b'a'; 60_000]);
    assert!(check_streams(&file(std::slice::from_ref(&one)), &limits, err).is_ok());
    let e = check_streams(&file(&[one.clone(), one.clone()]), &limits, err).unwrap_err();
    assert!(e.to_string().contains("max_unpacked_bytes"), "{e}");
    // `endstream` is not a stream; three streams over a limit of two.
    limits.max_source_objects = 2;
    let small = zlib(b"x");
    assert!(check_streams(&file(&[small.clone(), small.clone()]), &limits, err).is_ok());
    let e = check_streams(&file(&[small.clone(), small.clone(), small]), &limits, err).unwrap_err();
    assert!(e.to_string().contains("max_source_objects"), "{e}");
    // Pages past four times max_pages, in the file or inflated.
    let mut few = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    let page = b"<< /Type /Page >>".repeat(9);
    let e = check_streams(&page, &few, err).unwrap_err();
    assert!(e.to_string().contains("max_pages"), "{e}");
    let e = check_streams(&file(&[zlib(&page)]), &few, err).unwrap_err();
    assert!(e.to_string().contains("max_pages"), "{e}");
    few.max_pages = 3;
    assert!(check_streams(&file(&[zlib(&page)]), &few, err).is_ok());
    // Data that is not zlib is passed over.
    assert!(check_streams(&file(&[b"BT /F1 12 Tf ET".to_vec()]), &limits, err).is_ok());
}

/// Streams with `dict` and `data`, in a file of numbered objects.
fn with(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut f = format!(
        "%PDF-1.7\n7 0 obj\n<< {dict} /Length {} >>\nstream\n",
        data.len()
    )
    .into_bytes();
    f.extend_from_slice(data);
    f.extend_from_slice(b"\nendstream\nendobj\n");
    f
}

fn hex(data: &[u8]) -> Vec<u8> {
    let mut s: Vec<u8> = data
        .iter()
        .flat_map(|b| format!("{b:02x}").into_bytes())
        .collect();
    s.push(b'>');
    s
}

/// Hand-made LZW (9-bit codes only, EarlyChange 1): a clear code, then
/// `codes`, then the end code, packed most significant bit first.
fn lzw_codes(codes: &[u16]) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut n) = (0u32, 0u32);
    for &c in std::iter::once(&256)
        .chain(codes)
        .chain(std::iter::once(&257))
    {
        acc = (acc << 9) | u32::from(c);
        n += 9;
        while n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
        }
    }
    if n > 0 {
        out.push((acc << (8 - n)) as u8);
    }
    out
}

/// Each filter decodes what hayro decodes: the counted bytes are the
/// decoded bytes, through chains of any order.
#[test]
fn every_filter_decodes_into_the_count() {
    let text = b"<< /Type /Page >> BT (hello) Tj ET ".repeat(20);
    let limits = Limits {
        max_pages: 1000,
        ..Limits::default()
    };
    let counted = |file: &[u8]| {
        let mut scan = Scan {
            limits: &limits,
            error: &|d: Diagnostic| Error::Pdf(d.to_string().into()),
            total: 0,
            tokens: Tokens::default(),
        };
        let dict = stream_dict(file.get(..find(file, b"stream").unwrap()).unwrap()).unwrap();
        let mut stages = chain(&dict).unwrap();
        let start = find(file, b"stream\n").unwrap() + 7;
        scan.decode(&mut stages, &file[start..]).unwrap();
        (scan.total, scan.tokens.pages)
    };
    let n = text.len() as u64;
    // Hex, then Flate (a hex stage's output counts too).
    let z = zlib(&text);
    let file = with("/Filter [/ASCIIHexDecode /FlateDecode]", &hex(&z));
    assert_eq!(counted(&file), (z.len() as u64 + n, 20));
    // `/F` names the filter as well as `/Filter`, abbreviations too.
    let file = with("/F /AHx", &hex(&text));
    assert_eq!(counted(&file), (n, 20));
    // Raw deflate (no zlib header) is inflated as hayro does.
    let raw = {
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        d.write_all(&text).unwrap();
        d.finish().unwrap()
    };
    assert_eq!(counted(&with("/Filter /FlateDecode", &raw)), (n, 20));
    // RunLength: a literal run and a repeat.
    let mut rl = vec![4, b'a', b'b', b'c', b'd', b'e', 129];
    rl.push(b'z');
    rl.push(128);
    assert_eq!(counted(&with("/Filter /RunLengthDecode", &rl)).0, 5 + 128);
    // ASCII85: `z` and a short last group.
    assert_eq!(counted(&with("/Filter /A85", b"z 87cURD]i~>")).0, 4 + 6);
    // LZW: codes 65 66 258 (`AB` then `AB` again from the table).
    assert_eq!(
        counted(&with("/Filter /LZWDecode", &lzw_codes(&[65, 66, 258]))).0,
        4
    );
}

/// Chains the scan cannot count as hayro would decode them are refused.
#[test]
fn uncountable_chains_are_refused() {
    let limits = Limits::default();
    let err = |d: Diagnostic| Error::Pdf(d.to_string().into());
    for dict in [
        "/Filter 9 0 R",
        "/Filter [/FlateDecode 9 0 R]",
        "/Filter /FlateDecode /DecodeParms 9 0 R",
        "/Filter [/FlateDecode /FlateDecode] /DecodeParms [<< /Predictor 12 >> null]",
        "/Filter [/AHx /AHx /AHx /AHx /AHx /AHx /AHx /AHx /AHx]",
        "/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 2 /Columns 5 >>",
    ] {
        let e = check_streams(&with(dict, b"00>"), &limits, err).unwrap_err();
        assert!(e.to_string().contains("cannot count"), "{dict}: {e}");
    }
    // A predictor on the last filter keeps the count an upper bound.
    let ok = with(
        "/Type /XRef /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>",
        &zlib(b"\x02abcd"),
    );
    assert!(check_streams(&ok, &limits, err).is_ok());
}

/// A file of many `stream` keywords and no objects is scanned in linear
/// time: each keyword's dictionary is looked for after the previous one
/// only (not a megabyte back each time: 200,000 × 1 MiB).
#[test]
fn the_dictionary_search_is_linear() {
    let file = b"stream\n".repeat(200_000);
    let t = std::time::Instant::now();
    let limits = Limits::default();
    assert!(check_streams(&file, &limits, |d| Error::Pdf(d.to_string().into())).is_ok());
    assert!(
        t.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        t.elapsed()
    );
}
