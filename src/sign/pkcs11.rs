//! Signing with a key on a token (a USB token, a smart card, an HSM)
//! through its PKCS#11 module, with `cryptoki`.
//!
//! The key never leaves the token: [`TokenKey::sign`] asks the token for
//! the signature, `CKM_SHA256_RSA_PKCS` for an RSA key, and for a P-256 key
//! `CKM_ECDSA` over the SHA-256 of the message (the token answers the raw
//! `r || s`, turned here into the DER `Ecdsa-Sig-Value` CMS stores). The PIN
//! is kept (zeroized on drop) only for keys that ask for it at each
//! signature (`CKA_ALWAYS_AUTHENTICATE`).

use std::fmt;
use std::path::Path;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use der::Decode;
use sha2::{Digest, Sha256};

use super::{Certificate, Signer};
use crate::error::{Error, Result};

/// The kind of key on the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rsa,
    Ec,
}

/// A private key on a token, with its certificate chain: a [`Signer`].
pub struct TokenKey {
    // The session borrows nothing, but it must be closed before the
    // context goes: fields drop in order, the session first.
    session: Session,
    _context: Pkcs11,
    key: ObjectHandle,
    kind: Kind,
    always_authenticate: Option<AuthPin>,
    chain: Vec<Certificate>,
    module: String,
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenKey")
            .field("module", &self.module)
            .field("kind", &self.kind)
            .field(
                "subject",
                &self
                    .chain
                    .first()
                    .map(super::keys::subject_name)
                    .unwrap_or_default(),
            )
            .finish()
    }
}

/// A PKCS#11 error: `what` is the step that failed, a key of the message's
/// selector (`initialise`, `login`, `sign`, …).
fn ck(module: &str, what: &'static str, e: CkError) -> Error {
    Error::Sign(crate::msg!(
        "sign-pkcs11-step",
        module = module,
        what = what,
        reason = e.to_string()
    ))
}

/// Decodes a hexadecimal key id (`01`, `a1b2`), if `s` is one.
fn hex_id(s: &str) -> Option<Vec<u8>> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    if s.is_empty() || !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect()
}

fn attr_bytes(attrs: &[Attribute], which: AttributeType) -> Option<Vec<u8>> {
    attrs.iter().find_map(|a| match (a, which) {
        (Attribute::Id(v), AttributeType::Id) | (Attribute::Label(v), AttributeType::Label) => {
            Some(v.clone())
        }
        (Attribute::Value(v), AttributeType::Value) => Some(v.clone()),
        _ => None,
    })
}

