//! `vanban sign` and `vanban verify`: files, passwords and exit codes around
//! the library's [`vanban::sign`] steps.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use vanban::sign::{self, Role, SignOptions, Signer};

use vanban::{Lang, Msg, msg};

use super::{lang, read_source, shown, t, write_out};

/// The arguments of `vanban sign`.
#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// The PDF to sign (written by `vanban render`), or with `--finish` the
    /// PDF written by `--prepare`.
    input: PathBuf,
    /// The signed PDF (written atomically; may be the input itself).
    #[arg(short, long, value_name = "OUT.pdf")]
    output: PathBuf,

    /// A PKCS#12 file (.p12, .pfx) holding the key and its certificate.
    #[arg(long, value_name = "FILE", group = "key")]
    p12: Option<PathBuf>,
    /// A file whose first line is the password of `--p12` (else the
    /// environment variable `VANBAN_P12_PASSWORD`; never on the command
    /// line, where other users of the machine could read it).
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// A PKCS#11 module (the USB token's driver, e.g.
    /// `/usr/lib/softhsm/libsofthsm2.so`).
    #[arg(long, value_name = "MODULE.so", group = "key")]
    pkcs11: Option<PathBuf>,
    /// The token's slot: its index among the slots that hold a token
    /// (default: the first).
    #[arg(long, value_name = "N")]
    slot: Option<u64>,
    /// A file whose first line is the token's PIN (else `VANBAN_PKCS11_PIN`).
    #[arg(long, value_name = "FILE")]
    pin_file: Option<PathBuf>,
    /// The key's label (or hex id) on the token, when it holds several.
    #[arg(long, value_name = "LABEL")]
    key_label: Option<String>,
    /// The signer's certificate chain (PEM or DER, signer first): for a
    /// token without its certificate, and for `--prepare`/`--finish`.
    #[arg(long, value_name = "CHAIN.pem")]
    cert: Option<PathBuf>,

    /// The signer's field (default: the first unsigned one).
    #[arg(long, value_name = "NAME")]
    field: Option<String>,
    /// The signer's handwritten signature (PNG, blue, transparent).
    #[arg(long, value_name = "FILE.png")]
    image: Option<PathBuf>,
    /// Sign as the agency: a new field showing the seal over the left third
    /// of the signer's image.
    #[arg(long, requires = "seal", conflicts_with = "attachment")]
    agency: bool,
    /// The agency's seal (PNG, red, transparent), for `--agency`.
    #[arg(long, value_name = "FILE.png")]
    seal: Option<PathBuf>,
    /// The seal's printed diameter in millimetres (default 36).
    #[arg(long, value_name = "MM", value_parser = parse_seal_mm)]
    seal_mm: Option<f32>,
    /// The signer's field the seal goes over (default: the last signed).
    #[arg(long, value_name = "NAME", requires = "agency")]
    over: Option<String>,
    /// Sign an attachment or an electronic copy as the agency: the
    /// signature's information at the top right of page 1.
    #[arg(long)]
    attachment: bool,
    /// The agency's name shown and recorded (default: the certificate's
    /// organisation, else its common name).
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// A line shown under the agency's name on an attachment (e-mail, number
    /// and symbol); repeatable.
    #[arg(long = "line", value_name = "TEXT")]
    lines: Vec<String>,

    /// The signing time, ISO 8601 (`2025-01-24T20:01:14+07:00`); default
    /// now, in Việt Nam's time zone.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    time: Option<time::OffsetDateTime>,
    /// `/Reason` of the signature.
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
    /// `/Location` of the signature.
    #[arg(long, value_name = "TEXT")]
    location: Option<String>,
    /// An RFC 3161 time-stamp server (`http://…`): PAdES B-T.
    #[arg(long, value_name = "URL")]
    tsa: Option<String>,
    /// Bytes reserved for the signature (at most 32,767).
    #[arg(long, value_name = "BYTES", default_value_t = sign::DEFAULT_RESERVE)]
    reserve: usize,
    /// Sign with a certificate that has expired (or is not yet valid).
    #[arg(long)]
    allow_expired: bool,

    /// Step 1 only: write the prepared PDF to `--output` and what to sign
    /// (JSON: the byte range, the document digest, and with `--cert` the
    /// signed attributes and their digest) to `--digest-out`.
    #[arg(long, conflicts_with_all = ["finish", "p12", "pkcs11"], requires = "digest_out")]
    prepare: bool,
    /// Where `--prepare` writes what to sign (JSON).
    #[arg(long, value_name = "FILE.json")]
    digest_out: Option<PathBuf>,
    /// Step 3 only: complete a PDF from `--prepare` with `--cms`, or with
    /// `--signature` and `--cert`.
    #[arg(long, conflicts_with_all = ["p12", "pkcs11"])]
    finish: bool,
    /// A detached CMS/PKCS#7 signature (DER or PEM) over the prepared
    /// document digest, for `--finish`.
    #[arg(
        long,
        value_name = "SIG.p7s",
        requires = "finish",
        conflicts_with = "signature"
    )]
    cms: Option<PathBuf>,
    /// A raw signature (RSA PKCS#1 v1.5 or ECDSA, DER) of the signed
    /// attributes' digest from `--prepare`, for `--finish` with `--cert`.
    #[arg(long, value_name = "SIG.bin", requires_all = ["finish", "cert"])]
    signature: Option<PathBuf>,
}

