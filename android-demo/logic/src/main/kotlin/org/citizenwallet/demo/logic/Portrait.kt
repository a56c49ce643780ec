package org.citizenwallet.demo.logic

import org.citizenwallet.PortraitImage

/**
 * A disclosed face image (the `portrait` claim): its media type and bytes, as the core verified
 * them (the container header matches the declared format; pixels are never decoded in the core).
 * Biometric data: [toString] shows only the media type and length, never the bytes, and nothing
 * here logs or stores it.
 */
class Portrait(val mediaType: String, bytes: ByteArray) {
    private val data = bytes.copyOf()

    /** A copy of the image bytes, for the decoder. */
    val bytes: ByteArray get() = data.copyOf()

    val size: Int get() = data.size

    override fun equals(other: Any?): Boolean =
        other is Portrait && other.mediaType == mediaType && other.data.contentEquals(data)

    override fun hashCode(): Int = 31 * mediaType.hashCode() + data.contentHashCode()

    override fun toString(): String = "Portrait($mediaType, $size bytes)"

    /**
     * Decodes with the platform's decoder (the app: `BitmapFactory.decodeByteArray`, which returns
     * null for bytes it cannot read). A failure is a typed [PortraitView.NotDecodable], never a
     * blank picture.
     */
    fun <T : Any> decodeWith(decoder: (ByteArray) -> T?): PortraitView<T> {
        val image = try {
            decoder(bytes)
        } catch (e: RuntimeException) {
            null
        }
        return if (image != null) PortraitView.Shown(image, this) else PortraitView.NotDecodable(mediaType, size)
    }

    companion object {
        /** The claim name the core gives the portrait. */
        const val CLAIM = "portrait"

        fun of(image: PortraitImage): Portrait = Portrait(image.mediaType, image.bytes)
    }
}

/** What the counter screen shows beside the name. */
sealed interface PortraitView<out T> {
    data class Shown<T>(val image: T, val portrait: Portrait) : PortraitView<T> {
        override fun toString(): String = "Shown($portrait)"
    }

    /** The bytes passed the core's header check but the platform could not decode them. */
    data class NotDecodable(val mediaType: String, val size: Int) : PortraitView<Nothing> {
        val message: String
            get() = "The portrait ($mediaType, $size bytes) could not be decoded: do not rely on it, check the ID card's photo."
    }
}