impl TokenKey {
    /// Opens the private key on a token.
    ///
    /// - `module`: the token's PKCS#11 library (`/usr/lib/softhsm/libsofthsm2.so`,
    ///   a vendor's `.so`);
    /// - `slot`: first an index into the slots that hold a token (`0` the
    ///   first), and when there are not that many, a slot id as the module
    ///   numbers them; `None`: the first slot with a token;
    /// - `pin`: the user PIN (logged in as the normal user). PKCS#11 keeps
    ///   a login for all the sessions of a process: while another
    ///   [`TokenKey`] of this process is open on the same token, the token
    ///   is already logged in and does not check the PIN again;
    /// - `label_or_id`: the key's `CKA_LABEL`, or its `CKA_ID` in
    ///   hexadecimal (`01`); `None`: the only private key on the token;
    /// - `chain`: the certificate chain (signer first); `None`: the
    ///   certificate on the token with the key's `CKA_ID`.
    pub fn open(
        module: &Path,
        slot: Option<u64>,
        pin: &str,
        label_or_id: Option<&str>,
        chain: Option<Vec<Certificate>>,
    ) -> Result<TokenKey> {
        let name = module.display().to_string();
        let context = Pkcs11::new(module).map_err(|e| {
            Error::Sign(crate::msg!(
                "sign-pkcs11-load",
                name = &name,
                reason = e.to_string()
            ))
        })?;
        match context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
            Err(e) => return Err(ck(&name, "initialise", e)),
        }
        let slots = context
            .get_slots_with_token()
            .map_err(|e| ck(&name, "slots", e))?;
        let slot = pick_slot(&slots, slot, &name)?;
        let session = context
            .open_ro_session(slot)
            .map_err(|e| ck(&name, "session", e))?;
        let pin = AuthPin::from(pin);
        match session.login(UserType::User, Some(&pin)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(CkError::Pkcs11(RvError::PinIncorrect, _)) => {
                return Err(Error::Sign(crate::msg!(
                    "sign-wrong-pin",
                    slot = slot.id(),
                    name = name
                )));
            }
            Err(CkError::Pkcs11(RvError::PinLocked, _)) => {
                return Err(Error::Sign(crate::msg!(
                    "sign-token-locked",
                    slot = slot.id(),
                    name = name
                )));
            }
            Err(e) => return Err(ck(&name, "login", e)),
        }
        let key = find_key(&session, label_or_id, &name)?;
        let attrs = session
            .get_attributes(
                key,
                &[
                    AttributeType::KeyType,
                    AttributeType::Id,
                    AttributeType::AlwaysAuthenticate,
                ],
            )
            .map_err(|e| ck(&name, "read-key", e))?;
        let kind = match attrs.iter().find_map(|a| match a {
            Attribute::KeyType(t) => Some(*t),
            _ => None,
        }) {
            Some(KeyType::RSA) => Kind::Rsa,
            Some(KeyType::EC) => Kind::Ec,
            Some(other) => {
                return Err(Error::Sign(crate::msg!(
                    "sign-token-key-type",
                    name = name,
                    kind = other.to_string()
                )));
            }
            None => {
                return Err(Error::Sign(crate::msg!(
                    "sign-token-key-no-type",
                    name = name
                )));
            }
        };
        let always = attrs
            .iter()
            .any(|a| matches!(a, Attribute::AlwaysAuthenticate(true)));
        let chain = match chain {
            Some(chain) if !chain.is_empty() => chain,
            _ => {
                let id = attr_bytes(&attrs, AttributeType::Id).unwrap_or_default();
                vec![find_certificate(&session, &id, &name)?]
            }
        };
        let first = chain
            .first()
            .ok_or_else(|| Error::Sign(crate::msg!("sign-token-no-certificate")))?;
        let cert_kind = super::cms::key_kind(first)?;
        let matches = matches!(
            (kind, cert_kind),
            (Kind::Rsa, super::cms::KeyKind::Rsa) | (Kind::Ec, super::cms::KeyKind::P256)
        );
        if !matches {
            return Err(Error::Sign(crate::msg!(
                "sign-token-key-mismatch",
                name = name,
                who = super::keys::subject_name(first)
            )));
        }
        Ok(TokenKey {
            session,
            _context: context,
            key,
            kind,
            always_authenticate: always.then_some(pin),
            chain,
            module: name,
        })
    }
}

