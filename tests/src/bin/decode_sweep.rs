//! How reliably the counter page's QR decoder reads a QR held up to a webcam: draws the QR into
//! 1280×720 frames (`cwallet_tests::camera::frame`, as the fake camera of the Chromium tests) at a
//! sweep of sizes (pixels per module) and angles, and prints which frames
//! `citizen_wallet::qr::decode_luma` reads. A measurement aid for docs/counter-web.md, not a test:
//! `cargo run --release -p cwallet-tests --bin decode_sweep -- QR.txt`.
//!
//! `-- --hostile` instead times the decoder on pictures tiled with finder-pattern look-alikes of
//! slightly different sizes, the worst case for its detectors.

use citizen_wallet::qr::{EcLevel, QrImage};
use cwallet_tests::camera::{self, H, W};

fn main() {
    let path = std::env::args().nth(1).expect("usage: decode_sweep QR.txt | --hostile");
    if path == "--hostile" {
        return hostile();
    }
    let text = std::fs::read_to_string(&path).expect("read the QR text");
    let text = text.trim();
    let qr = QrImage::from_text(text, EcLevel::M).expect("QR image");
    let total = (qr.width() + 2 * qr.quiet_zone() as usize) as f64;
    println!("version {}, {total} modules with the quiet zone, {} characters", qr.version(), text.len());
    let angles = [0.0, 3.0, 10.0, 25.0, 45.0];
    print!("px/module");
    for a in angles {
        print!(" | {a:>4}°");
    }
    println!();
    let (mut read, mut all) = (0, 0);
    let mut noise = 0x1234_5678;
    let mut scale = 2.5;
    while total * scale <= H as f64 {
        print!("{scale:>9.2}");
        for angle in angles {
            let (sin, cos) = f64::to_radians(angle).sin_cos();
            if total * scale * (sin.abs() + cos.abs()) > H as f64 {
                print!(" | {:>5}", "·"); // turned, the QR no longer fits in the frame
                continue;
            }
            let centre = (W as f64 / 2.0 + 37.0, H as f64 / 2.0);
            let frame = camera::frame(&qr, scale, angle, centre, &mut noise);
            let ok = citizen_wallet::qr::decode_luma(&frame, W, H).ok().as_deref() == Some(text);
            read += ok as usize;
            all += 1;
            print!(" | {:>5}", if ok { "yes" } else { "-" });
        }
        println!();
        scale += 0.25;
    }
    println!("read {read} of the {all} frames the QR fits in (·: it does not fit)");
}

/// Decode times on [`camera::tiled_finders`] of 7 to 9 px (sizes that differ keep the older
/// detector from stopping early).
fn hostile() {
    for (w, h) in [(1280, 720), (2048, 2048), (4000, 4000)] {
        let luma = camera::tiled_finders(w, h, &[8, 9, 7]);
        for thorough in [false, true] {
            let start = std::time::Instant::now();
            let result = citizen_wallet::internal::decode_luma_with(luma.clone(), w, h, thorough);
            println!(
                "{w}×{h}, {} search: {:?} in {:.2} s",
                if thorough { "thorough" } else { "quick" },
                result.map(|t| t.len()),
                start.elapsed().as_secs_f64()
            );
        }
    }
}
