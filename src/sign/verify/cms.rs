//! Reading a CMS `SignedData` back (RFC 5652): the signer's certificate,
//! the `messageDigest` attribute, the signature over the DER of the signed
//! attributes, and an RFC 3161 time-stamp token among the unsigned
//! attributes (its `genTime`, and whether its imprint is the SHA-256 of the
//! signature value).
//!
//! The types come from the `cms` and `x509-cert` crates. The signed
//! attributes are taken from the file as they are, not re-encoded: `der`
//! sorts a SET OF while decoding, so a signer that wrote them in another
//! order would otherwise fail to verify. That is a walk over the TLVs
//! (`der::asn1::AnyRef`), written here because no crate gives the raw
//! bytes of one field of a decoded structure.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{AnyRef, ObjectIdentifier, OctetString};
use der::{Decode, Encode, Header, Length, Reader, SliceReader, Tag, TagNumber};
use serde::Serialize;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::sign::Certificate;

const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_AA_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const ID_SHA_256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const SHA_1_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5");
const ECDSA_WITH_SHA_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const SHA_256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ECDSA_WITH_SHA_256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const SECP_256_R_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const ID_AT_COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// The digest algorithms a signature is checked with: SHA-256 (PAdES
/// baseline), and SHA-1, which the Vietnamese government CA's signing tools
/// still use (a signature with it is checked, with a warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestAlgorithm {
    /// SHA-256.
    Sha256,
    /// SHA-1: no longer collision-resistant.
    Sha1,
}

impl DigestAlgorithm {
    fn from_oid(oid: &ObjectIdentifier) -> Option<DigestAlgorithm> {
        match *oid {
            ID_SHA_256 => Some(DigestAlgorithm::Sha256),
            ID_SHA_1 => Some(DigestAlgorithm::Sha1),
            _ => None,
        }
    }

    /// The digest of `parts`, one after the other.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        match self {
            DigestAlgorithm::Sha256 => {
                let mut h = Sha256::new();
                parts.iter().for_each(|p| h.update(p));
                h.finalize().to_vec()
            }
            DigestAlgorithm::Sha1 => {
                let mut h = sha1::Sha1::new();
                parts.iter().for_each(|p| h.update(p));
                h.finalize().to_vec()
            }
        }
    }
}

/// What a CMS `SignedData` says and whether it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CmsInfo {
    /// The signer's certificate's common name, else its RFC 4514 subject.
    pub subject: String,
    /// The issuer's common name, else its RFC 4514 name.
    pub issuer: String,
    /// The certificate's serial number, hex (lowercase, no sign byte).
    pub serial: String,
    /// The `messageDigest` attribute equals the digest given.
    pub digest_matches: bool,
    /// The signature over the signed attributes verifies with the
    /// certificate's public key.
    pub signature_valid: bool,
    /// The time-stamp token's `genTime` (ISO 8601, UTC), if there is one.
    pub timestamp: Option<String>,
    /// Whether the time-stamp token holds: its imprint is the SHA-256 of the
    /// signature value and its own signature verifies. `None` without one.
    pub timestamp_valid: Option<bool>,
    /// The digest algorithm of the SignerInfo, if it is one checked.
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// What is wrong, for a person to read (in English; the messages
    /// themselves, to show in another language, are `problem_messages`).
    pub problems: Vec<String>,
    /// What is weak but not wrong (a SHA-1 signature), in English.
    pub warnings: Vec<String>,
    /// `problems` as messages, in the same order.
    #[serde(skip)]
    pub problem_messages: Vec<Msg>,
    /// `warnings` as messages, in the same order.
    #[serde(skip)]
    pub warning_messages: Vec<Msg>,
    /// The signer's certificate.
    #[serde(skip)]
    pub certificate: Certificate,
}

/// Reads `cms_der` (a `ContentInfo` with `SignedData`, trailing bytes —
/// the zero padding of `/Contents` — ignored) and checks it against
/// `digest`, the SHA-256 of the signed bytes. An error when it cannot be
/// read, when its `messageDigest` is not `digest` or when its signature does
/// not verify.
pub fn check_cms(cms_der: &[u8], digest: &[u8; 32]) -> Result<CmsInfo> {
    let info = read_cms(cms_der, digest)?;
    if !info.digest_matches {
        return Err(Error::Sign(crate::msg!("verify-digest-mismatch")));
    }
    if !info.signature_valid {
        return Err(Error::Sign(crate::msg!(
            "verify-signature-fails",
            who = &info.subject,
            reason = if info.problems.is_empty() {
                "the signature value is wrong; sign again".to_string()
            } else {
                info.problems.join("; ")
            }
        )));
    }
    Ok(info)
}

