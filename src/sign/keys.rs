//! Keys and certificates: PKCS#12 files, PEM/DER certificate chains, and
//! the checks a signing certificate must pass.
//!
//! A `.p12` is read with `p12-keystore` (modern PBES2/AES files as OpenSSL 3
//! writes them, and the legacy RC2/3DES ones). The private key is held as
//! the `rsa`/`p256` crates' key types, which zeroize themselves on drop;
//! vanban makes no copy of the PKCS#8 bytes, but p12-keystore's own
//! buffers (the decrypted bags) are freed without being zeroized.

use std::fmt;

use der::{Decode, DecodePem, Encode};
use rsa::signature::{SignatureEncoding, Signer as _};
use sha2::Sha256;
use time::OffsetDateTime;
use x509_cert::ext::pkix::KeyUsage;

use super::cms::{KeyKind, key_kind};
use super::{Certificate, Signer};
use crate::error::{Error, Result};

/// The private key of a [`KeyFile`].
enum Key {
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    P256(Box<p256::ecdsa::SigningKey>),
}

/// A private key and its certificate chain, read from a file: a [`Signer`].
pub struct KeyFile {
    key: Key,
    chain: Vec<Certificate>,
}

impl fmt::Debug for KeyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.key {
            Key::Rsa(_) => "RSA",
            Key::P256(_) => "P-256",
        };
        f.debug_struct("KeyFile")
            .field("key", &kind)
            .field(
                "subject",
                &self.chain.first().map(subject_name).unwrap_or_default(),
            )
            .field("chain", &self.chain.len())
            .finish()
    }
}

impl KeyFile {
    /// A key file from a PKCS#8 DER private key (RSA or P-256) and the chain,
    /// the key's certificate first. `file` names the source in errors.
    pub fn from_pkcs8(pkcs8: &[u8], chain: Vec<Certificate>, file: &str) -> Result<KeyFile> {
        let info = rsa::pkcs8::PrivateKeyInfoRef::from_der(pkcs8).map_err(|e| {
            Error::Sign(crate::msg!(
                "sign-key-not-pkcs8",
                file = file,
                reason = e.to_string()
            ))
        })?;
        let oid = info.algorithm.oid;
        let key = if oid == super::cms::RSA_ENCRYPTION {
            use rsa::pkcs8::DecodePrivateKey;
            let key = rsa::PrivateKey::from_pkcs8_der(pkcs8).map_err(|e| {
                Error::Sign(crate::msg!(
                    "sign-rsa-key-unreadable",
                    file = file,
                    reason = e.to_string()
                ))
            })?;
            Key::Rsa(Box::new(rsa::pkcs1v15::SigningKey::<Sha256>::new(key)))
        } else if oid == super::cms::ID_EC_PUBLIC_KEY {
            use p256::pkcs8::DecodePrivateKey;
            let key = p256::ecdsa::SigningKey::from_pkcs8_der(pkcs8).map_err(|e| {
                Error::Sign(crate::msg!(
                    "sign-ec-key-not-p256",
                    file = file,
                    reason = e.to_string()
                ))
            })?;
            Key::P256(Box::new(key))
        } else {
            return Err(Error::Sign(crate::msg!(
                "sign-key-type-unsupported",
                file = file,
                oid = oid.to_string()
            )));
        };
        let cert = chain
            .first()
            .ok_or_else(|| Error::Sign(crate::msg!("sign-key-no-certificate-add", file = file)))?;
        let pair = matches!(
            (&key, key_kind(cert)),
            (Key::Rsa(_), Ok(KeyKind::Rsa)) | (Key::P256(_), Ok(KeyKind::P256))
        );
        let who = subject_name(cert);
        let key_file = KeyFile { key, chain };
        if !pair || key_file.sign_check().is_err() {
            return Err(Error::Sign(crate::msg!(
                "sign-key-certificate-mismatch",
                file = file,
                who = who
            )));
        }
        Ok(key_file)
    }

