package org.citizenwallet.demo.logic

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue
import org.citizenwallet.Verifier
import org.citizenwallet.VerifierPolicy
import org.citizenwallet.VerifyException
import org.citizenwallet.demoCitizenRecord
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

class PresentTest {
    @get:Rule val tmp = TemporaryFolder()

    private fun loaded(t: TestWallet, clock: Clock = FakeClock()) = PresentController(t.wallet, clock).apply { load() }

    private fun showing(p: PresentController) = assertIs<PresentState.Showing>(p.state.value)

    @Test
    fun loadPicksTheIdentityCredentialAndTheFirstPreset() {
        val t = TestWallet(tmp.root)
        val p = loaded(t)
        val s = assertIs<PresentState.Choosing>(p.state.value)
        assertEquals(listOf("Citizen identity", "Residence"), s.credentials.map { it.title })
        assertTrue(s.credentials.all { it.isTestData })
        assertEquals(t.identityId, s.credentialId)
        assertEquals(Preset.entries.toList(), s.presets)
        assertEquals(Preset.AgeOver18, s.preset)
        assertEquals(setOf("age_over_18"), s.selected)

        // The residence credential has no age flags: that preset is not offered for it.
        p.chooseCredential(t.residenceId)
        val residence = assertIs<PresentState.Choosing>(p.state.value)
        assertEquals(listOf(Preset.NameAndIdNumber, Preset.FullIdentity, Preset.Custom), residence.presets)
        assertEquals(Preset.NameAndIdNumber, residence.preset)
        p.choosePreset(Preset.AgeOver18)
        assertEquals(Preset.NameAndIdNumber, assertIs<PresentState.Choosing>(p.state.value).preset)
    }

    @Test
    fun eachPresetShowsAQrThatTheCounterVerifiesWithExactlyThoseClaims() {
        val t = TestWallet(tmp.root)
        val record = demoCitizenRecord()
        val verifier = counterVerifier()
        val identityClaims = t.wallet.listCredentials().first { it.id == t.identityId }.claims.toSet()
        val expected = mapOf(
            Preset.AgeOver18 to setOf("age_over_18"),
            Preset.NameAndIdNumber to setOf("full_name", "id_number"),
            Preset.FullIdentity to identityClaims,
        )
        val p = loaded(t)
        for ((preset, claims) in expected) {
            p.choosePreset(preset)
            assertEquals(claims, assertIs<PresentState.Choosing>(p.state.value).selected, "$preset selection")
            p.show()
            val s = showing(p)
            assertEquals(DemoConfig.COUNTER_AUDIENCE, s.audience)
            assertEquals(claims.map(ClaimLabels::label).toSet(), s.disclosed.toSet())
            assertTrue(s.qr.text.startsWith("CW1:"))

            val verified = verifier.verify(s.qr.text)
            assertEquals(claims, verified.claims.map { it.name }.toSet(), "$preset: disclosed = verified")
            if ("full_name" in claims) assertEquals(record.fullName, verified.claims.first { it.name == "full_name" }.value)
            if (preset == Preset.AgeOver18) {
                assertEquals("true", verified.claims.single().value)
                assertFalse(verified.claims.any { it.name == "date_of_birth" }, "the birth date stays on the phone")
            }
            p.stop()
            assertEquals(preset, assertIs<PresentState.Choosing>(p.state.value).preset, "stop returns to the same choice")
        }
        assertTrue(identityClaims.containsAll(listOf("full_name", "id_number", "date_of_birth", "age_over_18")))
    }

    @Test
    fun customPicksStartFromThePresetAndDiscloseExactlyThePick() {
        val t = TestWallet(tmp.root)
        val p = loaded(t)
        p.toggleClaim("nationality")
        val s = assertIs<PresentState.Choosing>(p.state.value)
        assertEquals(Preset.Custom, s.preset)
        assertEquals(setOf("age_over_18", "nationality"), s.selected)
        p.toggleClaim("not_a_claim")
        assertEquals(s, p.state.value, "unknown names are ignored")
        p.show()
        val verified = counterVerifier().verify(showing(p).qr.text)
        assertEquals(setOf("age_over_18", "nationality"), verified.claims.map { it.name }.toSet())
        assertEquals("VNM", verified.claims.first { it.name == "nationality" }.value)

        p.stop()
        p.toggleClaim("age_over_18")
        p.toggleClaim("nationality")
        val empty = assertIs<PresentState.Choosing>(p.state.value)
        assertFalse(empty.canShow)
        p.show()
        assertEquals(empty, p.state.value, "nothing to show with nothing picked")
    }

