//! The PDF side of signing: the incremental update that adds the signature
//! dictionary with its `/ByteRange` and zeroed `/Contents` reservation
//! ([`prepare`]), and the CMS written into it ([`finish`]).
//! (Skeleton: built on branch `signpdf`.)

use super::SignOptions;
use crate::error::{Error, Result};

/// A PDF ready for its signature: the bytes, what they cover, and their digest.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The PDF with the signature dictionary and a zeroed `/Contents`.
    pub pdf: Vec<u8>,
    /// `[0, a, b, c]`: the covered bytes are `0..a` and `b..b + c`.
    pub byte_range: [usize; 4],
    /// SHA-256 of the covered bytes: the CMS's `messageDigest`.
    pub digest: [u8; 32],
    /// The signature field's name.
    pub field: String,
}

/// Adds the signature dictionary for `options.role` to `pdf`.
pub fn prepare(pdf: &[u8], options: &SignOptions) -> Result<Prepared> {
    let _ = (pdf, options);
    Err(Error::Sign("signing is not built yet".into()))
}

/// Reads a PDF written by [`prepare`] back: its reservation and digest.
pub fn read_prepared(pdf: Vec<u8>) -> Result<Prepared> {
    let _ = pdf;
    Err(Error::Sign("signing is not built yet".into()))
}

/// Writes `cms` (DER) into the reservation of a PDF from [`prepare`].
pub fn finish(prepared: &[u8], cms: &[u8]) -> Result<Vec<u8>> {
    let _ = (prepared, cms);
    Err(Error::Sign("signing is not built yet".into()))
}
