package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.citizenwallet.DocType
import org.citizenwallet.Issuer
import org.citizenwallet.TrustAnchorSigner
import org.citizenwallet.TrustException
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException
import org.citizenwallet.demoCitizenRecord
import org.citizenwallet.verifyTrustBundle
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/**
 * The app's signed trust: the shipped bundle (made by scripts/make-demo-assets.sh, `cwallet trust
 * sign`) checked against the shipped demo anchor through the bindings, kept by the wallet and by the
 * counter's trust store so an older bundle is refused after a restart.
 */
class SignedTrustTest {
    @get:Rule val tmp = TemporaryFolder()

    private fun qr(wallet: Wallet, id: Long, claims: List<String>, audience: String = DemoConfig.COUNTER_AUDIENCE) =
        wallet.present(id, claims, audience, 60uL, null).qrText

    private fun verdictOf(c: CounterController, text: String): Verdict {
        c.scanNext()
        c.onQrText(text)
        return assertIs<CounterState.Result>(c.state.value).verdict
    }

    /** A list holding only an issuer that is not the demo issuer (the demo key removed, e.g. compromised). */
    private val otherIssuerList: String by lazy {
        Issuer("other-1", "https://other.example", listOf(18u)).use { it.trustListJson() }
    }

    @Test
    fun theShippedBundleIsSignedByTheDemoAnchorListsTheTestIssuerAndHasExpired() {
        val info = verifyTrustBundle(SHIPPED_BUNDLE, DEMO_TRUST.anchors, allowExpired = true)
        assertEquals("demo-anchor-test-only", info.anchorKid)
        assertEquals(1uL, info.seq)
        assertEquals(listOf("demo-1"), info.issuerKids)
        assertTrue(info.warning!!.contains("expired"), info.warning)
        // Without the demo policy an expired bundle is refused: the default everywhere else.
        assertFailsWith<TrustException.Expired> { verifyTrustBundle(SHIPPED_BUNDLE, DEMO_TRUST.anchors) }
        assertEquals(ExpiredTrust.Reject, AppTrust(SHIPPED_BUNDLE, DEMO_TRUST.anchors).expired)
    }

    @Test
    fun aDemoQrVerifiesOnTheShippedBundleWithTheExpiredTrustWarningOnEveryVerdict() {
        val t = TestWallet(tmp.root) // imported against the shipped bundle, which the wallet now holds
        assertEquals(1uL, t.wallet.trustInfo(DEMO_TRUST.anchors, allowExpired = true).seq)
        val c = CounterController.open(DEMO_TRUST, File(tmp.root, "trust"), null)

        val ok = assertIs<Verdict.Accepted>(verdictOf(c, qr(t.wallet, t.identityId, listOf("full_name", "age_over_18"))))
        assertTrue(ok.isTestIssuer)
        assertEquals(Tone.Amber, ok.tone)
        assertTrue(ok.trustWarning!!.contains("expired"), ok.trustWarning)

        // Rejections and card QRs carry it too.
        val wrongCounter = verdictOf(c, qr(t.wallet, t.identityId, listOf("age_over_18"), audience = "hotel-desk-2"))
        assertEquals(RejectReason.WrongAudience, assertIs<Verdict.Rejected>(wrongCounter).reason)
        assertTrue(wrongCounter.trustWarning!!.contains("expired"))
        val card = verdictOf(c, "079190001234||Nguyễn Thị Minh Khai|15051990|Nữ|12 Lê Lợi, Quận 1|10042021")
        assertIs<Verdict.UnsignedCard>(card)
        assertNotNull(card.trustWarning)
        c.close()
        t.wallet.close()
    }

    @Test
    fun underTheDefaultPolicyTheExpiredShippedBundleIsRefusedEverywhere() {
        val strict = AppTrust(SHIPPED_BUNDLE, DEMO_TRUST.anchors)
        assertFailsWith<TrustException.Expired> { strict.openCounterStore(File(tmp.root, "trust")) }
        val lazy = LazyCounter { CounterController.open(strict, File(tmp.root, "trust2"), null) }
        assertIs<LazyCounter.Stage.Broken>(lazy.open())

        val o = Onboarding(WalletFile(File(tmp.root, "w.db"), null, FAST), DemoCredentials(strict))
        o.start()
        o.type(PIN)
        o.type(PIN)
        o.addDemoCredentials()
        val failed = assertIs<OnboardingState.Failed>(o.state.value)
        assertTrue(failed.message.contains("expired"), failed.message)
        assertTrue(o.wallet!!.listCredentials().isEmpty())
        o.wallet!!.close()
    }