fn pick_slot(slots: &[Slot], slot: Option<u64>, name: &str) -> Result<Slot> {
    let list = || {
        slots
            .iter()
            .map(|s| s.id().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if slots.is_empty() {
        return Err(Error::Sign(crate::msg!("sign-no-token", name = name)));
    }
    match slot {
        None => slots
            .first()
            .copied()
            .ok_or_else(|| Error::Sign(crate::msg!("sign-no-slot"))),
        Some(n) => usize::try_from(n)
            .ok()
            .and_then(|i| slots.get(i))
            .or_else(|| slots.iter().find(|s| s.id() == n))
            .copied()
            .ok_or_else(|| {
                Error::Sign(crate::msg!(
                    "sign-no-token-in-slot",
                    n = n,
                    name = name,
                    slots = list(),
                    last = slots.len() - 1
                ))
            }),
    }
}

fn find_key(session: &Session, label_or_id: Option<&str>, name: &str) -> Result<ObjectHandle> {
    let keys = session
        .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY)])
        .map_err(|e| ck(name, "list-keys", e))?;
    let mut described = Vec::with_capacity(keys.len());
    for &k in &keys {
        let attrs = session
            .get_attributes(k, &[AttributeType::Label, AttributeType::Id])
            .map_err(|e| ck(name, "read-a-key", e))?;
        let label = attr_bytes(&attrs, AttributeType::Label)
            .map(|l| String::from_utf8_lossy(&l).into_owned())
            .unwrap_or_default();
        let id = attr_bytes(&attrs, AttributeType::Id).unwrap_or_default();
        described.push((k, label, id));
    }
    let names = || {
        described
            .iter()
            .map(|(_, label, id)| {
                let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
                format!("{label:?} (id {hex})")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match label_or_id {
        Some(want) => described
            .iter()
            .find(|(_, label, _)| label == want)
            .or_else(|| {
                let id = hex_id(want)?;
                described.iter().find(|(_, _, i)| *i == id)
            })
            .map(|(k, _, _)| *k)
            .ok_or_else(|| {
                Error::Sign(crate::msg!(
                    "sign-token-no-such-key",
                    want = format!("{:?}", want),
                    name = name,
                    keys = if described.is_empty() {
                        "none".to_string()
                    } else {
                        names()
                    }
                ))
            }),
        None => match described.as_slice() {
            [] => Err(Error::Sign(crate::msg!("sign-token-no-key", name = name))),
            [(k, _, _)] => Ok(*k),
            _ => Err(Error::Sign(crate::msg!(
                "sign-token-several-keys",
                name = name,
                count = described.len(),
                keys = names()
            ))),
        },
    }
}

fn find_certificate(session: &Session, id: &[u8], name: &str) -> Result<Certificate> {
    let certs = session
        .find_objects(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::Id(id.to_vec()),
        ])
        .map_err(|e| ck(name, "list-certificates", e))?;
    let cert = certs
        .first()
        .ok_or_else(|| Error::Sign(crate::msg!("sign-token-key-no-certificate", name = name)))?;
    let attrs = session
        .get_attributes(*cert, &[AttributeType::Value])
        .map_err(|e| ck(name, "read-certificate", e))?;
    let der = attr_bytes(&attrs, AttributeType::Value).unwrap_or_default();
    Certificate::from_der(&der).map_err(|e| {
        Error::Sign(crate::msg!(
            "sign-token-certificate-unreadable",
            name = name,
            reason = e.to_string()
        ))
    })
}

impl Signer for TokenKey {
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        if let Some(pin) = &self.always_authenticate {
            self.session
                .login(UserType::ContextSpecific, Some(pin))
                .map_err(|e| ck(&self.module, "pin-again", e))?;
        }
        let name = &self.module;
        match self.kind {
            Kind::Rsa => self
                .session
                .sign(&Mechanism::Sha256RsaPkcs, self.key, message)
                .map_err(|e| ck(name, "sign", e)),
            Kind::Ec => {
                let digest = Sha256::digest(message);
                let raw = self
                    .session
                    .sign(&Mechanism::Ecdsa, self.key, &digest)
                    .map_err(|e| ck(name, "sign", e))?;
                let sig = p256::ecdsa::Signature::from_slice(&raw).map_err(|e| {
                    Error::Sign(crate::msg!(
                        "sign-token-ecdsa-size",
                        name = name,
                        size = raw.len(),
                        reason = e.to_string()
                    ))
                })?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_are_read_as_hex() {
        assert_eq!(hex_id("01"), Some(vec![1]));
        assert_eq!(hex_id("0xA1b2"), Some(vec![0xa1, 0xb2]));
        assert_eq!(hex_id("1"), None);
        assert_eq!(hex_id("signer"), None);
    }

    #[test]
    fn a_missing_module_is_a_clear_error() {
        let err = TokenKey::open(
            Path::new("/nonexistent/libtoken.so"),
            None,
            "1234",
            None,
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("cannot load the PKCS#11 module"), "{err}");
        assert!(err.contains("/nonexistent/libtoken.so"), "{err}");
    }
}
