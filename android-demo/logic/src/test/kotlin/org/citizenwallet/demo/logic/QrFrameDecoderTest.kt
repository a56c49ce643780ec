package org.citizenwallet.demo.logic

import java.util.Random
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNull
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/**
 * Phone screen to counter camera without the camera: the QR drawn from [QrCode] the way the app
 * draws it, placed in a camera-sized luminance frame with row padding and sensor noise, decoded
 * by ZXing, then verified.
 */
class QrFrameDecoderTest {
    @get:Rule val tmp = TemporaryFolder()

    /** A grey frame with the code at [scale] px per module plus its quiet zone, at (left, top). */
    private fun frame(
        qr: QrCode,
        width: Int,
        height: Int,
        rowStride: Int,
        scale: Int,
        left: Int,
        top: Int,
        noise: Int = 12,
    ): ByteArray {
        val random = Random(7)
        val luma = ByteArray(rowStride * height) { (random.nextInt(256)).toByte() } // padding bytes: garbage
        fun put(x: Int, y: Int, level: Int) {
            val v = (level + random.nextInt(2 * noise + 1) - noise).coerceIn(0, 255)
            luma[y * rowStride + x] = v.toByte()
        }
        for (y in 0 until height) for (x in 0 until width) put(x, y, 150) // a grey counter top
        val side = (qr.size + 2 * QrCode.QUIET_ZONE) * scale
        for (py in 0 until side) for (px in 0 until side) {
            val mx = px / scale - QrCode.QUIET_ZONE
            val my = py / scale - QrCode.QUIET_ZONE
            val dark = mx in 0 until qr.size && my in 0 until qr.size && qr.isDark(mx, my)
            put(left + px, top + py, if (dark) 25 else 235)
        }
        return luma
    }

    @Test
    fun aPresentationQrInACameraFrameDecodesAndVerifies() {
        val t = TestWallet(tmp.root)
        val p = PresentController(t.wallet, FakeClock()).apply { load() }
        p.choosePreset(Preset.FullIdentity)
        p.show()
        val qr = assertIs<PresentState.Showing>(p.state.value).qr
        assertEquals(qr.size, 17 + 4 * qr.version, "a bare module matrix (quiet zone added when drawing)")

        // 1280x720 analysis frame, rows padded to 1344 bytes as camera HALs do.
        val luma = frame(qr, width = 1280, height = 720, rowStride = 1344, scale = 5, left = 300, top = 40)
        val text = QrFrameDecoder().decode(luma, 1280, 720, rowStride = 1344)
        assertEquals(qr.text, text)

        val counter = CounterController(counterVerifier())
        counter.onQrText(text!!)
        val verdict = assertIs<Verdict.Accepted>(assertIs<CounterState.Result>(counter.state.value).verdict)
        assertEquals(SAMPLE_NAME, verdict.claims.first { it.name == "full_name" }.value)
    }

    @Test
    fun aLastRowShorterThanTheStrideIsAccepted() {
        val qr = QrCode.of("CW1:HELLO")
        val full = frame(qr, width = 320, height = 240, rowStride = 384, scale = 4, left = 40, top = 40)
        val short = full.copyOf(384 * 239 + 320) // some devices end the Y buffer right after the last pixel
        assertEquals("CW1:HELLO", QrFrameDecoder().decode(short, 320, 240, rowStride = 384))
    }

    @Test
    fun aFrameWithoutACodeGivesNull() {
        val random = Random(1)
        val noise = ByteArray(640 * 480) { random.nextInt(256).toByte() }
        val decoder = QrFrameDecoder()
        assertNull(decoder.decode(noise, 640, 480))
        assertNull(decoder.decode(ByteArray(640 * 480) { 120 }, 640, 480))
        assertFailsWith<IllegalArgumentException> { decoder.decode(ByteArray(10), 640, 480) }
        assertFailsWith<IllegalArgumentException> { decoder.decode(ByteArray(640 * 480), 640, 480, rowStride = 600) }
    }
}
