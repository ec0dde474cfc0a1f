//! PDF output: [`typeset`] lays the document out on pages (plain data), and
//! [`write`] serialises the pages with krilla.

pub mod typeset;
pub mod write;

pub use typeset::{Item, Page, Point, RuleItem, TextItem, typeset};
pub use write::write_pdf;
