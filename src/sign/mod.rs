//! Digital signatures on the finished PDF: PAdES baseline signatures
//! (`/SubFilter /ETSI.CAdES.detached`, SHA-256, signing-certificate-v2) as
//! Nghị định 30/2020 shows them on an electronic document — the signer's
//! handwritten image in the signer's field, then the agency's red seal over
//! its left third — each as an incremental update that leaves the earlier
//! signatures and the PDF/A conformance intact.
//!
//! Signing runs in three steps so that the middle one can happen anywhere
//! (a `.p12` file, a USB token through PKCS#11, a browser plug-in, a
//! remote-signing service):
//!
//! 1. [`prepare`]: the PDF with the signature dictionary and a zeroed
//!    `/Contents` reservation, and the SHA-256 of the bytes it will cover;
//! 2. sign: [`cms::build`] makes the CMS `SignedData` from that digest with a
//!    [`Signer`] (a key file, a token), or an outside tool makes it;
//! 3. [`finish`]: the CMS written into the reservation.
//!
//! [`sign`] runs all three with one [`Signer`]; [`verify::verify`] reads the
//! signatures of a file back.

pub mod appearance;
pub mod cms;
pub mod keys;
pub mod pdf;
pub mod pkcs11;
pub mod tsa;
pub mod verify;

use crate::error::Result;

pub use pdf::{Prepared, finish, prepare};

/// The X.509 certificate type used throughout (RustCrypto's `x509-cert`).
pub type Certificate = x509_cert::Certificate;

/// Who signs, which decides where the signature goes and how it looks.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// The signer (người có thẩm quyền): fills an empty signature field that
    /// `render` left in the signature space (`field`, or the first unsigned
    /// one), its appearance the handwritten image (a PNG, blue, transparent)
    /// fitted and centred as the rendered page would place it; no text.
    Signer {
        /// The field's name (`Signature1`, …); `None`: the first unsigned.
        field: Option<String>,
        /// The handwritten signature, PNG bytes.
        image: Option<Vec<u8>>,
    },
    /// The agency (cơ quan, tổ chức), signed by the văn thư afterwards: a new
    /// field whose appearance is the red seal at its real size over the left
    /// third of the signer's image (`seal.right = signature.left +
    /// signature.width / 3`, same vertical centre), painted above it.
    Agency {
        /// The seal, PNG bytes (red, transparent background).
        seal: Vec<u8>,
        /// The seal's printed diameter in millimetres (default 36).
        seal_mm: Option<f32>,
        /// The agency's name, the signature's information (`/Name`).
        name: String,
        /// The signer's field the seal goes over; `None`: the last signed
        /// one, else the first.
        over: Option<String>,
    },
    /// The agency alone on an attachment or an electronic copy: a new field
    /// at the top right of page 1 showing short lines of text (agency name,
    /// e-mail or number and symbol, the signing time), 10 pt, black.
    Attachment {
        /// The agency's name (`/Name`, first line shown).
        name: String,
        /// Further lines shown under the name, before the time.
        lines: Vec<String>,
    },
}

/// How to sign, beside the role.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOptions {
    /// Where and how the signature appears.
    pub role: Role,
    /// The signing time written in `/M` and shown by an attachment's text;
    /// the caller reads the clock (the library never does, so the same
    /// input and time give the same bytes).
    pub time: time::OffsetDateTime,
    /// `/Reason`, if any.
    pub reason: Option<String>,
    /// `/Location`, if any.
    pub location: Option<String>,
    /// Bytes reserved for the CMS in `/Contents` (decoded). At most 32,767
    /// (the PDF/A-2 string limit); [`DEFAULT_RESERVE`] holds a certificate
    /// chain and a time-stamp token.
    pub reserve: usize,
}

/// The default `/Contents` reservation, in bytes of DER.
pub const DEFAULT_RESERVE: usize = 16_000;

/// The most a `/Contents` reservation may be: a PDF/A-2 string holds at most
/// 32,767 bytes.
pub const MAX_RESERVE: usize = 32_767;

/// The key side of signing: a certificate chain and a way to sign bytes.
pub trait Signer {
    /// The signer's certificate first, then the chain toward the root (the
    /// root may be left out).
    fn chain(&self) -> &[Certificate];
    /// The raw signature of `message` (the DER of the signed attributes):
    /// RSA PKCS#1 v1.5 with SHA-256, or ECDSA P-256 with SHA-256 as a DER
    /// `Ecdsa-Sig-Value`, as the signer's key is.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>>;
}

