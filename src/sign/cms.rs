//! The CMS `SignedData` of a PAdES baseline signature: signed attributes
//! (contentType, messageDigest, signing-certificate-v2), SignerInfo v1 with
//! issuerAndSerialNumber, and the RFC 3161 token as an unsigned attribute.
//! (Skeleton: built on branch `signcms`.)

use super::{Certificate, Signer};
use crate::error::{Error, Result};

/// The DER of the signed attributes as a SET (tag 0x31): what is signed.
pub fn signed_attributes(digest: &[u8; 32], signer: &Certificate) -> Result<Vec<u8>> {
    let _ = (digest, signer);
    Err(Error::Sign("signing is not built yet".into()))
}

/// The CMS `ContentInfo` (DER) from signed attributes, their raw signature,
/// the chain (signer first) and an optional time-stamp token (DER).
pub fn assemble(
    signed_attributes: &[u8],
    signature: &[u8],
    chain: &[Certificate],
    timestamp_token: Option<&[u8]>,
) -> Result<Vec<u8>> {
    let _ = (signed_attributes, signature, chain, timestamp_token);
    Err(Error::Sign("signing is not built yet".into()))
}

/// Signs `digest` with `signer` (and time-stamps the signature at `tsa`).
pub fn build(digest: &[u8; 32], signer: &dyn Signer, tsa: Option<&str>) -> Result<Vec<u8>> {
    let _ = (digest, signer, tsa);
    Err(Error::Sign("signing is not built yet".into()))
}