/// The arguments of `vanban verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Signed PDFs.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print the reports as JSON (one array of one object per file).
    #[arg(long)]
    json: bool,
}

/// The most a password, PIN, image or signature file may be.
const SMALL_FILE: u64 = 20 << 20;

fn parse_time(s: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| t(msg!("cli-sign-bad-time", value = s, reason = e.to_string())))
}

fn parse_seal_mm(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(mm) if (10.0..=80.0).contains(&mm) => Ok(mm),
        _ => Err(t(msg!("cli-sign-bad-seal-mm", value = s))),
    }
}

/// Việt Nam's time zone, UTC+7.
fn vietnam() -> time::UtcOffset {
    time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC)
}

/// A message and its hint (the `.hint` attribute) on the next line, in the
/// command line's language.
fn with_hint(m: &Msg) -> String {
    let lang = lang();
    let mut out = m.text(lang);
    if let Some(hint) = m.hint(lang) {
        out.push_str(&format!("\n  {}: {hint}", msg!("label-hint").text(lang)));
    }
    out
}

/// Reads a small file; `what` says which (a key of the messages'
/// selector: `seal`, `image`, `certificate`, `key`, `signature`,
/// `password`, `pin`).
fn read_small(path: &Path, what: &'static str) -> anyhow::Result<Vec<u8>> {
    vanban::fsread::read_regular(path, SMALL_FILE).map_err(|e| {
        anyhow::anyhow!(t(msg!(
            "cli-sign-cannot-read",
            what = what,
            file = shown(path),
            reason = e.to_string()
        )))
    })
}

/// A secret from the first line of `file`, else from the environment;
/// `what` is `password` or `pin`.
fn secret(
    file: Option<&Path>,
    var: &str,
    what: &'static str,
    flag: &str,
) -> anyhow::Result<String> {
    let text = match file {
        Some(f) => String::from_utf8(read_small(f, what)?).with_context(|| {
            t(msg!(
                "cli-sign-secret-not-utf8",
                what = what,
                file = shown(f)
            ))
        })?,
        None => match std::env::var(var) {
            Ok(v) => v,
            Err(_) => bail!(with_hint(&msg!(
                "cli-sign-no-secret",
                what = what,
                flag = flag,
                var = var
            ))),
        },
    };
    Ok(text.lines().next().unwrap_or_default().to_string())
}