/// Prepares, signs and finishes in one call: `pdf` with one more signature.
/// `tsa`: the URL of an RFC 3161 time-stamp server (PAdES B-T).
pub fn sign(
    pdf: &[u8],
    options: &SignOptions,
    signer: &dyn Signer,
    tsa: Option<&str>,
) -> Result<Vec<u8>> {
    let prepared = prepare(pdf, options)?;
    let cms = cms::build(&prepared.digest, signer, tsa)?;
    finish(&prepared.pdf, &cms)
}

/// What `prepare` leaves to sign, for a token, a browser plug-in or a
/// remote-signing service (`vanban sign --prepare --digest-out`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ToSign {
    /// The signature field.
    pub field: String,
    /// The covered bytes: `0..a` and `b..b + c`.
    pub byte_range: [usize; 4],
    /// SHA-256 of the covered bytes (hex): what a CMS-making tool signs
    /// (`--finish --cms`).
    pub document_digest: String,
    /// The same, Base64.
    pub document_digest_base64: String,
    /// With the signer's certificate known: the DER of the signed
    /// attributes (Base64), which `--finish --signature` rebuilds.
    pub signed_attributes: Option<String>,
    /// SHA-256 of the signed attributes (hex): what a raw signing key
    /// signs (`--finish --signature` with `--cert`).
    pub signed_attributes_digest: Option<String>,
    /// The same, Base64.
    pub signed_attributes_digest_base64: Option<String>,
}

impl ToSign {
    /// What to sign for `prepared`; `chain`: the signer's certificate first.
    pub fn new(prepared: &Prepared, chain: Option<&[Certificate]>) -> Result<ToSign> {
        use base64ct::{Base64, Encoding};
        use sha2::Digest;
        let attrs = match chain.and_then(<[_]>::first) {
            Some(cert) => Some(cms::signed_attributes(&prepared.digest, cert)?),
            None => None,
        };
        let attrs_digest = attrs.as_ref().map(sha2::Sha256::digest);
        Ok(ToSign {
            field: prepared.field.clone(),
            byte_range: prepared.byte_range,
            document_digest: hex(&prepared.digest),
            document_digest_base64: Base64::encode_string(&prepared.digest),
            signed_attributes: attrs.as_deref().map(Base64::encode_string),
            signed_attributes_digest: attrs_digest.as_ref().map(|d| hex(d)),
            signed_attributes_digest_base64: attrs_digest
                .as_ref()
                .map(|d| Base64::encode_string(d)),
        })
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Step 3 with a CMS made outside (a plug-in, a remote-signing service):
/// checked to cover the prepared document (its messageDigest and its
/// signature) before it is written into the reservation.
pub fn finish_cms(prepared: &[u8], cms: &[u8]) -> Result<Vec<u8>> {
    let ready = pdf::read_prepared(prepared.to_vec())?;
    let der = cms_der(cms)?;
    verify::check_cms(&der, &ready.digest)?;
    finish(prepared, &der)
}

/// A CMS file's DER: as given, or decoded from PEM (`-----BEGIN PKCS7-----`,
/// `CMS`, `SIGNED DATA`), as signing tools write either.
fn cms_der(bytes: &[u8]) -> Result<Vec<u8>> {
    if !bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        return Ok(bytes.to_vec());
    }
    let text = bytes.trim_ascii_start();
    der::pem::decode_vec(text)
        .map(|(_label, der)| der)
        .map_err(|e| crate::Error::Sign(crate::msg!("sign-cms-not-pem", reason = e.to_string())))
}

/// Step 3 with a raw signature of the signed attributes' digest (from a
/// key that only signs digests) and the signer's chain: the signed
/// attributes are rebuilt from the prepared document and the certificate,
/// the signature checked against the certificate, the CMS assembled (with a
/// time-stamp from `tsa`) and written into the reservation.
pub fn finish_raw(
    prepared: &[u8],
    signature: &[u8],
    chain: &[Certificate],
    tsa: Option<&str>,
) -> Result<Vec<u8>> {
    let ready = pdf::read_prepared(prepared.to_vec())?;
    let cert = chain
        .first()
        .ok_or_else(|| crate::Error::Sign(crate::msg!("sign-raw-no-certificate")))?;
    let attrs = cms::signed_attributes(&ready.digest, cert)?;
    if !verify::check_raw_signature(cert, &attrs, signature)? {
        return Err(crate::Error::Sign(crate::msg!(
            "sign-raw-mismatch",
            who = keys::subject_name(cert),
            field = ready.field.clone()
        )));
    }
    let token = match tsa {
        Some(url) => Some(tsa::timestamp(url, signature)?),
        None => None,
    };
    let der = cms::assemble(&attrs, signature, chain, token.as_deref())?;
    finish(prepared, &der)
}
