//! Decodes the first frames of a Y4M video (the fake webcam's file) with the page's QR decoder,
//! natively, and prints what it found and how long each frame took (a measurement aid for
//! docs/counter-web.md, not a test): `cargo run --release -p citizen-wallet-wasm --example decode_y4m -- FILE [ROUNDS]`.

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: decode_y4m FILE.y4m");
    let data = std::fs::read(&path).expect("read the video");
    let header_end = data.iter().position(|&b| b == b'\n').expect("a Y4M header");
    let header = String::from_utf8_lossy(&data[..header_end]).to_string();
    let field = |p: char| -> usize {
        header.split(' ').find_map(|f| f.strip_prefix(p)).and_then(|v| v.parse().ok()).expect("W and H in the header")
    };
    let (w, h) = (field('W'), field('H'));
    let rounds: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut frames = Vec::new();
    let mut at = header_end + 1;
    while at + 6 <= data.len() && &data[at..at + 6] == b"FRAME\n" {
        frames.push(&data[at + 6..at + 6 + w * h]);
        at += 6 + w * h * 3 / 2;
    }
    for (frame, luma) in frames.iter().cycle().take(frames.len() * rounds).enumerate() {
        let start = Instant::now();
        let found = citizen_wallet::qr::decode_luma(luma, w, h).ok();
        println!(
            "frame {frame}: {} in {:.1} ms",
            found.map_or("no QR".to_string(), |t| format!("{} characters", t.len())),
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
}
