//! The QR decoder (`qr::decode_luma`, `qr::decode_image`) on pictures a camera, a clerk or an
//! attacker can hand it: webcam-like frames at awkward sizes and angles, a big photo that is
//! scaled down first, and hostile pixels that must come back as an error, not a panic.

use citizen_wallet::QrError;
use citizen_wallet::qr::{self, EcLevel, QrImage};
use cwallet_tests::camera::{self, H, W};

/// A presentation-sized QR text (version 22 at ECC M), as `cwallet present` makes them.
fn qr_text() -> String {
    let body: String =
        (0..1034).map(|i| b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"[i * 7 % 45] as char).collect();
    format!("CW1:{body}")
}

#[test]
fn reads_webcam_frames_at_sizes_and_angles_between_whole_pixels() {
    let text = qr_text();
    let image = QrImage::from_text(&text, EcLevel::M).unwrap();
    assert_eq!(image.version(), 22);
    let mut noise = 7;
    // The sizes and angles of the Chromium fake-camera videos, and two more, where the earlier
    // decoder (rqrr's detector) found nothing (docs/counter-web.md).
    for (scale, angle) in [(4.5, 10.0), (3.25, 3.0), (4.25, 25.0), (2.75, 45.0)] {
        let frame = camera::frame(&image, scale, angle, (W as f64 / 2.0, H as f64 / 2.0), &mut noise);
        assert_eq!(qr::decode_luma(&frame, W, H).as_deref(), Ok(text.as_str()), "{scale} px/module, {angle}°");
        // The same frame as a browser canvas hands it over (RGBA, grey: r = g = b).
        let rgba: Vec<u8> = frame.iter().flat_map(|&v| [v, v, v, 255]).collect();
        assert_eq!(qr::decode_rgba(&rgba, W, H).as_deref(), Ok(text.as_str()), "RGBA, {scale} px/module, {angle}°");
    }
    assert!(matches!(qr::decode_rgba(&[0u8; 10], 2, 2), Err(QrError::Image(_))));
}

#[test]
fn a_photo_larger_than_the_search_is_scaled_down_and_read() {
    let text = qr_text();
    let image = QrImage::from_text(&text, EcLevel::M).unwrap();
    // 113 modules × 32 px = 3616 px a side: scaled by 2 before the search.
    let png = image.to_png(32);
    assert_eq!(qr::decode_image(&png).as_deref(), Ok(text.as_str()));
}

#[test]
fn hostile_pixels_give_an_error_not_a_panic() {
    // A picture tiled with finder-pattern look-alikes (the detectors' worst case).
    let (w, h) = (640, 480);
    let tiled = camera::tiled_finders(w, h, &[7]);
    assert_eq!(qr::decode_luma(&tiled, w, h), Err(QrError::NotFound));
    // Shapes no QR code fits in, and pixel counts that do not match the size.
    let strip = vec![0u8; 100_000];
    assert!(matches!(qr::decode_luma(&strip, 100_000, 1), Err(QrError::Image(_))));
    assert!(matches!(qr::decode_luma(&strip, 20, 5_000), Err(QrError::Image(_))));
    assert!(matches!(qr::decode_luma(&[0u8; 400], 20, 20), Err(QrError::Image(_))));
    assert!(matches!(qr::decode_luma(&[0u8; 10], 1_000, 1_000), Err(QrError::Image(_))));
    assert!(matches!(qr::decode_luma(&[], usize::MAX, 2), Err(QrError::Image(_))));
    // Flat grey and noise.
    assert_eq!(qr::decode_luma(&vec![128u8; W * H], W, H), Err(QrError::NotFound));
    let mut seed = 1u32;
    let noise: Vec<u8> = (0..W * H)
        .map(|_| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 24) as u8
        })
        .collect();
    assert!(qr::decode_luma(&noise, W, H).is_err());
}