/// Like [`check_cms`], but a digest that does not match or a signature that
/// does not verify is reported in the [`CmsInfo`], not as an error; an
/// error only when the CMS cannot be read at all.
pub fn read_cms(cms_der: &[u8], digest: &[u8; 32]) -> Result<CmsInfo> {
    let mut info = read_cms_with(cms_der, &|alg| match alg {
        DigestAlgorithm::Sha256 => digest.to_vec(),
        DigestAlgorithm::Sha1 => Vec::new(),
    })?;
    if info.digest_algorithm == Some(DigestAlgorithm::Sha1) {
        let m = crate::msg!("verify-cms-sha1-given-sha256");
        info.problems.push(m.to_string());
        info.problem_messages.push(m);
    }
    Ok(info)
}

/// Like [`read_cms`], for a CMS of either [`DigestAlgorithm`]:
/// `digest_of` gives the digest of the signed bytes with the one the
/// SignerInfo names.
pub fn read_cms_with(
    cms_der: &[u8],
    digest_of: &dyn Fn(DigestAlgorithm) -> Vec<u8>,
) -> Result<CmsInfo> {
    let der = first_tlv(cms_der)?;
    let parsed = Parsed::read(der)?;
    let mut problems = parsed.problems.clone();
    let mut warnings = Vec::new();
    let digest_algorithm = DigestAlgorithm::from_oid(&parsed.signer.digest_alg.oid);
    if digest_algorithm == Some(DigestAlgorithm::Sha1) {
        warnings.push(crate::msg!("verify-sha1"));
    }
    let signature_valid = match check_signer_info(&parsed, &mut problems) {
        Ok(v) => v,
        Err(Error::Sign(e)) => {
            problems.push(e);
            false
        }
        Err(e) => return Err(e),
    };
    let digest_matches = match (&parsed.message_digest, digest_algorithm) {
        (Some(d), Some(alg)) => *d == digest_of(alg),
        (Some(_), None) => false,
        (None, _) => {
            problems.push(crate::msg!("verify-no-message-digest"));
            false
        }
    };
    let signature_value = parsed.signer.signature.as_bytes();
    let (timestamp, timestamp_valid) = match &parsed.timestamp_token {
        None => (None, None),
        Some(token) => match read_timestamp(token, signature_value) {
            Ok((time, ok, mut p, mut w)) => {
                problems.append(&mut p);
                warnings.append(&mut w);
                (Some(time), Some(ok))
            }
            Err(e) => {
                problems.push(crate::msg!(
                    "verify-timestamp-unreadable",
                    reason = e.to_string()
                ));
                (None, Some(false))
            }
        },
    };
    let cert = &parsed.certificate;
    Ok(CmsInfo {
        subject: display_name(cert.tbs_certificate().subject()),
        issuer: display_name(cert.tbs_certificate().issuer()),
        serial: super::super::hex(trim_sign(cert.tbs_certificate().serial_number().as_bytes())),
        digest_matches,
        signature_valid,
        timestamp,
        timestamp_valid,
        digest_algorithm,
        problems: texts(&problems),
        warnings: texts(&warnings),
        problem_messages: problems,
        warning_messages: warnings,
        certificate: cert.clone(),
    })
}

/// Whether `signature` is a signature of `message` by `cert`'s key: RSA
/// PKCS#1 v1.5 with SHA-256, or ECDSA P-256 with SHA-256 (a DER
/// `Ecdsa-Sig-Value`). `Ok(false)` when it does not verify; an error when
/// the key is of another kind or cannot be read.
pub fn check_raw_signature(cert: &Certificate, message: &[u8], signature: &[u8]) -> Result<bool> {
    verify_raw(cert, message, signature, DigestAlgorithm::Sha256)
}