impl SignArgs {
    fn options(&self, chain: Option<&[sign::Certificate]>) -> anyhow::Result<SignOptions> {
        let time = self
            .time
            .unwrap_or_else(|| time::OffsetDateTime::now_utc().to_offset(vietnam()));
        let agency_name = || -> anyhow::Result<String> {
            match (&self.name, chain.and_then(<[_]>::first)) {
                (Some(n), _) => Ok(n.clone()),
                (None, Some(cert)) => Ok(sign::keys::organization_name(cert)),
                (None, None) => bail!(with_hint(&msg!("cli-sign-agency-name-unknown"))),
            }
        };
        let role = if self.agency {
            let seal = self
                .seal
                .as_deref()
                .with_context(|| t(msg!("cli-sign-agency-needs-seal")))?;
            Role::Agency {
                seal: read_small(seal, "seal")?,
                seal_mm: self.seal_mm,
                name: agency_name()?,
                over: self.over.clone(),
            }
        } else if self.attachment {
            Role::Attachment {
                name: agency_name()?,
                lines: self.lines.clone(),
            }
        } else {
            Role::Signer {
                field: self.field.clone(),
                image: match &self.image {
                    Some(p) => Some(read_small(p, "image")?),
                    None => None,
                },
            }
        };
        Ok(SignOptions {
            role,
            time,
            reason: self.reason.clone(),
            location: self.location.clone(),
            reserve: self.reserve,
        })
    }

    fn chain_file(&self) -> anyhow::Result<Option<Vec<sign::Certificate>>> {
        let Some(path) = &self.cert else {
            return Ok(None);
        };
        let bytes = read_small(path, "certificate")?;
        let name = path.display().to_string();
        Ok(Some(sign::keys::load_certificates(&bytes, &name)?))
    }

    fn signer(&self) -> anyhow::Result<(Box<dyn Signer>, String)> {
        if let Some(p12) = &self.p12 {
            let password = secret(
                self.password_file.as_deref(),
                "VANBAN_P12_PASSWORD",
                "password",
                "--password-file",
            )?;
            let name = p12.display().to_string();
            let bytes = read_small(p12, "key")?;
            let key = sign::keys::load_p12(&bytes, &password, &name)?;
            return Ok((Box::new(key), name));
        }
        if let Some(module) = &self.pkcs11 {
            let pin = secret(
                self.pin_file.as_deref(),
                "VANBAN_PKCS11_PIN",
                "pin",
                "--pin-file",
            )?;
            let key = sign::pkcs11::TokenKey::open(
                module,
                self.slot,
                &pin,
                self.key_label.as_deref(),
                self.chain_file()?,
            )?;
            return Ok((Box::new(key), module.display().to_string()));
        }
        bail!(with_hint(&msg!("cli-sign-no-key")))
    }
}

