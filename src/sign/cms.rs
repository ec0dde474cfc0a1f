//! The CMS `SignedData` of a PAdES baseline signature: signed attributes
//! (contentType, messageDigest, signing-certificate-v2), SignerInfo v1 with
//! issuerAndSerialNumber, and the RFC 3161 token as an unsigned attribute.
//!
//! The `cms` crate gives the ASN.1 types; the SignerInfo is put together
//! here because the crate's `SignerIdentifier::from(&Certificate)` picks the
//! SubjectKeyIdentifier (which needs SignerInfo v3), and its builder signs
//! with its own key types, not with a [`Signer`] (a token, a remote
//! service). The ESS `SigningCertificateV2` (RFC 5035) has no type in the
//! crates of this generation, so it is declared here with `der`'s derive.

use ::cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use ::cms::content_info::{CmsVersion, ContentInfo};
use ::cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::{Attribute, AttributeValue};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use super::{Certificate, Signer};
use crate::error::{Error, Result};

/// id-data (RFC 5652).
pub const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
/// id-signedData (RFC 5652).
pub const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
/// id-contentType (RFC 5652).
pub const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
/// id-messageDigest (RFC 5652).
pub const ID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
/// id-signingTime (RFC 5652): not written (PAdES baseline keeps the time in
/// `/M`), named for the readers that check its absence.
pub const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
/// id-aa-signingCertificateV2 (RFC 5035).
pub const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-aa-signatureTimeStampToken (RFC 3161, appendix A).
pub const ID_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-sha256 (NIST).
pub const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// rsaEncryption (PKCS #1): the key type, and the signature algorithm CMS
/// writes for RSA PKCS#1 v1.5 (as OpenSSL does).
pub const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-ecPublicKey (RFC 5480).
pub const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// secp256r1 / P-256 (RFC 5480).
pub const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// ecdsa-with-SHA256 (RFC 5758).
pub const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// The kind of key a certificate holds, as far as signing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA: PKCS#1 v1.5 signatures with SHA-256.
    Rsa,
    /// ECDSA on P-256 with SHA-256.
    P256,
}

/// The key kind of `cert`'s public key; an error names what else it is.
pub fn key_kind(cert: &Certificate) -> Result<KeyKind> {
    let spki = cert.tbs_certificate().subject_public_key_info();
    let oid = spki.algorithm.oid;
    if oid == RSA_ENCRYPTION {
        return Ok(KeyKind::Rsa);
    }
    if oid == ID_EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        if curve == Some(SECP256R1) {
            return Ok(KeyKind::P256);
        }
        return Err(Error::Sign(crate::msg!(
            "sign-curve-unsupported",
            curve = curve.map_or_else(|| "(not named)".to_string(), |c| c.to_string())
        )));
    }
    Err(Error::Sign(crate::msg!(
        "sign-certificate-key-type",
        oid = oid.to_string()
    )))
}

/// ESSCertIDv2 (RFC 5035) with the hash algorithm left at its default,
/// SHA-256 (DER omits a DEFAULT value).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

/// IssuerSerial (RFC 5035): the issuer as a GeneralNames of one
/// directoryName, and the serial number.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// SigningCertificateV2 (RFC 5035), without policies.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn der_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Sign(crate::msg!(
        "sign-cannot-encode",
        what = what,
        reason = e.to_string()
    ))
}

fn attribute(oid: ObjectIdentifier, value: &impl Encode, what: &str) -> Result<Attribute> {
    let value = value
        .to_der()
        .and_then(|d| AttributeValue::from_der(&d))
        .map_err(|e| der_error(what, e))?;
    let values = SetOfVec::try_from(vec![value]).map_err(|e| der_error(what, e))?;
    Ok(Attribute { oid, values })
}

fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    }
}

