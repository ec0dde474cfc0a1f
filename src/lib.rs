//! vanban turns JSON data into Vietnamese administrative documents laid out
//! as Nghị định 30/2020/NĐ-CP prescribes, and writes them as PDF with the
//! fonts embedded.
//!
//! The pipeline runs one way: [`input`] (parse, check) → [`compose`] (apply a
//! [`layout`]) → [`doc`] (the format-neutral model) → [`pdf`] (typeset, write).
//!
//! ```
//! let engine = vanban::Engine::new()?;
//! let json = r#"{"kind": "bao-cao", "issuer": {"name": "UBND PHƯỜNG LAM SƠN"},
//!   "number": "5", "symbol": "BC-UBND", "place": "Lam Sơn", "date": "2023-09-05",
//!   "subject": "Kết quả công tác quý III", "body": ["Nội dung báo cáo./."],
//!   "signature": {"position": "Chủ tịch", "name": "Nguyễn Văn A"}}"#;
//! let out = engine.render(json.as_bytes(), "example.json")?;
//! assert!(out.pdf.unwrap().starts_with(b"%PDF-"));
//! assert!(out.docx.unwrap().starts_with(b"PK"));
//! # Ok::<(), vanban::Error>(())
//! ```
#![deny(missing_docs)]
// No panic reachable from user input: errors are values. Unit tests may unwrap.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod batch;
pub mod compose;
pub mod doc;
pub mod docx;
pub mod error;
pub mod fsread;
pub mod i18n;
pub mod import;
pub mod input;
pub mod layout;
pub mod output;
pub mod pdf;
pub mod picture;
pub mod preview;
pub mod serve;
pub mod sign;
pub mod text;

mod engine;

pub use engine::{Engine, Formats, RenderOptions, Rendered};
pub use error::{Diagnostic, Error, Result};
pub use i18n::{Lang, Msg};
pub use input::Limits;
pub use pdf::{PdfOptions, PdfStandard};