    @Test
    fun countdownRunsOnTheInjectedClockAndARefreshedQrReplacesTheOldOneBeforeItExpires() {
        val t = TestWallet(tmp.root)
        val clock = FakeClock()
        val p = loaded(t, clock)
        val verifier = counterVerifier()
        p.choosePreset(Preset.NameAndIdNumber)
        p.show()
        val first = showing(p)
        assertEquals(60, first.secondsLeft)
        assertEquals(60, first.lifetimeSecs)
        assertEquals(0, first.generation)

        clock.advanceSecs(1)
        p.tick()
        assertEquals(59, showing(p).secondsLeft)
        clock.now += 500
        p.tick()
        assertEquals(59, showing(p).secondsLeft, "whole seconds, rounded up")
        clock.now += 500
        p.tick()
        assertEquals(58, showing(p).secondsLeft)

        clock.now = clock.now + 47_000 // 49 s after showing
        p.tick()
        assertEquals(11, showing(p).secondsLeft)
        assertEquals(first.qr, showing(p).qr, "no refresh yet")

        // The wallet signs with the real clock, and Ed25519 is deterministic: the same claims signed
        // in the same second are the same bytes. On a phone the refresh comes 50 real seconds later;
        // here, wait (at most 1 s) for the real clock to reach the next second.
        val old = verifier.verify(first.qr.text)
        while (System.currentTimeMillis() / 1000 <= old.presentedAt) Thread.sleep(20)

        clock.advanceSecs(1) // 10 s left: refresh now, before the counter could see a dying code
        p.tick()
        val second = showing(p)
        assertEquals(1, second.generation)
        assertEquals(60, second.secondsLeft)
        assertNotEquals(first.qr.text, second.qr.text)

        // The refreshed code is a new presentation that verifies; the old one expires first.
        val new = counterVerifier().verify(second.qr.text)
        assertNotEquals(old.presentationId, new.presentationId)
        assertTrue(new.expiresAt > old.expiresAt)
        assertEquals(old.claims.map { it.name }.toSet(), new.claims.map { it.name }.toSet())
        val strict = Verifier(DEMO_TRUST_LIST, VerifierPolicy(audience = DemoConfig.COUNTER_AUDIENCE, clockSkewSecs = 0))
        val expired = assertFailsWith<VerifyException.Expired> { strict.verifyAt(first.qr.text, old.expiresAt) }
        assertEquals(0, expired.secondsAgo)
        assertEquals(new.presentationId, strict.verifyAt(second.qr.text, old.expiresAt).presentationId,
            "at the moment the old code dies, the refreshed one is valid")
        assertFailsWith<VerifyException.Expired> { verifier.verifyAt(first.qr.text, old.expiresAt + DEFAULT_SKEW_SECS) }
        assertEquals(2, t.wallet.presentationLog().size, "each code is a logged presentation")
    }

    @Test
    fun overFiveMinutesTheShownCodeNeverGetsCloseToExpiry() {
        val t = TestWallet(tmp.root)
        val clock = FakeClock()
        val p = loaded(t, clock)
        p.show()
        val generations = mutableSetOf<Int>()
        repeat(300) {
            clock.advanceSecs(1)
            p.tick()
            val s = showing(p)
            assertTrue(s.secondsLeft > p.refreshBeforeSecs, "at ${it + 1} s: ${s.secondsLeft} s left")
            generations += s.generation
        }
        assertEquals((0..6).toSet(), generations, "a new code every 50 s")
        assertEquals(7, t.wallet.presentationLog().size)
    }

    @Test
    fun aLockedWalletStopsTheRefreshWithAMessage() {
        val t = TestWallet(tmp.root)
        val clock = FakeClock()
        val p = loaded(t, clock)
        p.show()
        t.wallet.lock()
        clock.advanceSecs(50)
        p.tick()
        assertIs<PresentState.Failed>(p.state.value)
        p.stop()
        assertIs<PresentState.Choosing>(p.state.value)
    }

    @Test
    fun shortLifetimesAreValidatedUpFront() {
        val t = TestWallet(tmp.root)
        assertFailsWith<IllegalArgumentException> { PresentController(t.wallet, FakeClock(), ttlSecs = 10, refreshBeforeSecs = 10) }
        assertFailsWith<IllegalArgumentException> { PresentController(t.wallet, FakeClock(), ttlSecs = 901) }
        val p = PresentController(t.wallet, FakeClock(), ttlSecs = 30, refreshBeforeSecs = 5).apply { load() }
        p.show()
        assertEquals(30, showing(p).lifetimeSecs)
    }
}