/// [`check_raw_signature`] with the digest `alg`.
fn verify_raw(
    cert: &Certificate,
    message: &[u8],
    signature: &[u8],
    alg: DigestAlgorithm,
) -> Result<bool> {
    let spki = cert.tbs_certificate().subject_public_key_info();
    let spki_der = spki.to_der().map_err(|e| {
        Error::Sign(crate::msg!(
            "verify-public-key-unreadable",
            reason = e.to_string()
        ))
    })?;
    let bad_key = |e: String| {
        Error::Sign(crate::msg!(
            "verify-public-key-of-unreadable",
            who = display_name(cert.tbs_certificate().subject()),
            reason = e.to_string()
        ))
    };
    if spki.algorithm.oid == RSA_ENCRYPTION {
        use rsa::pkcs8::DecodePublicKey;
        use rsa::signature::Verifier;
        let Ok(sig) = rsa::pkcs1v15::Signature::try_from(signature) else {
            return Ok(false);
        };
        return Ok(match alg {
            DigestAlgorithm::Sha256 => {
                rsa::pkcs1v15::VerifyingKey::<Sha256>::from_public_key_der(&spki_der)
                    .map_err(|e| bad_key(e.to_string()))?
                    .verify(message, &sig)
                    .is_ok()
            }
            DigestAlgorithm::Sha1 => {
                rsa::pkcs1v15::VerifyingKey::<sha1::Sha1>::from_public_key_der(&spki_der)
                    .map_err(|e| bad_key(e.to_string()))?
                    .verify(message, &sig)
                    .is_ok()
            }
        });
    }
    if spki.algorithm.oid == ID_EC_PUBLIC_KEY {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        use p256::pkcs8::DecodePublicKey;
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        if curve != Some(SECP_256_R_1) {
            return Err(Error::Sign(crate::msg!(
                "verify-curve",
                curve = curve.map_or_else(|| "unknown".to_string(), |c| c.to_string())
            )));
        }
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
            .map_err(|e| bad_key(e.to_string()))?;
        let Ok(sig) = p256::ecdsa::Signature::from_der(signature) else {
            return Ok(false);
        };
        return Ok(key.verify_prehash(&alg.digest(&[message]), &sig).is_ok());
    }
    Err(Error::Sign(crate::msg!(
        "verify-key-type",
        oid = spki.algorithm.oid.to_string()
    )))
}

/// A decoded `SignedData` with what the checks need.
struct Parsed {
    signer: SignerInfo,
    certificate: Certificate,
    /// The signed attributes as a SET (tag 0x31): the signed message.
    signed_attrs: Option<Vec<u8>>,
    message_digest: Option<Vec<u8>>,
    timestamp_token: Option<Vec<u8>>,
    /// The eContent's type and the eContent, for a time-stamp token.
    econtent_type: ObjectIdentifier,
    econtent: Option<Vec<u8>>,
    problems: Vec<Msg>,
}

