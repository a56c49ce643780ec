//! Webcam-like frames of a QR code: the counter page's fake camera (`web_fixtures`) and the
//! decoder's sweep over sizes and angles (`decode_sweep`) draw them the same way. Also the
//! decoder's worst case, a picture tiled with finder-pattern look-alikes.

use citizen_wallet::qr::QrImage;

/// Frame width, in pixels (a 720p webcam).
pub const W: usize = 1280;
/// Frame height, in pixels.
pub const H: usize = 720;

/// One 1280×720 greyscale frame: the QR as a phone screen held up to a webcam shows it, centred
/// at `centre`, `scale` pixels per module (not a whole number: the camera's distance is
/// arbitrary), turned by `angle` degrees; 2×2 supersampled, lightly blurred, with low contrast,
/// uneven light and ±1 grey level of sensor noise drawn from `noise`, on a grey desk.
pub fn frame(image: &QrImage, scale: f64, angle: f64, centre: (f64, f64), noise: &mut u32) -> Vec<u8> {
    let side = image.width();
    let quiet = image.quiet_zone() as usize;
    let modules = image.modules();
    let total = (side + 2 * quiet) as f64;
    let (sin, cos) = angle.to_radians().sin_cos();
    // The grey level at a point of the picture: a module, the quiet zone, or the desk.
    let shade = |x: f64, y: f64| -> f64 {
        let (dx, dy) = (x - centre.0, y - centre.1);
        let mx = (cos * dx + sin * dy) / scale + total / 2.0;
        let my = (-sin * dx + cos * dy) / scale + total / 2.0;
        if mx < 0.0 || my < 0.0 || mx >= total || my >= total {
            return 110.0;
        }
        let (mx, my) = ((mx as usize).wrapping_sub(quiet), (my as usize).wrapping_sub(quiet));
        if mx < side && my < side && modules[my * side + mx] { 45.0 } else { 205.0 }
    };
    let mut luma = vec![0u8; W * H];
    for y in 0..H {
        for x in 0..W {
            // 2×2 supersampling: edges land between pixels as a lens would put them.
            let mut sum = 0.0;
            for (dx, dy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                sum += shade(x as f64 + dx, y as f64 + dy);
            }
            let light = 0.85 + 0.15 * (x as f64 / W as f64); // brighter to the right
            luma[y * W + x] = (sum / 4.0 * light) as u8;
        }
    }
    // A light blur (focus: the centre weighs 9/17 of a 3×3 window), then noise.
    let mut out = luma.clone();
    for y in 1..H - 1 {
        for x in 1..W - 1 {
            let mut s = 0u32;
            for yy in y - 1..=y + 1 {
                for xx in x - 1..=x + 1 {
                    s += luma[yy * W + xx] as u32;
                }
            }
            *noise = noise.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let n = (*noise >> 24) as i32 % 3 - 1;
            out[y * W + x] = (((s + 8 * luma[y * W + x] as u32) / 17) as i32 + n).clamp(0, 255) as u8;
        }
    }
    out
}

/// A `w`×`h` picture tiled with finder-pattern look-alikes (dark ring, light ring, dark core),
/// `sizes` px wide in turn (each 7 to 11): the worst case for the QR detectors, whose work grows
/// with the square of the finder-like shapes they meet (`decode_sweep --hostile`,
/// tests/tests/qr_decode.rs).
pub fn tiled_finders(w: usize, h: usize, sizes: &[usize]) -> Vec<u8> {
    let mut luma = vec![255u8; w * h];
    let mut sizes = sizes.iter().cycle();
    for ty in (0..h.saturating_sub(12)).step_by(11) {
        for tx in (0..w.saturating_sub(12)).step_by(11) {
            let size = *sizes.next().expect("at least one size");
            for y in 0..size {
                for x in 0..size {
                    let (fx, fy) = (x * 7 / size, y * 7 / size);
                    let ring = fx.min(fy).min(6 - fx).min(6 - fy);
                    luma[(ty + y) * w + tx + x] = if ring == 1 { 255 } else { 0 };
                }
            }
        }
    }
    luma
}
