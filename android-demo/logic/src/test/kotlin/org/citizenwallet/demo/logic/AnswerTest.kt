package org.citizenwallet.demo.logic

import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.citizenwallet.CounterRequest
import org.citizenwallet.RequestSigner
import org.citizenwallet.TrustAnchorSigner
import org.citizenwallet.Verifier
import org.citizenwallet.VerifierPolicy
import org.junit.After
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/**
 * Answering a counter's signed request: the counter's registered name from the bundle the wallet
 * holds, the requested claims, and "with photo" as an explicit choice even when the counter asks.
 */
class AnswerTest {
    @get:Rule val tmp = TemporaryFolder()

    private val bank = RequestSigner.generate("https://bank.example.vn", "Ngân hàng Ví dụ", "bank-1")
    private val operator = TrustAnchorSigner.generate("test-root")

    /** A bundle listing the demo issuer and the bank, registered to ask for name, ID and photo. */
    private val trust: AppTrust by lazy {
        val registry = bank.registrationJson(listOf("full_name", "id_number", "age_over_18", "portrait"))
        AppTrust(operator.signBundle(1uL, DEMO_TRUST_LIST, verifiersJson = registry), listOf(operator.anchor()))
    }

    @After
    fun close() {
        bank.close()
        operator.close()
    }

    private fun reviewing(a: AnswerController, request: CounterRequest): AnswerState.Reviewing {
        a.onRequestText(request.qrText)
        return assertIs<AnswerState.Reviewing>(a.state.value)
    }

    private fun verifiedAtTheBank(answer: AnswerState, request: CounterRequest): Verdict.Accepted {
        val qr = assertIs<AnswerState.Answered>(answer).qr.text
        return Verifier(DEMO_TRUST_LIST, VerifierPolicy(audience = request.audience)).use {
            Verdicts.accepted(it.verifyAnswer(qr, request))
        }
    }

    @Test
    fun aRegisteredCounterAskingForThePhotoGetsItOnlyWhenTheCitizenChoosesIt() {
        val t = TestWallet(tmp.root, portrait = DEMO_PORTRAIT, trust = trust)
        val request = bank.createRequest("Mở tài khoản", listOf("full_name", "id_number", "portrait"))
        val a = AnswerController(t.wallet, trust)

        val r = reviewing(a, request)
        assertTrue(r.registered)
        assertEquals("Ngân hàng Ví dụ", r.counterName)
        assertEquals(listOf("full_name", "id_number"), r.claims.filter { it.selected }.map { it.name })
        assertTrue(r.photoRequested)
        assertFalse(r.withPhoto, "asked for, but off until the citizen turns it on")
        a.approve()
        val without = assertIs<AnswerState.Answered>(a.state.value)
        assertFalse(without.withPhoto)
        assertNull(verifiedAtTheBank(without, request).portrait)

        val again = bank.createRequest("Mở tài khoản", listOf("full_name", "id_number", "portrait"))
        a.reset()
        reviewing(a, again)
        a.setWithPhoto(true)
        a.approve()
        val with = assertIs<AnswerState.Answered>(a.state.value)
        assertTrue(with.withPhoto)
        assertTrue("Photo" in with.disclosed)
        val portrait = assertNotNull(verifiedAtTheBank(with, again).portrait)
        assertEquals("image/webp", portrait.mediaType)
        assertContentEquals(DEMO_PORTRAIT.bytes, portrait.bytes)
        t.wallet.close()
    }

    @Test
    fun aRequestWithoutThePhotoOffersNoPhotoChoice() {
        val t = TestWallet(tmp.root, portrait = DEMO_PORTRAIT, trust = trust)
        val request = bank.createRequest("Bán rượu", listOf("age_over_18"))
        val a = AnswerController(t.wallet, trust)
        assertFalse(reviewing(a, request).photoRequested)
        a.setWithPhoto(true)
        assertFalse(assertIs<AnswerState.Reviewing>(a.state.value).withPhoto)
        a.approve()
        val v = verifiedAtTheBank(a.state.value, request)
        assertEquals(listOf("age_over_18"), v.claims.map { it.name })
        assertNull(v.portrait)
        t.wallet.close()
    }

    @Test
    fun anUnregisteredCounterIsMarkedAndNeedsConfirmationOnTheDemoBundle() {
        // The demo app's own (expired, demo-policy) bundle registers no counter.
        val t = TestWallet(tmp.root, portrait = DEMO_PORTRAIT)
        val request = bank.createRequest("Mở tài khoản", listOf("full_name", "portrait"))
        val a = AnswerController(t.wallet, DEMO_TRUST)
        val r = reviewing(a, request)
        assertFalse(r.registered)
        assertTrue(r.counterName.startsWith("UNVERIFIED"), r.counterName)
        assertTrue(r.claims.none { it.selected }, "an unregistered counter's asks are not pre-selected")
        a.toggleClaim("full_name")
        a.approve()
        assertNotNull(assertIs<AnswerState.Reviewing>(a.state.value).message)
        a.approve(unregisteredConfirmed = true)
        val answered = assertIs<AnswerState.Answered>(a.state.value)
        assertEquals(listOf("full_name"), verifiedAtTheBank(answered, request).claims.map { it.name })
        t.wallet.close()
    }

    @Test
    fun aDamagedRequestIsRefusedWithAReason() {
        val t = TestWallet(tmp.root, trust = trust)
        val a = AnswerController(t.wallet, trust)
        a.onRequestText("CWR1:NOT-A-REQUEST")
        assertTrue(assertIs<AnswerState.Refused>(a.state.value).message.isNotBlank())
        a.reset()
        assertEquals(AnswerState.Waiting, a.state.value)
        t.wallet.close()
    }
}