impl Parsed {
    fn read(der: &[u8]) -> Result<Parsed> {
        let bad = |e: der::Error| {
            Error::Sign(crate::msg!("verify-cms-unreadable", reason = e.to_string()))
        };
        let info = ContentInfo::from_der(der).map_err(bad)?;
        if info.content_type != ID_SIGNED_DATA {
            return Err(Error::Sign(crate::msg!(
                "verify-cms-not-signed-data",
                kind = info.content_type.to_string()
            )));
        }
        let sd: SignedData = info.content.decode_as().map_err(bad)?;
        let mut problems = Vec::new();
        let signer = match sd.signer_infos.0.as_slice() {
            [] => return Err(Error::Sign(crate::msg!("verify-no-signer-info"))),
            [one] => one.clone(),
            [first, ..] => {
                problems.push(crate::msg!("verify-several-signer-infos"));
                first.clone()
            }
        };
        let certs: Vec<&Certificate> = sd
            .certificates
            .as_ref()
            .map(|set| {
                set.0
                    .iter()
                    .filter_map(|c| match c {
                        cms::cert::CertificateChoices::Certificate(c) => Some(c),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let certificate = certs
            .iter()
            .find(|c| identifies(&signer.sid, c))
            .map(|c| (*c).clone())
            .ok_or_else(|| Error::Sign(crate::msg!("verify-no-signer-certificate")))?;
        let signed_attrs = raw_signed_attrs(der).map_err(bad)?;
        let mut message_digest = None;
        if let Some(attrs) = &signer.signed_attrs {
            let digests: Vec<_> = attrs
                .iter()
                .filter(|a| a.oid == ID_MESSAGE_DIGEST)
                .flat_map(|a| a.values.iter())
                .collect();
            if let [one] = digests.as_slice() {
                let os: OctetString = one.decode_as().map_err(bad)?;
                message_digest = Some(os.as_bytes().to_vec());
            } else if digests.len() > 1 {
                // RFC 5652, 5.3: exactly one messageDigest of one value.
                problems.push(crate::msg!("verify-several-message-digests"));
            }
        }
        let mut timestamp_token = None;
        if let Some(attrs) = &signer.unsigned_attrs {
            for a in attrs.iter().filter(|a| a.oid == ID_AA_TIME_STAMP_TOKEN) {
                if let Some(v) = a.values.iter().next() {
                    timestamp_token = Some(v.to_der().map_err(bad)?);
                }
            }
        }
        let econtent = match &sd.encap_content_info.econtent {
            Some(any) => Some(
                any.decode_as::<OctetString>()
                    .map_err(bad)?
                    .into_bytes()
                    .into_vec(),
            ),
            None => None,
        };
        Ok(Parsed {
            signer,
            certificate,
            signed_attrs,
            message_digest,
            timestamp_token,
            econtent_type: sd.encap_content_info.econtent_type,
            econtent,
            problems,
        })
    }
}

/// Checks the SignerInfo's algorithms and its signature over the signed
/// attributes.
fn check_signer_info(p: &Parsed, problems: &mut Vec<Msg>) -> Result<bool> {
    let Some(alg) = DigestAlgorithm::from_oid(&p.signer.digest_alg.oid) else {
        return Err(Error::Sign(crate::msg!(
            "verify-digest-algorithm",
            oid = p.signer.digest_alg.oid.to_string()
        )));
    };
    check_signature_algorithm(&p.signer.signature_algorithm, &p.certificate)?;
    let Some(message) = &p.signed_attrs else {
        problems.push(crate::msg!("verify-no-signed-attributes"));
        return Ok(false);
    };
    verify_raw(&p.certificate, message, p.signer.signature.as_bytes(), alg)
}

fn check_signature_algorithm(alg: &AlgorithmIdentifierOwned, cert: &Certificate) -> Result<()> {
    let key = &cert
        .tbs_certificate()
        .subject_public_key_info()
        .algorithm
        .oid;
    let rsa = [RSA_ENCRYPTION, SHA_256_WITH_RSA, SHA_1_WITH_RSA];
    let ecdsa = [ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_1];
    let ok = (*key == RSA_ENCRYPTION && rsa.contains(&alg.oid))
        || (*key == ID_EC_PUBLIC_KEY && ecdsa.contains(&alg.oid));
    if ok {
        Ok(())
    } else {
        Err(Error::Sign(crate::msg!(
            "verify-signature-algorithm",
            oid = alg.oid.to_string(),
            key = key.to_string()
        )))
    }
}

/// Whether `cert` is the one `sid` names.
fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    let tbs = cert.tbs_certificate();
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            isn.issuer == *tbs.issuer() && isn.serial_number == *tbs.serial_number()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => matches!(
            tbs.get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>(),
            Ok(Some((_, own))) if own == *ski
        ),
    }
}

/// The first TLV of `bytes`: a DER value followed by zero padding.
fn first_tlv(bytes: &[u8]) -> Result<&[u8]> {
    let bad =
        |e: der::Error| Error::Sign(crate::msg!("verify-cms-unreadable", reason = e.to_string()));
    let mut reader = SliceReader::new(bytes).map_err(bad)?;
    let header = Header::decode(&mut reader).map_err(bad)?;
    let total = (header.encoded_len().map_err(bad)? + header.length()).map_err(bad)?;
    let end = usize::try_from(total).map_err(bad)?;
    bytes
        .get(..end)
        .ok_or_else(|| Error::Sign(crate::msg!("verify-cms-cut-short")))
}

/// The TLVs inside a constructed value.
fn children(value: &[u8]) -> der::Result<Vec<AnyRef<'_>>> {
    let mut reader = SliceReader::new(value)?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        out.push(AnyRef::decode(&mut reader)?);
    }
    Ok(out)
}

