//! Where the signature image and the seal go in a signer's signature space
//! (Nghị định 30/2020, Phụ lục I): the pure geometry, shared by the page
//! (compose places the images) and by signing (a signature's appearance must
//! sit exactly where the page would have placed the image).

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
/// `aspect` (height over width) fitted into 80 % of the width and the whole
/// height, centred; without an image, a nominal box of the space's height
/// (twice as wide, at most 80 % of the width), centred.
pub fn signature_box(width: f32, height: f32, aspect: Option<f32>) -> SignBox {
    let (w, h) = match aspect {
        Some(a) if a > 0.0 => {
            let w = (width * 0.8).min(height / a);
            (w, w * a)
        }
        _ => ((height * 2.0).min(width * 0.8), height),
    };
    SignBox {
        x: (width - w) / 2.0,
        y: (height - h) / 2.0,
        width: w,
        height: h,
    }
}

/// The seal's box, `width` wide and `width * aspect` high, over the left
/// third of the signature box `signature`: `seal.right = signature.left +
/// signature.width / 3`, the same vertical centre.
pub fn seal_box(signature: &SignBox, width: f32, aspect: f32) -> SignBox {
    let height = width * aspect;
    SignBox {
        x: signature.x + signature.width / 3.0 - width,
        y: signature.y + signature.height / 2.0 - height / 2.0,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seal_covers_the_left_third_on_the_same_centre() {
        let sig = signature_box(200.0, 80.0, Some(0.5));
        assert_eq!(sig.width, 160.0);
        assert_eq!(sig.height, 80.0);
        assert_eq!(sig.x, 20.0);
        let seal = seal_box(&sig, 100.0, 1.0);
        assert!((seal.x + seal.width - (sig.x + sig.width / 3.0)).abs() < 1e-4);
        assert!((seal.y + seal.height / 2.0 - 40.0).abs() < 1e-4);
        let nominal = signature_box(200.0, 80.0, None);
        assert_eq!((nominal.width, nominal.height), (160.0, 80.0));
    }
}