    /// Signs a fixed message and checks it with the certificate's key.
    fn sign_check(&self) -> Result<()> {
        let message = b"vanban: does the key match its certificate?";
        let signature = self.sign(message)?;
        let cert = self
            .chain
            .first()
            .ok_or_else(|| Error::Sign(crate::msg!("sign-no-certificate")))?;
        super::cms::verify_signature(cert, message, &signature)
    }
}

impl Signer for KeyFile {
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        match &self.key {
            Key::Rsa(key) => key.try_sign(message).map(|s| s.to_vec()).map_err(|e| {
                Error::Sign(crate::msg!("sign-rsa-cannot-sign", reason = e.to_string()))
            }),
            Key::P256(key) => {
                let signature: p256::ecdsa::Signature = key.try_sign(message).map_err(|e| {
                    Error::Sign(crate::msg!("sign-p256-cannot-sign", reason = e.to_string()))
                })?;
                Ok(signature.to_der().to_vec())
            }
        }
    }
}

/// Reads a PKCS#12 (`.p12`, `.pfx`) file: its private key (RSA or P-256)
/// and the key's certificate chain (the certificate first, then its
/// issuers that the file holds). `file` names the file in errors.
pub fn load_p12(bytes: &[u8], password: &str, file: &str) -> Result<KeyFile> {
    use p12_keystore::error::Error as P12Error;
    let store = p12_keystore::KeyStore::from_pkcs12(
        bytes,
        password,
        p12_keystore::Pkcs12ImportPolicy::Relaxed,
    )
    .map_err(|e| match e {
        P12Error::MacError(_) => Error::Sign(crate::msg!("sign-wrong-password", file = file)),
        P12Error::DerError(_) | P12Error::InvalidVersion | P12Error::UnsupportedContentType => {
            Error::Sign(crate::msg!(
                "sign-not-pkcs12",
                file = file,
                reason = e.to_string()
            ))
        }
        // Files without a MAC are checked only when a bag is decrypted:
        // a bad padding or a key that does not parse is the password too.
        P12Error::UnpadError | P12Error::InvalidPrivateKey => {
            Error::Sign(crate::msg!("sign-wrong-password-decrypt", file = file))
        }
        other => Error::Sign(crate::msg!(
            "sign-pkcs12-unreadable",
            file = file,
            reason = other.to_string()
        )),
    })?;
    let Some((_, chain)) = store.private_key_chain() else {
        // The key store links a key to its certificate by localKeyId and
        // leaves out a key without one: look at the bags themselves.
        let has_key = p12_keystore::Pkcs12Archive::from_pkcs12(bytes, password)
            .is_ok_and(|a| !a.keys.is_empty());
        return Err(Error::Sign(if has_key {
            crate::msg!("sign-key-no-certificate-export", file = file)
        } else {
            crate::msg!("sign-p12-no-key", file = file)
        }));
    };
    if chain.certs().is_empty() {
        return Err(Error::Sign(crate::msg!(
            "sign-key-no-certificate-export",
            file = file
        )));
    }
    let mut certs = Vec::with_capacity(chain.certs().len());
    for c in chain.certs() {
        certs.push(Certificate::from_der(c.as_der()).map_err(|e| {
            Error::Sign(crate::msg!(
                "sign-certificate-unreadable",
                file = file,
                reason = e.to_string()
            ))
        })?);
    }
    // Read in place, not copied: p12-keystore zeroizes none of its buffers
    // (the decrypted key bags, the store), which this cannot reach; a copy
    // of ours would be one more.
    KeyFile::from_pkcs8(chain.key().as_der(), certs, file)
}