/// The DER of the signed attributes as a SET (tag 0x31): what is signed.
/// contentType (id-data), messageDigest (`digest`, the SHA-256 of the
/// covered bytes) and signing-certificate-v2 (the SHA-256 of `signer`'s
/// DER, its issuer and serial), in the DER order of a SET OF; no
/// signing-time (PAdES baseline: the time is in the signature's `/M`).
pub fn signed_attributes(digest: &[u8; 32], signer: &Certificate) -> Result<Vec<u8>> {
    let cert_der = signer
        .to_der()
        .map_err(|e| der_error("the signer's certificate", e))?;
    let tbs = signer.tbs_certificate();
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(&cert_der).to_vec())
                .map_err(|e| der_error("signing-certificate-v2", e))?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            },
        }],
    };
    let message_digest =
        OctetString::new(digest.to_vec()).map_err(|e| der_error("the message digest", e))?;
    let attrs: SignedAttributes = SetOfVec::try_from(vec![
        attribute(ID_CONTENT_TYPE, &ID_DATA, "contentType")?,
        attribute(ID_MESSAGE_DIGEST, &message_digest, "messageDigest")?,
        attribute(ID_SIGNING_CERTIFICATE_V2, &ess, "signing-certificate-v2")?,
    ])
    .map_err(|e| der_error("the signed attributes", e))?;
    attrs
        .to_der()
        .map_err(|e| der_error("the signed attributes", e))
}

/// The CMS `ContentInfo` (DER) from signed attributes, their raw signature,
/// the chain (signer first) and an optional time-stamp token (DER).
///
/// `signed_attributes` is the SET that was signed (as
/// [`signed_attributes`] makes it); it is stored `[0] IMPLICIT` with the
/// same content. The signature algorithm follows the signer's key:
/// rsaEncryption (PKCS#1 v1.5) or ecdsa-with-SHA256.
pub fn assemble(
    signed_attributes: &[u8],
    signature: &[u8],
    chain: &[Certificate],
    timestamp_token: Option<&[u8]>,
) -> Result<Vec<u8>> {
    let attrs = SignedAttributes::from_der(signed_attributes).map_err(|e| {
        Error::Sign(crate::msg!(
            "sign-attributes-not-der",
            reason = e.to_string()
        ))
    })?;
    // The stored attributes must be the very bytes that were signed: a SET
    // that was not in DER order would be re-sorted here and the signature
    // would no longer match.
    if attrs.to_der().ok().as_deref() != Some(signed_attributes) {
        return Err(Error::Sign(crate::msg!("sign-attributes-order")));
    }
    let signer = chain
        .first()
        .ok_or_else(|| Error::Sign(crate::msg!("sign-no-certificate-to-sign")))?;
    let signature_algorithm = match key_kind(signer)? {
        KeyKind::Rsa => AlgorithmIdentifierOwned {
            oid: RSA_ENCRYPTION,
            parameters: Some(Any::null()),
        },
        KeyKind::P256 => AlgorithmIdentifierOwned {
            oid: ECDSA_WITH_SHA256,
            parameters: None,
        },
    };
    let unsigned_attrs = match timestamp_token {
        None => None,
        Some(token) => {
            let token = Any::from_der(token).map_err(|e| {
                Error::Sign(crate::msg!(
                    "sign-timestamp-token-not-der",
                    reason = e.to_string()
                ))
            })?;
            let values = SetOfVec::try_from(vec![token])
                .map_err(|e| der_error("the time-stamp attribute", e))?;
            Some(
                SetOfVec::try_from(vec![Attribute {
                    oid: ID_SIGNATURE_TIME_STAMP_TOKEN,
                    values,
                }])
                .map_err(|e| der_error("the unsigned attributes", e))?,
            )
        }
    };
    let tbs = signer.tbs_certificate();
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: sha256_algorithm(),
        signed_attrs: Some(attrs),
        signature_algorithm,
        signature: OctetString::new(signature.to_vec())
            .map_err(|e| der_error("the signature value", e))?,
        unsigned_attrs,
    };
    let certificates = SetOfVec::try_from(
        chain
            .iter()
            .cloned()
            .map(CertificateChoices::Certificate)
            .collect::<Vec<_>>(),
    )
    .map(CertificateSet)
    .map_err(|e| Error::Sign(crate::msg!("sign-chain-unstorable", reason = e.to_string())))?;
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256_algorithm()])
            .map_err(|e| der_error("the digest algorithms", e))?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(certificates),
        crls: None,
        signer_infos: SetOfVec::try_from(vec![signer_info])
            .map(SignerInfos)
            .map_err(|e| der_error("the signer info", e))?,
    };
    let content_info = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(|e| der_error("the SignedData", e))?,
    };
    content_info
        .to_der()
        .map_err(|e| der_error("the ContentInfo", e))
}

