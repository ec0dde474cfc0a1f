//! RFC 3161 time-stamps (PAdES B-T): the signature value is sent to a
//! time-stamp server over HTTP and the token it answers is stored as the
//! signature's unsigned attribute id-aa-signatureTimeStampToken.
//!
//! Plain `http://` servers only: vanban is built without a TLS stack (ureq
//! without rustls keeps the build small), so an `https://` URL is refused
//! with a clear error. Most public time-stamp servers answer on plain HTTP
//! (the token is signed, so it needs no channel security).
//!
//! The request's nonce is derived from the imprint (the first 8 bytes of
//! the SHA-256 of `"vanban-tsa-nonce"` and the imprint), not drawn at
//! random: the same signature gives the same request, and the answer is
//! still bound to this request (the token echoes the nonce and the imprint,
//! both checked). The three RFC 3161 structures are small and the
//! `x509-tsp` crate is on the older `der 0.7`, so they are declared here.

use std::time::Duration;

use ::cms::content_info::ContentInfo;
use ::cms::signed_data::SignedData;
use der::asn1::{BitString, ObjectIdentifier, OctetString, Uint};
use der::{Any, Decode, Encode, Sequence, Tag, Tagged};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;

use super::cms::{ID_SHA256, ID_SIGNED_DATA};
use crate::error::{Error, Result};

/// id-ct-TSTInfo (RFC 3161).
pub const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// How long a time-stamp server may take to answer (connect and reply).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The most bytes read from a time-stamp server's answer.
const MAX_RESPONSE: u64 = 1 << 20;

/// MessageImprint (RFC 3161).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// TimeStampReq (RFC 3161) without reqPolicy and extensions.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    nonce: Option<Uint>,
    cert_req: bool,
}

/// PKIStatusInfo (RFC 3161 / RFC 4210).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct PkiStatusInfo {
    status: u32,
    status_string: Option<Vec<String>>,
    fail_info: Option<BitString>,
}

/// TimeStampResp (RFC 3161); the token kept as it came.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TimeStampResp {
    status: PkiStatusInfo,
    time_stamp_token: Option<Any>,
}

/// What a time-stamp token says (the fields a signature's checks need).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The imprint's hash algorithm (SHA-256 for vanban's requests).
    pub hash_algorithm: ObjectIdentifier,
    /// The imprint: the hash of the time-stamped bytes (the signature value).
    pub imprint: Vec<u8>,
    /// The time, as the token's GeneralizedTime text (`20261203144500Z`,
    /// perhaps with fractions of a second).
    pub gen_time: String,
    /// The nonce, big-endian without leading zeros, if any.
    pub nonce: Option<Vec<u8>>,
}

/// A TSTInfo without its `field`.
fn no_field(field: &str) -> Error {
    Error::Sign(crate::msg!("sign-tst-no-field", field = field))
}

fn bad(what: impl std::fmt::Display) -> Error {
    Error::Sign(crate::msg!(
        "sign-timestamp-invalid",
        what = what.to_string()
    ))
}

/// Reads a time-stamp token (a CMS `ContentInfo` of `SignedData` over a
/// `TSTInfo`, DER): its imprint, time and nonce. The token's own signature
/// is not checked here.
pub fn token_info(token: &[u8]) -> Result<TokenInfo> {
    let ci = ContentInfo::from_der(token).map_err(bad)?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(Error::Sign(crate::msg!(
            "sign-tst-not-signed-data",
            kind = ci.content_type.to_string()
        )));
    }
    let sd: SignedData = ci.content.decode_as().map_err(bad)?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(Error::Sign(crate::msg!(
            "sign-tst-not-tstinfo",
            kind = sd.encap_content_info.econtent_type.to_string()
        )));
    }
    let content = sd
        .encap_content_info
        .econtent
        .ok_or_else(|| Error::Sign(crate::msg!("sign-tst-no-tstinfo")))?;
    let tst: OctetString = content.decode_as().map_err(bad)?;
    // TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber,
    // genTime, accuracy OPTIONAL, ordering DEFAULT FALSE, nonce OPTIONAL,
    // tsa [0] OPTIONAL, extensions [1] OPTIONAL }: read as a sequence of
    // elements, since the fields after genTime are only told apart by tag
    // (the nonce is the one INTEGER after genTime).
    let fields: Vec<Any> = Vec::from_der(tst.as_bytes()).map_err(bad)?;
    let mut it = fields.into_iter();
    let _version = it
        .next()
        .ok_or_else(|| Error::Sign(crate::msg!("sign-tst-empty")))?;
    let _policy = it.next().ok_or_else(|| no_field("policy"))?;
    let imprint: MessageImprint = it
        .next()
        .ok_or_else(|| no_field("messageImprint"))?
        .decode_as()
        .map_err(bad)?;
    let _serial = it.next().ok_or_else(|| no_field("serialNumber"))?;
    let gen_time = it.next().ok_or_else(|| no_field("genTime"))?;
    if gen_time.tag() != Tag::GeneralizedTime {
        return Err(Error::Sign(crate::msg!("sign-tst-gentime")));
    }
    let gen_time = String::from_utf8_lossy(gen_time.value()).into_owned();
    let nonce = it
        .find(|a| a.tag() == Tag::Integer)
        .map(|a| a.decode_as::<Uint>().map(|u| u.as_bytes().to_vec()))
        .transpose()
        .map_err(bad)?;
    Ok(TokenInfo {
        hash_algorithm: imprint.hash_algorithm.oid,
        imprint: imprint.hashed_message.as_bytes().to_vec(),
        gen_time,
        nonce,
    })
}

