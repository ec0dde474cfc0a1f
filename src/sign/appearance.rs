//! What a signature shows: the signer's image, the seal over its left third,
//! an attachment's lines of text. (Skeleton: built on branch `signpdf`.)
