package org.citizenwallet.demo.logic

import com.google.zxing.BarcodeFormat
import com.google.zxing.BinaryBitmap
import com.google.zxing.DecodeHintType
import com.google.zxing.PlanarYUVLuminanceSource
import com.google.zxing.ReaderException
import com.google.zxing.common.HybridBinarizer
import com.google.zxing.qrcode.QRCodeReader

/**
 * Finds a QR code in the luminance (Y) plane of a camera frame with ZXing (open source, no
 * Play Services). CameraX's YUV_420_888 frames give the Y plane with one byte per pixel and a
 * [rowStride] that may exceed the width. One instance per analysis thread (ZXing readers keep state).
 */
class QrFrameDecoder {
    private val reader = QRCodeReader()
    private val hints = mapOf(DecodeHintType.POSSIBLE_FORMATS to listOf(BarcodeFormat.QR_CODE))

    /** The QR code's text, or null when this frame holds none (the usual case). */
    fun decode(luma: ByteArray, width: Int, height: Int, rowStride: Int = width): String? {
        require(width > 0 && height > 0 && rowStride >= width) { "bad frame geometry" }
        require(luma.size >= rowStride * (height - 1) + width) { "the frame is smaller than its geometry" }
        // ZXing reads the buffer as rowStride x height; pad a last row that the camera left short.
        val data = if (luma.size >= rowStride * height) luma else luma.copyOf(rowStride * height)
        val source = PlanarYUVLuminanceSource(data, rowStride, height, 0, 0, width, height, false)
        return try {
            reader.decode(BinaryBitmap(HybridBinarizer(source)), hints).text
        } catch (e: ReaderException) {
            null
        } finally {
            reader.reset()
        }
    }
}
