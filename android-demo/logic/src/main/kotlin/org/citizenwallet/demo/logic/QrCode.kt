package org.citizenwallet.demo.logic

import org.citizenwallet.qrMatrix

/**
 * A QR code ready to draw: [size]×[size] modules from the core's encoder (ECC M, alphanumeric mode).
 * The drawing side adds a light quiet zone of [QUIET_ZONE] modules around it and paints dark
 * modules where [isDark] says so.
 */
class QrCode private constructor(
    /** The presentation text ("CW1:" + Base45) encoded in this code. */
    val text: String,
    val version: Int,
    val size: Int,
    private val modules: BooleanArray,
) {
    fun isDark(x: Int, y: Int): Boolean = modules[y * size + x]

    override fun equals(other: Any?): Boolean = other is QrCode && other.text == text
    override fun hashCode(): Int = text.hashCode()

    // The text holds the disclosed claims: keep it out of logs.
    override fun toString(): String = "QrCode(version=$version, ${size}x$size)"

    companion object {
        /** Light modules needed around the code for scanners (ISO/IEC 18004). */
        const val QUIET_ZONE = 4

        fun of(text: String): QrCode {
            val matrix = qrMatrix(text)
            val size = matrix.width.toInt()
            require(matrix.modules.size == size * size) { "the QR matrix is not square" }
            return QrCode(text, matrix.version.toInt(), size, matrix.modules.toBooleanArray())
        }
    }
}
