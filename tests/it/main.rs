//! Integration tests, built into one binary. They read the written files back
//! with PyMuPDF and poppler, which `scripts/test` installs.

#[macro_use]
mod support;

mod appendix;
mod archive;
mod bad_input;
mod batch;
mod batch_stamps;
mod bounded;
mod cli;
mod docx_output;
mod editor;
mod fonts;
mod fuzz_regressions;
mod hostile_import;
mod hostile_io;
mod hostile_render;
mod import;
mod import_docx;
mod import_pdf;
mod import_real;
mod kinds;
mod layout;
mod messages;
mod messages_sign;
mod pdf_output;
mod preview;
mod props;
mod reference;
mod schema;
mod serve;
mod sign_cli;
mod sign_keys;
mod sign_pdf;
mod sign_pki;
mod sign_tsa_server;
mod sign_verify;
mod tagged;
