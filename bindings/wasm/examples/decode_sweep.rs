//! How reliably the page's QR decoder reads a QR held up to a webcam: renders the QR into
//! 1280×720 frames at a sweep of sizes (pixels per module) and angles, with the blur, uneven light
//! and sensor noise of tests/src/bin/web_fixtures.rs, and prints which frames the page's decoder
//! (`citizen_wallet::qr::decode_luma`) reads
//! (a measurement aid for docs/counter-web.md, not a test):
//! `cargo run --release -p citizen-wallet-wasm --example decode_sweep -- QR.txt`.

use citizen_wallet::qr::{EcLevel, QrImage};

const W: usize = 1280;
const H: usize = 720;

fn main() {
    let path = std::env::args().nth(1).expect("usage: decode_sweep QR.txt");
    let text = std::fs::read_to_string(&path).expect("read the QR text");
    let qr = QrImage::from_text(text.trim(), EcLevel::M).expect("QR image");
    let total = qr.width() + 2 * qr.quiet_zone() as usize;
    println!("version {}, {} modules with the quiet zone, {} characters", qr.version(), total, text.trim().len());
    let angles = [0.0, 3.0, 10.0, 25.0, 45.0];
    print!("px/module");
    for a in angles {
        print!(" | {a:>4}°");
    }
    println!();
    let (mut read, mut all) = (0, 0);
    let mut scale = 2.5;
    while total as f64 * scale <= H as f64 {
        print!("{scale:>9.2}");
        for angle in angles {
            let (sin, cos) = f64::to_radians(angle).sin_cos();
            if total as f64 * scale * (sin.abs() + cos.abs()) > H as f64 {
                print!(" | {:>5}", "·"); // turned, the QR no longer fits in the frame
                continue;
            }
            let frame = render(&qr, scale, angle);
            let ok = citizen_wallet::qr::decode_luma(&frame, W, H).ok().as_deref() == Some(text.trim());
            read += ok as usize;
            all += 1;
            print!(" | {:>5}", if ok { "yes" } else { "-" });
        }
        println!();
        scale += 0.25;
    }
    println!("read {read} of the {all} frames the QR fits in (·: it does not fit)");
}

/// The QR centred in the frame, `scale` pixels per module, turned by `angle` degrees.
fn render(qr: &QrImage, scale: f64, angle: f64) -> Vec<u8> {
    let side = qr.width();
    let quiet = qr.quiet_zone() as usize;
    let modules = qr.modules();
    let total = (side + 2 * quiet) as f64;
    let (sin, cos) = angle.to_radians().sin_cos();
    let (cx, cy) = (W as f64 / 2.0 + 37.0, H as f64 / 2.0);
    let shade = |x: f64, y: f64| -> f64 {
        // Frame point → module coordinates (turned back about the centre).
        let (dx, dy) = (x - cx, y - cy);
        let (mx, my) = ((cos * dx + sin * dy) / scale + total / 2.0, (-sin * dx + cos * dy) / scale + total / 2.0);
        if mx < 0.0 || my < 0.0 || mx >= total || my >= total {
            return 110.0; // the desk around the phone
        }
        let (mx, my) = (mx as usize, my as usize);
        let inside = mx >= quiet && my >= quiet && mx < quiet + side && my < quiet + side;
        if inside && modules[(my - quiet) * side + (mx - quiet)] { 45.0 } else { 205.0 }
    };
    let mut luma = vec![0u8; W * H];
    for y in 0..H {
        for x in 0..W {
            let mut sum = 0.0;
            for (dx, dy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                sum += shade(x as f64 + dx, y as f64 + dy);
            }
            luma[y * W + x] = (sum / 4.0 * (0.85 + 0.15 * x as f64 / W as f64)) as u8;
        }
    }
    let mut noise: u32 = 0x1234_5678;
    let mut out = luma.clone();
    for y in 1..H - 1 {
        for x in 1..W - 1 {
            let mut s = 0u32;
            for yy in y - 1..=y + 1 {
                for xx in x - 1..=x + 1 {
                    s += luma[yy * W + xx] as u32;
                }
            }
            noise = noise.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let n = (noise >> 24) as i32 % 3 - 1;
            out[y * W + x] = (((s + 8 * luma[y * W + x] as u32) / 17) as i32 + n).clamp(0, 255) as u8;
        }
    }
    out
}