/// Reads certificates: PEM with one or more `CERTIFICATE` blocks (text
/// around them, as `openssl` prints, is skipped), or one DER certificate.
pub fn load_certificates(bytes: &[u8], file: &str) -> Result<Vec<Certificate>> {
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    if find(bytes, b"-----BEGIN").is_none() {
        return Certificate::from_der(bytes).map(|c| vec![c]).map_err(|e| {
            Error::Sign(crate::msg!(
                "sign-certificate-not-pem-der",
                file = file,
                reason = e.to_string()
            ))
        });
    }
    let mut certs = Vec::new();
    let mut rest = bytes;
    while let Some(start) = find(rest, BEGIN) {
        let block = rest.get(start..).unwrap_or_default();
        let end = find(block, END).ok_or_else(|| {
            Error::Sign(crate::msg!(
                "sign-certificate-no-end",
                file = file,
                number = certs.len() + 1
            ))
        })? + END.len();
        let pem = block.get(..end).unwrap_or_default();
        certs.push(Certificate::from_pem(pem).map_err(|e| {
            Error::Sign(crate::msg!(
                "sign-certificate-n-unreadable",
                file = file,
                number = certs.len() + 1,
                reason = e.to_string()
            ))
        })?);
        rest = block.get(end..).unwrap_or_default();
    }
    if certs.is_empty() {
        return Err(Error::Sign(crate::msg!(
            "sign-certificate-none",
            file = file
        )));
    }
    Ok(certs)
}

fn offset_time(t: &x509_cert::time::Time) -> Result<OffsetDateTime> {
    let secs = i64::try_from(t.to_unix_duration().as_secs())
        .map_err(|_| Error::Sign(crate::msg!("sign-certificate-date-range")))?;
    OffsetDateTime::from_unix_timestamp(secs)
        .map_err(|_| Error::Sign(crate::msg!("sign-certificate-date-range")))
}

fn date(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    t.to_offset(time::UtcOffset::UTC)
        .format(f)
        .unwrap_or_else(|_| t.to_string())
}

/// Checks that `cert` may sign at `now`: its key usage (when the extension
/// is present) includes digitalSignature or nonRepudiation, and `now` is
/// within its validity (an expired certificate is accepted only with
/// `allow_expired`). `file` names the certificate's file in errors.
pub fn check_certificate(
    cert: &Certificate,
    now: OffsetDateTime,
    allow_expired: bool,
    file: &str,
) -> Result<()> {
    let tbs = cert.tbs_certificate();
    let who = subject_name(cert);
    match tbs.get_extension::<KeyUsage>() {
        Ok(None) => {}
        Ok(Some((_, usage))) => {
            if !usage.digital_signature() && !usage.non_repudiation() {
                return Err(Error::Sign(crate::msg!(
                    "sign-certificate-usage",
                    file = file,
                    who = who
                )));
            }
        }
        Err(e) => {
            return Err(Error::Sign(crate::msg!(
                "sign-certificate-usage-damaged",
                file = file,
                who = who,
                reason = e.to_string()
            )));
        }
    }
    let validity = tbs.validity();
    let not_before = offset_time(&validity.not_before)?;
    let not_after = offset_time(&validity.not_after)?;
    if now < not_before {
        return Err(Error::Sign(crate::msg!(
            "sign-certificate-not-yet-valid",
            file = file,
            who = who,
            date = date(not_before)
        )));
    }
    if now > not_after && !allow_expired {
        return Err(Error::Sign(crate::msg!(
            "sign-certificate-expired",
            file = file,
            who = who,
            date = date(not_after)
        )));
    }
    Ok(())
}

/// The certificate subject's common name (CN), else the whole subject as an
/// RFC 4514 string.
pub fn subject_name(cert: &Certificate) -> String {
    super::verify::cms::display_name(cert.tbs_certificate().subject())
}

/// The agency's name a certificate carries: its organisation (O), else its
/// common name, else the whole subject. An agency's certificate names the
/// agency in both; a person's names the person in CN and the agency in O.
pub fn organization_name(cert: &Certificate) -> String {
    match cert.tbs_certificate().subject().organization() {
        Ok(Some(o)) => String::from(o),
        _ => subject_name(cert),
    }
}

/// The DER of a certificate (for callers that write it out).
pub fn certificate_der(cert: &Certificate) -> Result<Vec<u8>> {
    cert.to_der().map_err(|e| {
        Error::Sign(crate::msg!(
            "sign-certificate-encode",
            reason = e.to_string()
        ))
    })
}
