// Reads a QR code from a PNG with ZXing core alone (no javase module, no Android): the decoder the
// android-demo's counter uses. Prints the decoded text to stdout and, on stderr, the symbol's
// version, error correction level and module size in pixels.
// Run: javac -cp ZXING.jar -d classes scripts/ZxingReadQr.java
//      java -cp ZXING.jar:classes ZxingReadQr qr.png > text.txt      (see scripts/test-portrait.sh)

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.DetectorResult;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.detector.Detector;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

public class ZxingReadQr {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ZxingReadQr IMAGE.png");
            System.exit(2);
        }
        BufferedImage image = ImageIO.read(new File(args[0]));
        if (image == null) {
            System.err.println("not an image: " + args[0]);
            System.exit(2);
        }
        int w = image.getWidth(), h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, argb)));

        // Camera-like decoding first: find the symbol (no PURE_BARCODE shortcut), try harder, QR only.
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        Result result;
        String mode;
        try {
            result = new QRCodeReader().decode(bitmap, hints);
            mode = "detector";
        } catch (ReaderException e) {
            // ZXing 3.4.1's finder-pattern search misses or misplaces some perfectly drawn symbols
            // (about 1 in 18 of these PNGs, see docs/portrait.md): then read it as an upright,
            // unskewed symbol.
            Map<DecodeHintType, Object> pure = new EnumMap<>(hints);
            pure.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
            result = new QRCodeReader().decode(bitmap, pure);
            mode = "pure-barcode (the detector failed: " + e.getClass().getSimpleName() + ")";
        }
        Object ecc = result.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL);
        // The symbol's size: from the detector when it finds the symbol, else from the image (the
        // PNGs have a 4-module quiet zone on each side).
        int modules;
        double pixelsPerModule;
        try {
            DetectorResult found = new Detector(bitmap.getBlackMatrix()).detect(hints);
            modules = found.getBits().getWidth();
            ResultPoint[] p = found.getPoints(); // bottom-left, top-left, top-right finder centres
            pixelsPerModule = ResultPoint.distance(p[1], p[2]) / (modules - 7);
            if (!mode.equals("detector")) throw NotFoundException.getNotFoundInstance();
        } catch (ReaderException e) {
            int symbol = bitmap.getBlackMatrix().getEnclosingRectangle()[2];
            pixelsPerModule = (w - symbol) / 8.0;
            modules = (int) Math.round(symbol / pixelsPerModule);
        }
        System.err.printf("ZXing (%s): QR version %d (%d modules), ECC %s, %.1f px per module, %d characters%n",
            mode, (modules - 17) / 4, modules, ecc, pixelsPerModule, result.getText().length());
        System.out.write(result.getText().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }
}
