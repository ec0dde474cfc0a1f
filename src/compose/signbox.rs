//! Where the signature image and the seal go in a signer's signature space
//! (Nghị định 30/2020, Phụ lục I): the pure geometry, shared by the page
//! (compose places the images) and by signing (a signature's appearance must
//! sit exactly where the page would have placed the image).

use crate::layout::Closing;

/// The layout's rules for the images in a signature space (`closing` in the
/// layout file).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// The signature image's greatest width as a share of the space.
    pub width_ratio: f32,
    /// The seal's right edge within the signature image, as
    /// `[numerator, denominator]` of its width from the left.
    pub seal_covers: [f32; 2],
}

impl Rules {
    /// The rules of a layout's closing row.
    pub fn of(closing: &Closing) -> Self {
        let [n, d] = closing.seal_covers;
        Rules {
            width_ratio: closing.signature_width_ratio,
            seal_covers: [f32::from(n), f32::from(d)],
        }
    }
}

/// A box in a signature space, from the space's top-left corner (`y` grows
/// downwards); lengths in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignBox {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// The signature image's box in a space `width` × `height`: an image of
/// `aspect` (height over width) fitted into the rules' share of the width
/// (Phụ lục I: 80 %) and the whole height, centred; without an image, a
/// nominal box of the space's height (twice as wide, at most that share of
/// the width), centred.
pub fn signature_box(width: f32, height: f32, aspect: Option<f32>, rules: &Rules) -> SignBox {
    let most = width * rules.width_ratio;
    let (w, h) = match aspect {
        Some(a) if a > 0.0 => {
            let w = most.min(height / a);
            (w, w * a)
        }
        _ => ((height * 2.0).min(most), height),
    };
    SignBox {
        x: (width - w) / 2.0,
        y: (height - h) / 2.0,
        width: w,
        height: h,
    }
}

/// The seal's box, `width` wide and `width * aspect` high, over the left
/// part of the signature box `signature` the rules say (Phụ lục I: a
/// third): `seal.right = signature.left + signature.width × 1/3`, the same
/// vertical centre.
pub fn seal_box(signature: &SignBox, width: f32, aspect: f32, rules: &Rules) -> SignBox {
    let height = width * aspect;
    let [n, d] = rules.seal_covers;
    SignBox {
        x: signature.x + signature.width * n / d - width,
        y: signature.y + signature.height / 2.0 - height / 2.0,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nd30() -> Rules {
        Rules::of(&crate::layout::Layout::nd30().unwrap().closing)
    }

    #[test]
    fn the_seal_covers_the_left_third_on_the_same_centre() {
        let rules = nd30();
        let sig = signature_box(200.0, 80.0, Some(0.5), &rules);
        assert_eq!(sig.width, 160.0);
        assert_eq!(sig.height, 80.0);
        assert_eq!(sig.x, 20.0);
        let seal = seal_box(&sig, 100.0, 1.0, &rules);
        assert!((seal.x + seal.width - (sig.x + sig.width / 3.0)).abs() < 1e-4);
        assert!((seal.y + seal.height / 2.0 - 40.0).abs() < 1e-4);
        let nominal = signature_box(200.0, 80.0, None, &rules);
        assert_eq!((nominal.width, nominal.height), (160.0, 80.0));
    }

    #[test]
    fn the_rules_come_from_the_layout() {
        let rules = Rules {
            width_ratio: 0.5,
            seal_covers: [1.0, 2.0],
        };
        let sig = signature_box(200.0, 80.0, Some(0.1), &rules);
        assert_eq!(sig.width, 100.0);
        let seal = seal_box(&sig, 30.0, 1.0, &rules);
        assert!((seal.x + seal.width - (sig.x + 50.0)).abs() < 1e-4);
    }
}