/// Checks that `signature` is `cert`'s key's signature of `message` (RSA
/// PKCS#1 v1.5 SHA-256, or ECDSA P-256 SHA-256 as DER): catches a key and a
/// certificate that are not a pair (a token's wrong certificate, a remote
/// service's chain for another key) before a PDF is written with a signature
/// no reader accepts.
pub fn verify_signature(cert: &Certificate, message: &[u8], signature: &[u8]) -> Result<()> {
    if super::verify::check_raw_signature(cert, message, signature)? {
        return Ok(());
    }
    Err(Error::Sign(crate::msg!(
        "sign-signature-certificate-mismatch"
    )))
}

/// Signs `digest` with `signer` (and time-stamps the signature at `tsa`).
///
/// The signed attributes are made for the chain's first certificate,
/// signed by `signer`, the signature checked against that certificate,
/// then time-stamped (the token's imprint is the SHA-256 of the signature
/// value) and assembled. Without a time-stamp the output is deterministic:
/// RSA PKCS#1 v1.5 is, and ECDSA keys sign with RFC 6979 nonces.
pub fn build(digest: &[u8; 32], signer: &dyn Signer, tsa: Option<&str>) -> Result<Vec<u8>> {
    let chain = signer.chain();
    let cert = chain
        .first()
        .ok_or_else(|| Error::Sign(crate::msg!("sign-key-without-certificate")))?;
    let attrs = signed_attributes(digest, cert)?;
    let signature = signer.sign(&attrs)?;
    verify_signature(cert, &attrs, &signature)?;
    let token = match tsa {
        Some(url) => Some(super::tsa::timestamp(url, &signature)?),
        None => None,
    };
    assemble(&attrs, &signature, chain, token.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_are_the_registered_ones() {
        assert_eq!(
            ID_SIGNING_CERTIFICATE_V2.to_string(),
            "1.2.840.113549.1.9.16.2.47"
        );
        assert_eq!(
            ID_SIGNATURE_TIME_STAMP_TOKEN.to_string(),
            "1.2.840.113549.1.9.16.2.14"
        );
    }

    #[test]
    fn assemble_without_a_chain_is_an_error() {
        let err = assemble(&[0x31, 0], &[1, 2, 3], &[], None).unwrap_err();
        assert!(err.to_string().contains("no certificate"), "{err}");
        let err = assemble(&[0x30, 0], &[1, 2, 3], &[], None).unwrap_err();
        assert!(err.to_string().contains("not a DER SET"), "{err}");
    }

    #[test]
    fn unsorted_signed_attributes_are_refused() {
        // Two attributes in the wrong DER order: OID 1.2.840.113549.1.9.4
        // before 1.2.840.113549.1.9.3.
        let a = attribute(ID_CONTENT_TYPE, &ID_DATA, "a").unwrap();
        let b = attribute(
            ID_MESSAGE_DIGEST,
            &OctetString::new(vec![0; 32]).unwrap(),
            "b",
        )
        .unwrap();
        let mut body = b.to_der().unwrap();
        body.extend(a.to_der().unwrap());
        let mut set = vec![0x31, u8::try_from(body.len()).unwrap()];
        set.extend(body);
        let sorted: SignedAttributes = SetOfVec::try_from(vec![a, b]).unwrap();
        assert_ne!(sorted.to_der().unwrap(), set);
        let err = assemble(&set, &[1, 2, 3], &[], None).unwrap_err();
        assert!(err.to_string().contains("not in DER form"), "{err}");
        let err = assemble(&sorted.to_der().unwrap(), &[1, 2, 3], &[], None).unwrap_err();
        assert!(err.to_string().contains("no certificate"), "{err}");
    }
}