/// The first SignerInfo's signed attributes, re-tagged from `[0] IMPLICIT`
/// to SET (0x31), as they were in the file: what the signature is over.
fn raw_signed_attrs(content_info: &[u8]) -> der::Result<Option<Vec<u8>>> {
    let ci = AnyRef::from_der(content_info)?;
    let Some(explicit) = children(ci.value())?.get(1).copied() else {
        return Ok(None);
    };
    let Some(signed_data) = children(explicit.value())?.first().copied() else {
        return Ok(None);
    };
    let Some(signer_infos) = children(signed_data.value())?.last().copied() else {
        return Ok(None);
    };
    let Some(signer_info) = children(signer_infos.value())?.first().copied() else {
        return Ok(None);
    };
    let attrs_tag = Tag::ContextSpecific {
        constructed: true,
        number: TagNumber(0),
    };
    for field in children(signer_info.value())? {
        if der::Tagged::tag(&field) == attrs_tag {
            let header = Header::new(Tag::Set, Length::try_from(field.value().len())?);
            let mut out = header.to_der()?;
            out.extend_from_slice(field.value());
            return Ok(Some(out));
        }
    }
    Ok(None)
}

/// An RFC 3161 time-stamp token read: its `TSTInfo`'s imprint and
/// genTime, and its own signature checked.
struct Token {
    /// genTime, ISO 8601.
    time: String,
    hash_alg: ObjectIdentifier,
    hashed: Vec<u8>,
    /// The TSA's certificate, and whether the token's signature holds
    /// (`digest_matches`: its messageDigest is the SHA-256 of the TSTInfo).
    info: CmsInfo,
}

impl Token {
    /// Reads a token (a `ContentInfo` with `SignedData` over a `TSTInfo`).
    fn read(token: &[u8]) -> Result<Token> {
        let bad = |e: der::Error| Error::Sign(e.to_string().into());
        let parsed = Parsed::read(token)?;
        if parsed.econtent_type != ID_CT_TST_INFO {
            return Err(Error::Sign(crate::msg!(
                "verify-tst-content",
                kind = parsed.econtent_type.to_string()
            )));
        }
        let Some(tst) = &parsed.econtent else {
            return Err(Error::Sign(crate::msg!("verify-tst-missing")));
        };
        let (hash_alg, hashed, gen_time) = tst_info(tst).map_err(bad)?;
        let Some(time) = generalized_time(&gen_time) else {
            return Err(Error::Sign(crate::msg!("verify-tst-gentime")));
        };
        let info = read_cms_with(token, &|alg| alg.digest(&[tst]))?;
        Ok(Token {
            time,
            hash_alg,
            hashed,
            info,
        })
    }

    /// Whether the token holds for the bytes `imprinted` gives (with the
    /// imprint's algorithm), and what is wrong and what is weak.
    fn check(
        &self,
        imprinted: &[&[u8]],
        over: &'static str,
        problems: &mut Vec<Msg>,
        warnings: &mut Vec<Msg>,
    ) -> bool {
        let mut ok = self.imprint_matches(imprinted);
        match DigestAlgorithm::from_oid(&self.hash_alg) {
            None => problems.push(crate::msg!(
                "verify-timestamp-imprint-algorithm",
                oid = self.hash_alg.to_string()
            )),
            Some(DigestAlgorithm::Sha1) => warnings.push(crate::msg!("verify-timestamp-sha1")),
            Some(DigestAlgorithm::Sha256) => {}
        }
        if !ok && DigestAlgorithm::from_oid(&self.hash_alg).is_some() {
            problems.push(crate::msg!("verify-timestamp-not-over", over = over));
        }
        warnings.extend(self.info.warning_messages.iter().cloned());
        if !self.info.digest_matches || !self.info.signature_valid {
            problems.push(crate::msg!(
                "verify-timestamp-signature",
                who = &self.info.subject
            ));
            problems.extend(self.info.problem_messages.iter().cloned());
            ok = false;
        }
        ok
    }

    /// The imprint is the digest of `imprinted`.
    fn imprint_matches(&self, imprinted: &[&[u8]]) -> bool {
        DigestAlgorithm::from_oid(&self.hash_alg)
            .is_some_and(|alg| alg.digest(imprinted) == self.hashed)
    }
}

/// Reads a signature's time-stamp token: its genTime, whether it holds for
/// the signature value, the problems and the warnings.
fn read_timestamp(
    token: &[u8],
    signature_value: &[u8],
) -> Result<(String, bool, Vec<Msg>, Vec<Msg>)> {
    let token = Token::read(token)?;
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    let ok = token.check(
        &[signature_value],
        "signature",
        &mut problems,
        &mut warnings,
    );
    Ok((token.time, ok, problems, warnings))
}

