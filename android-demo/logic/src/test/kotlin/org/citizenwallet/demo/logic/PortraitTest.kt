package org.citizenwallet.demo.logic

import java.io.File
import java.util.Base64
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/**
 * The portrait (issue 17): "with photo" is an explicit choice on the wallet side; the counter's
 * verdict carries the bytes and media type for the app to decode and show beside the name; no
 * state's toString() holds the bytes.
 */
class PortraitTest {
    @get:Rule val tmp = TemporaryFolder()

    private fun counter() = CounterController.open(DEMO_TRUST, File(tmp.root, "trust"), null)

    private fun present(t: TestWallet, withPhoto: Boolean, preset: Preset = Preset.NameAndIdNumber): PresentState.Showing {
        val p = PresentController(t.wallet, FakeClock())
        p.load()
        p.choosePreset(preset)
        p.setWithPhoto(withPhoto)
        p.show()
        return assertIs<PresentState.Showing>(p.state.value)
    }

    private fun verdictOf(c: CounterController, text: String): Verdict.Accepted {
        c.scanNext()
        c.onQrText(text)
        return assertIs<Verdict.Accepted>(assertIs<CounterState.Result>(c.state.value).verdict)
    }

    @Test
    fun withPhotoIsAnExplicitChoiceOfferedOnlyForACredentialWithAPortrait() {
        val t = TestWallet(tmp.root, portrait = DEMO_PORTRAIT)
        val p = PresentController(t.wallet, FakeClock())
        p.load()
        val identity = assertIs<PresentState.Choosing>(p.state.value)
        assertTrue(identity.photoAvailable)
        assertFalse(identity.withPhoto, "the photo is off until the citizen turns it on")
        assertTrue(identity.claims.none { it.name == Portrait.CLAIM }, "not one of the claim toggles")
        p.choosePreset(Preset.FullIdentity)
        assertFalse(Portrait.CLAIM in assertIs<PresentState.Choosing>(p.state.value).disclosing, "no preset adds the photo")
        p.setWithPhoto(true)
        assertTrue(Portrait.CLAIM in assertIs<PresentState.Choosing>(p.state.value).disclosing)

        // Another credential resets the choice; the residence credential has no portrait to offer.
        p.chooseCredential(t.residenceId)
        val residence = assertIs<PresentState.Choosing>(p.state.value)
        assertFalse(residence.photoAvailable)
        p.setWithPhoto(true)
        assertFalse(assertIs<PresentState.Choosing>(p.state.value).withPhoto)
        t.wallet.close()
    }

    @Test
    fun aPortraitQrGivesTheCounterTheBytesAndMediaType() {
        val t = TestWallet(tmp.root, portrait = DEMO_PORTRAIT)
        val showing = present(t, withPhoto = true)
        assertTrue(showing.withPhoto)
        assertTrue("Photo" in showing.disclosed)
        assertTrue(showing.qr.version in 25..30, "version ${showing.qr.version}")

        val c = counter()
        val v = verdictOf(c, showing.qr.text)
        val portrait = assertNotNull(v.portrait)
        assertEquals("image/webp", portrait.mediaType)
        assertContentEquals(DEMO_PORTRAIT.bytes, portrait.bytes)
        assertEquals(listOf("full_name", "id_number"), v.claims.map { it.name }, "the picture is not a text line")
        // The wallet's log records that the photo was shown (the name, never the image).
        assertTrue(t.wallet.presentationLog().any { Portrait.CLAIM in it.disclosed })
        c.close()
        t.wallet.close()
    }

    @Test
    fun withoutThePhotoChosenTheCounterGetsNoPortrait() {
        val t = TestWallet(tmp.root, portrait = DEMO_PORTRAIT)
        val c = counter()
        for (preset in listOf(Preset.NameAndIdNumber, Preset.FullIdentity)) {
            val showing = present(t, withPhoto = false, preset = preset)
            assertFalse(showing.withPhoto)
            assertFalse("Photo" in showing.disclosed)
            val v = verdictOf(c, showing.qr.text)
            assertNull(v.portrait)
            assertTrue(v.claims.none { it.name == Portrait.CLAIM })
        }
        c.close()
        t.wallet.close()
    }

    @Test
    fun noStateOrVerdictToStringContainsThePortraitBytes() {
        val t = TestWallet(tmp.root, portrait = DEMO_PORTRAIT)
        val showing = present(t, withPhoto = true)
        val c = counter()
        verdictOf(c, showing.qr.text)
        val result = c.state.value
        val verdict = assertIs<Verdict.Accepted>(assertIs<CounterState.Result>(result).verdict)
        val portrait = assertNotNull(verdict.portrait)

        val bytes = DEMO_PORTRAIT.bytes
        val forms = listOf(
            String(bytes, Charsets.ISO_8859_1).substring(0, 24), // raw ("RIFF....WEBPVP8 ...")
            Base64.getEncoder().encodeToString(bytes).substring(0, 24),
            Base64.getUrlEncoder().encodeToString(bytes).substring(0, 24),
            bytes.joinToString("") { "%02x".format(it) }.substring(0, 24),
            bytes.take(8).joinToString(", "), // Arrays.toString / contentToString
            showing.qr.text.substring(4, 40), // the Base45 QR text, which carries the image
        )
        val strings = listOf(result.toString(), verdict.toString(), portrait.toString(), showing.toString(),
            portrait.decodeWith { it }.toString())
        for (s in strings) for (f in forms) assertFalse(s.contains(f), "toString leaks the portrait: $s")
        assertTrue(verdict.toString().contains("Portrait(image/webp, ${bytes.size} bytes)"))
        c.close()
        t.wallet.close()
    }

    @Test
    fun bytesThePlatformCannotDecodeAreATypedErrorNotABlankPicture() {
        val portrait = Portrait("image/webp", DEMO_PORTRAIT.bytes)
        val failed = assertIs<PortraitView.NotDecodable>(portrait.decodeWith<Any> { null }) // BitmapFactory's null
        assertEquals("image/webp", failed.mediaType)
        assertEquals(DEMO_PORTRAIT.bytes.size, failed.size)
        assertTrue(failed.message.contains("could not be decoded"))
        assertIs<PortraitView.NotDecodable>(portrait.decodeWith<Any> { throw IllegalArgumentException("bad") })
        val shown = assertIs<PortraitView.Shown<Int>>(portrait.decodeWith { it.size })
        assertEquals(DEMO_PORTRAIT.bytes.size, shown.image)
    }
}