    @Test
    fun aBundleSignedByAnotherAnchorIsRefused() {
        val t = TestWallet(tmp.root)
        // A stranger's anchor, and one that copies the demo anchor's kid: neither is pinned.
        for (rogue in listOf(TrustAnchorSigner.generate("rogue-root"), TrustAnchorSigner.generate("demo-anchor-test-only"))) {
            rogue.use {
                val forged = it.signBundle(99uL, otherIssuerList)
                val trust = AppTrust(forged, DEMO_TRUST.anchors, DemoConfig.EXPIRED_TRUST)
                val e = assertFailsWith<TrustException> { trust.openCounterStore(File(tmp.root, "trust-${it.anchor().kid}")) }
                assertTrue(e is TrustException.UnknownAnchor || e is TrustException.BadSignature, e.toString())
                val w = assertFailsWith<WalletException.TrustRefused> { trust.installInto(t.wallet) }
                assertTrue(w.code == "unknown_trust_anchor" || w.code == "bad_trust_bundle_signature", w.code)
            }
        }
        // The wallet still holds the shipped bundle.
        assertEquals(listOf("demo-1"), t.wallet.trustInfo(DEMO_TRUST.anchors, allowExpired = true).issuerKids)
        t.wallet.close()
    }

    @Test
    fun aRollbackIsRefusedAfterARestartOfTheCounter() {
        TrustAnchorSigner.generate("test-root").use { op ->
            val anchors = listOf(op.anchor())
            val old = op.signBundle(1uL, DEMO_TRUST_LIST)
            val newer = op.signBundle(2uL, otherIssuerList) // the demo issuer's key was removed
            val dir = File(tmp.root, "trust")
            val t = TestWallet(tmp.root)
            val text = qr(t.wallet, t.identityId, listOf("age_over_18"))

            val (store, installed) = AppTrust(newer, anchors).openCounterStore(dir)
            assertEquals(TrustInstall.Installed(2), installed)
            store.close()

            // Restart with an app (or a file) carrying the older bundle: refused, seq 2 stays.
            val (again, kept) = AppTrust(old, anchors).openCounterStore(dir)
            assertEquals(TrustInstall.KeptHeld(2), kept)
            assertEquals(2uL, again.info().seq)
            again.close()
            val c = CounterController.open(AppTrust(old, anchors), dir, null)
            val v = assertIs<Verdict.Rejected>(verdictOf(c, text))
            assertEquals(RejectReason.UnknownIssuer, v.reason, "the removed key must not come back")
            assertNull(v.trustWarning)
            c.close()
            t.wallet.close()
        }
    }

    @Test
    fun aRollbackIsRefusedAfterARestartOfTheWallet() {
        TrustAnchorSigner.generate("test-root").use { op ->
            val anchors = listOf(op.anchor())
            val old = op.signBundle(1uL, DEMO_TRUST_LIST)
            val newer = op.signBundle(2uL, otherIssuerList)
            val file = WalletFile(File(tmp.root, "w.db"), null, FAST)
            file.create(PIN).use { w -> assertEquals(TrustInstall.Installed(2), AppTrust(newer, anchors).installInto(w)) }

            file.open().use { w -> // restarted, still locked
                assertEquals(TrustInstall.KeptHeld(2), AppTrust(old, anchors).installInto(w))
                val e = assertFailsWith<WalletException.TrustRefused> { w.updateTrust(old, anchors) }
                assertEquals("trust_bundle_rollback", e.code)
                w.unlock(PIN)
                // The demo issuer is not in the bundle held, so its credential is refused.
                val credential = Issuer.demo().use { it.issue(demoCitizenRecord(), DocType.IDENTITY, w.holderPublicKey()) }
                assertFailsWith<WalletException> { w.importTrustedCredential(credential, anchors) }
            }
        }
    }

    @Test
    fun theShippedBundleOfferedAgainAfterARestartKeepsTheOneHeld() {
        val t = TestWallet(tmp.root)
        t.wallet.close()
        t.file.open().use { w -> assertEquals(TrustInstall.KeptHeld(1), DEMO_TRUST.installInto(w)) }
        val dir = File(tmp.root, "trust")
        DEMO_TRUST.openCounterStore(dir).first.close()
        val (store, kept) = DEMO_TRUST.openCounterStore(dir)
        assertEquals(TrustInstall.KeptHeld(1), kept)
        store.close()
    }
}
