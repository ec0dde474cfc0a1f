//! Text: fonts, shaping and line breaking. Both the PDF typesetter and the
//! DOCX writer measure text here, so that rules sized to text agree.

pub mod font;
pub mod lines;
pub mod shape;

pub use font::{FaceId, FontBytes, FontFace, FontSet};
pub use lines::{Line, LineRun, Measure, TextPiece, break_lines, break_para};
pub use shape::{Glyph, Shaper};