/// The nonce of the request for `imprint` (see the module's docs).
fn nonce_for(imprint: &[u8; 32]) -> Result<Uint> {
    let mut h = Sha256::new();
    h.update(b"vanban-tsa-nonce");
    h.update(imprint);
    let h = h.finalize();
    let bytes = h.get(..8).ok_or_else(|| bad("nonce"))?;
    Uint::new(bytes).map_err(|e| Error::Sign(crate::msg!("sign-nonce", reason = e.to_string())))
}

/// The DER `TimeStampReq` for the SHA-256 `imprint` of the time-stamped
/// bytes: version 1, the imprint, the nonce, certReq true (the token
/// carries the server's certificate, so that readers can check it).
pub fn request(imprint: &[u8; 32]) -> Result<Vec<u8>> {
    let req = TimeStampReq {
        version: 1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifierOwned {
                oid: ID_SHA256,
                parameters: None,
            },
            hashed_message: OctetString::new(imprint.to_vec()).map_err(|e| {
                Error::Sign(crate::msg!(
                    "sign-timestamp-request",
                    reason = e.to_string()
                ))
            })?,
        },
        nonce: Some(nonce_for(imprint)?),
        cert_req: true,
    };
    req.to_der().map_err(|e| {
        Error::Sign(crate::msg!(
            "sign-timestamp-request",
            reason = e.to_string()
        ))
    })
}

/// The RFC 4210 PKIFailureInfo bits' names.
fn failure_names(bits: &BitString) -> Vec<&'static str> {
    const NAMES: [(usize, &str); 8] = [
        (0, "badAlg: the hash algorithm is not supported"),
        (2, "badRequest: the request is not permitted or supported"),
        (5, "badDataFormat: the request is malformed"),
        (
            14,
            "timeNotAvailable: the server's time source is not available",
        ),
        (15, "unacceptedPolicy: the policy is not supported"),
        (16, "unacceptedExtension: an extension is not supported"),
        (
            17,
            "addInfoNotAvailable: additional information is not available",
        ),
        (25, "systemFailure: the server failed"),
    ];
    let bytes = bits.raw_bytes();
    NAMES
        .iter()
        .filter(|(bit, _)| {
            bytes
                .get(bit / 8)
                .is_some_and(|b| b & (0x80 >> (bit % 8)) != 0)
        })
        .map(|(_, name)| *name)
        .collect()
}

/// Reads a DER `TimeStampResp` for the request made for `imprint`: the
/// token (DER `ContentInfo`) when the status is granted (0) or
/// grantedWithMods (1) and the token's imprint and nonce are the request's.
/// `url` names the server in errors.
pub fn parse_response(response: &[u8], imprint: &[u8; 32], url: &str) -> Result<Vec<u8>> {
    let resp = TimeStampResp::from_der(response).map_err(|e| {
        Error::Sign(crate::msg!(
            "sign-tsa-not-rfc3161",
            url = url,
            reason = e.to_string()
        ))
    })?;
    if resp.status.status > 1 {
        let text = resp
            .status
            .status_string
            .as_deref()
            .unwrap_or_default()
            .join("; ");
        let reasons = resp
            .status
            .fail_info
            .as_ref()
            .map(failure_names)
            .unwrap_or_default()
            .join(", ");
        let status = match resp.status.status {
            2 => "rejection",
            3 => "waiting",
            4 => "revocationWarning",
            5 => "revocationNotification",
            _ => "an unknown status",
        };
        // The server's own words (its status text and failure names) are
        // shown as it wrote them.
        let mut details = String::new();
        if !text.is_empty() {
            details.push_str(&format!(": {text}"));
        }
        if !reasons.is_empty() {
            details.push_str(&format!(" [{reasons}]"));
        }
        return Err(Error::Sign(crate::msg!(
            "sign-tsa-refused",
            url = url,
            status = format!("{status} {}", resp.status.status),
            details = details
        )));
    }
    let token = resp
        .time_stamp_token
        .ok_or_else(|| Error::Sign(crate::msg!("sign-tsa-no-token", url = url)))?;
    let token = token.to_der().map_err(|e| {
        Error::Sign(crate::msg!(
            "sign-tsa-token-bad",
            url = url,
            reason = e.to_string()
        ))
    })?;
    let info = token_info(&token).map_err(|e| {
        Error::Sign(crate::msg!(
            "sign-tsa-answer-bad",
            url = url,
            reason = e.to_string()
        ))
    })?;
    if info.hash_algorithm != ID_SHA256 || info.imprint != imprint {
        return Err(Error::Sign(crate::msg!("sign-tsa-imprint", url = url)));
    }
    let nonce = nonce_for(imprint)?;
    if info.nonce.as_deref() != Some(nonce.as_bytes()) {
        return Err(Error::Sign(crate::msg!("sign-tsa-nonce", url = url)));
    }
    Ok(token)
}