/// Reads a document time-stamp (`/SubFilter /ETSI.RFC3161`, PAdES B-LTA):
/// the `/Contents` is a time-stamp token whose imprint is the digest of the
/// covered bytes, `covered` (the ranges, in order). `digest_matches` says
/// whether the imprint is their digest, `signature_valid` whether the
/// token's own signature holds; `subject` is the TSA. An error only when it
/// cannot be read.
pub fn read_document_timestamp(cms_der: &[u8], covered: &[&[u8]]) -> Result<CmsInfo> {
    let token = Token::read(first_tlv(cms_der)?)?;
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    let ok = token.check(covered, "bytes", &mut problems, &mut warnings);
    let imprint_ok = token.imprint_matches(covered);
    let mut info = token.info;
    info.signature_valid = info.digest_matches && info.signature_valid;
    info.digest_matches = imprint_ok;
    info.timestamp = Some(token.time);
    info.timestamp_valid = Some(ok);
    info.digest_algorithm = DigestAlgorithm::from_oid(&token.hash_alg);
    // The token's own problems are in `problems` already when it fails.
    info.problem_messages = if ok { Vec::new() } else { problems };
    info.warning_messages = warnings;
    info.problems = texts(&info.problem_messages);
    info.warnings = texts(&info.warning_messages);
    Ok(info)
}

/// The imprint's algorithm and hash and the genTime of a DER `TSTInfo`:
/// `SEQUENCE { version, policy, messageImprint SEQUENCE { hashAlgorithm,
/// hashedMessage }, serialNumber, genTime, … }`; the fields after genTime
/// are not needed.
/// The English texts of `messages`.
fn texts(messages: &[Msg]) -> Vec<String> {
    messages.iter().map(ToString::to_string).collect()
}

fn tst_info(der: &[u8]) -> der::Result<(ObjectIdentifier, Vec<u8>, Vec<u8>)> {
    let seq = AnyRef::from_der(der)?;
    let fields = children(seq.value())?;
    let field = |i: usize| {
        fields
            .get(i)
            .copied()
            .ok_or_else(|| der::Error::from(der::ErrorKind::Length { tag: Tag::Sequence }))
    };
    let imprint = children(field(2)?.value())?;
    let missing = || der::Error::from(der::ErrorKind::Length { tag: Tag::Sequence });
    let alg: AlgorithmIdentifierOwned = imprint.first().ok_or_else(missing)?.decode_as()?;
    let hashed: OctetString = imprint.get(1).ok_or_else(missing)?.decode_as()?;
    let time = field(4)?;
    if der::Tagged::tag(&time) != Tag::GeneralizedTime {
        return Err(der::Error::from(der::ErrorKind::Length {
            tag: Tag::GeneralizedTime,
        }));
    }
    Ok((
        alg.oid,
        hashed.into_bytes().into_vec(),
        time.value().to_vec(),
    ))
}

/// A GeneralizedTime in UTC, `YYYYMMDDHHMMSS[.f…]Z` (RFC 3161 allows the
/// fraction, which the `der` crate's type refuses), as ISO 8601.
fn generalized_time(v: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(v).ok()?.strip_suffix('Z')?;
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.len() != 14
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let p = |r: std::ops::Range<usize>| whole.get(r).unwrap_or("00");
    let fraction = if fraction.is_empty() {
        String::new()
    } else {
        format!(".{fraction}")
    };
    Some(format!(
        "{}-{}-{}T{}:{}:{}{fraction}+00:00",
        p(0..4),
        p(4..6),
        p(6..8),
        p(8..10),
        p(10..12),
        p(12..14)
    ))
}

/// A name for people: its common name, else the RFC 4514 string.
pub fn display_name(name: &x509_cert::name::Name) -> String {
    match name.by_oid::<x509_cert::ext::pkix::name::DirectoryString>(ID_AT_COMMON_NAME) {
        Ok(Some(cn)) => cn.value().into_owned(),
        _ => name.to_string(),
    }
}

fn trim_sign(bytes: &[u8]) -> &[u8] {
    match bytes {
        [0, rest @ ..] if !rest.is_empty() => rest,
        _ => bytes,
    }
}