/// Runs `vanban sign`.
pub fn run_sign(args: &SignArgs) -> anyhow::Result<ExitCode> {
    let input = args.input.as_path();
    let limits = vanban::Limits::default();
    let pdf = read_source(input, &limits)?;
    let in_name = shown(input);
    if args.finish {
        let signed = if let Some(cms) = &args.cms {
            let cms = read_small(cms, "signature")?;
            sign::finish_cms(&pdf, &cms)
        } else if let Some(sig) = &args.signature {
            let raw = read_small(sig, "signature")?;
            let chain = args.chain_file()?.unwrap_or_default();
            sign::finish_raw(&pdf, &raw, &chain, args.tsa.as_deref())
        } else {
            bail!(t(msg!("cli-sign-finish-needs")))
        }
        .with_context(|| in_name.clone())?;
        write_out(Some(&args.output), &signed)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.prepare {
        let chain = args.chain_file()?;
        let options = args.options(chain.as_deref())?;
        if let Some(cert) = chain.as_deref().and_then(<[_]>::first) {
            sign::keys::check_certificate(cert, options.time, args.allow_expired, "--cert")?;
        }
        let prepared = sign::prepare(&pdf, &options).with_context(|| in_name.clone())?;
        let to_sign = sign::ToSign::new(&prepared, chain.as_deref())?;
        let mut json = serde_json::to_vec_pretty(&to_sign)?;
        json.push(b'\n');
        write_out(Some(&args.output), &prepared.pdf)?;
        write_out(args.digest_out.as_deref(), &json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (signer, key_name) = args.signer()?;
    let options = args.options(Some(signer.chain()))?;
    let cert = signer
        .chain()
        .first()
        .with_context(|| t(msg!("cli-sign-key-no-certificate", key = key_name.as_str())))?;
    sign::keys::check_certificate(cert, options.time, args.allow_expired, &key_name)?;
    let signed = sign::sign(&pdf, &options, signer.as_ref(), args.tsa.as_deref())
        .with_context(|| in_name.clone())?;
    write_out(Some(&args.output), &signed)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `vanban verify`: 0 when every file's signatures are all valid and
/// nothing but signing and form filling came after them, 1 otherwise.
pub fn run_verify(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let limits = vanban::Limits::default();
    let mut all_valid = true;
    let mut reports = Vec::new();
    for file in &args.files {
        let name = shown(file);
        let report = read_source(file, &limits)
            .and_then(|pdf| sign::verify::verify_with(&pdf, &limits).with_context(|| name.clone()));
        match report {
            Ok(report) => {
                all_valid &= report.valid;
                if args.json {
                    reports.push(
                        serde_json::json!({"file": file.display().to_string(), "report": report}),
                    );
                } else {
                    write_out(None, report_text(&name, &report).as_bytes())?;
                }
            }
            Err(e) => {
                all_valid = false;
                if args.json {
                    // JSON keeps English (what programs read), and the
                    // message's id when the error is vanban's.
                    let mut entry = serde_json::json!({
                        "file": file.display().to_string(),
                        "error": super::show_in(&e, Lang::En),
                    });
                    if let (Some(code), Some(map)) = (error_code(&e), entry.as_object_mut()) {
                        map.insert("code".into(), code.into());
                    }
                    reports.push(entry);
                } else {
                    eprintln!("{}: {}", t(msg!("label-error")), super::show(&e));
                }
            }
        }
    }
    if args.json {
        let mut json = serde_json::to_vec_pretty(&reports)?;
        json.push(b'\n');
        write_out(None, &json)?;
    }
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The message id of the first of vanban's errors in the chain, if any.
fn error_code(e: &anyhow::Error) -> Option<&'static str> {
    e.chain()
        .find_map(|c| match c.downcast_ref::<vanban::Error>()? {
            vanban::Error::Sign(m) => Some(m.id()),
            _ => None,
        })
}

/// The report as text in the command line's language, one line per fact
/// (written by the caller at once: a closed pipe is an error, never a
/// panic as `println!` would make).
fn report_text(name: &str, report: &sign::verify::Report) -> String {
    use std::fmt::Write;
    let lang = lang();
    let mut out = String::new();
    let e = |s: &str| vanban::error::escape(s).into_owned();
    let yes = |b: bool| if b { "yes" } else { "no" };
    let _ = writeln!(
        out,
        "{}",
        msg!(
            "cli-verify-summary",
            file = name,
            signatures = report.signatures.len(),
            revisions = report.revisions,
            valid = yes(report.valid)
        )
        .text(lang)
    );
    for s in &report.signatures {
        let line = |m: Msg| format!("    {}", m.text(lang));
        let _ = writeln!(
            out,
            "  {}",
            msg!(
                "cli-verify-field",
                field = e(&s.field),
                valid = yes(s.valid)
            )
            .text(lang)
        );
        let _ = writeln!(
            out,
            "{}",
            line(msg!("cli-verify-signer", name = e(&s.subject)))
        );
        if let Some(time) = &s.time {
            let _ = writeln!(out, "{}", line(msg!("cli-verify-time", time = e(time))));
        }
        if let Some(time) = &s.timestamp {
            let _ = writeln!(
                out,
                "{}",
                line(msg!("cli-verify-timestamp", time = e(time)))
            );
        }
        let _ = writeln!(
            out,
            "{}",
            line(msg!("cli-verify-digest", matches = yes(s.digest_matches)))
        );
        let _ = writeln!(
            out,
            "{}",
            line(msg!("cli-verify-signature", valid = yes(s.signature_valid)))
        );
        let _ = writeln!(
            out,
            "{}",
            line(msg!(
                "cli-verify-covers",
                revision = s.covers.revision,
                whole = yes(s.covers.whole_file)
            ))
        );
        let after = if s.modified {
            "other"
        } else if s.later_changes.is_empty() {
            "nothing"
        } else {
            "signing"
        };
        let _ = writeln!(out, "{}", line(msg!("cli-verify-after", changes = after)));
        for p in s.problems_in(lang) {
            let _ = writeln!(out, "{}", line(msg!("cli-verify-problem", text = e(&p))));
        }
        for w in s.warnings_in(lang) {
            let _ = writeln!(out, "{}", line(msg!("cli-verify-warning", text = e(&w))));
        }
    }
    out
}