/// Time-stamps `signature` (the raw signature value of a SignerInfo) at the
/// RFC 3161 server `url` (plain `http://`): the token (DER `ContentInfo`)
/// to store as id-aa-signatureTimeStampToken. Waits at most [`TIMEOUT`].
pub fn timestamp(url: &str, signature: &[u8]) -> Result<Vec<u8>> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return Err(Error::Sign(crate::msg!("sign-tsa-https", url = url)));
    }
    if !lower.starts_with("http://") {
        return Err(Error::Sign(crate::msg!("sign-tsa-not-http", url = url)));
    }
    let imprint: [u8; 32] = Sha256::digest(signature).into();
    let body = request(&imprint)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/timestamp-query")
        .send(&body[..])
        .map_err(|e| {
            Error::Sign(crate::msg!(
                "sign-tsa-unreachable",
                url = url,
                reason = e.to_string()
            ))
        })?;
    let status = response.status();
    if !status.is_success() {
        return Err(Error::Sign(crate::msg!(
            "sign-tsa-http-status",
            url = url,
            status = status.to_string()
        )));
    }
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE)
        .read_to_vec()
        .map_err(|e| {
            Error::Sign(crate::msg!(
                "sign-tsa-answer-unreadable",
                url = url,
                reason = e.to_string()
            ))
        })?;
    parse_response(&bytes, &imprint, url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_der_with_the_imprint_and_a_stable_nonce() {
        let imprint = [7u8; 32];
        let a = request(&imprint).unwrap();
        assert_eq!(a, request(&imprint).unwrap());
        assert_ne!(a, request(&[8u8; 32]).unwrap());
        let req = TimeStampReq::from_der(&a).unwrap();
        assert_eq!(req.version, 1);
        assert!(req.cert_req);
        assert_eq!(req.message_imprint.hashed_message.as_bytes(), &imprint);
        assert_eq!(req.message_imprint.hash_algorithm.oid, ID_SHA256);
    }

    #[test]
    fn a_rejection_names_its_status_and_reason() {
        let resp = TimeStampResp {
            status: PkiStatusInfo {
                status: 2,
                status_string: Some(vec!["policy not allowed".into()]),
                fail_info: Some(BitString::new(0, vec![0x00, 0x01]).unwrap()),
            },
            time_stamp_token: None,
        };
        let err = parse_response(&resp.to_der().unwrap(), &[0; 32], "http://t.example/")
            .unwrap_err()
            .to_string();
        assert!(err.contains("refused the request (rejection 2)"), "{err}");
        assert!(err.contains("policy not allowed"), "{err}");
        assert!(err.contains("unacceptedPolicy"), "{err}");
        assert!(err.contains("http://t.example/"), "{err}");
    }

    #[test]
    fn garbage_and_https_are_clear_errors() {
        let err = parse_response(b"<html>", &[0; 32], "http://x/").unwrap_err();
        assert!(
            err.to_string().contains("is it a time-stamp server"),
            "{err}"
        );
        let err = timestamp("https://tsa.example/", b"sig").unwrap_err();
        assert!(err.to_string().contains("only http://"), "{err}");
        let err = timestamp("ftp://tsa.example/", b"sig").unwrap_err();
        assert!(err.to_string().contains("not an http:// URL"), "{err}");
    }

    #[test]
    fn an_unreachable_server_names_the_url_and_signing_without_tsa() {
        // A port just bound and released: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/");
        let err = timestamp(&url, b"sig").unwrap_err().to_string();
        assert!(err.contains(&url), "{err}");
        assert!(err.contains("without --tsa"), "{err}");
    }
}
