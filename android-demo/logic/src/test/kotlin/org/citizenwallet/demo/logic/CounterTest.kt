package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertSame
import kotlin.test.assertTrue
import org.citizenwallet.DocType
import org.citizenwallet.Issuer
import org.citizenwallet.VerifyException
import org.citizenwallet.Wallet
import org.citizenwallet.demoCitizenRecord
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The counter side: real presentations from a real wallet, verified by a real Verifier, mapped to verdicts. */
class CounterTest {
    @get:Rule val tmp = TemporaryFolder()

    private fun qr(wallet: Wallet, credentialId: Long, claims: List<String>, audience: String = DemoConfig.COUNTER_AUDIENCE) =
        wallet.present(credentialId, claims, audience, 60uL, null).qrText

    /** With replay: the app's counter (shipped signed bundle, trust store, replay file); without: a bare verifier. */
    private fun counter(audience: String = DemoConfig.COUNTER_AUDIENCE, replay: Boolean = true) =
        if (replay) CounterController.open(DEMO_TRUST, File(tmp.root, "trust"), File(tmp.root, "replay.db").path, audience)
        else CounterController(counterVerifier(audience))

    private fun verdictOf(c: CounterController, text: String): Verdict {
        c.scanNext()
        c.onQrText(text)
        return assertIs<CounterState.Result>(c.state.value).verdict
    }

    @Test
    fun aValidPresentationShowsTheVerifiedClaimsTheTestIssuerAndTheExpiredDemoTrustWarning() {
        val t = TestWallet(tmp.root)
        val record = demoCitizenRecord()
        val c = counter()
        assertEquals(CounterState.Scanning, c.state.value)
        val v = assertIs<Verdict.Accepted>(verdictOf(c, qr(t.wallet, t.identityId, listOf("full_name", "age_over_18", "id_number"))))
        // The demo ships an expired bundle (fixed signing date): amber, with the warning.
        assertEquals(Tone.Amber, v.tone)
        assertTrue(v.trustWarning!!.contains("expired"), v.trustWarning)
        assertEquals("Verified (TEST issuer)", v.headline)
        assertTrue(v.isTestIssuer)
        assertEquals("Demo ID issuer (TEST DATA)", v.issuerName)
        assertEquals("https://id.example.vn", v.issuer)
        assertEquals("Citizen identity", v.credentialTitle)
        assertEquals(
            listOf(
                ClaimRow("full_name", "Full name", record.fullName),
                ClaimRow("id_number", "ID number", record.idNumber),
                ClaimRow("age_over_18", "Over 18", "Yes"),
            ),
            v.claims,
        )
        assertEquals("Revocation not checked: no status list loaded", v.revocation)
        assertEquals(60, v.expiresAt - v.presentedAt)
    }

    @Test
    fun theSameCodeInManyCameraFramesIsVerifiedOnceButAScanAfterThatIsAReplay() {
        val t = TestWallet(tmp.root)
        val c = counter()
        val text = qr(t.wallet, t.identityId, listOf("age_over_18"))
        c.onQrText(text)
        val first = c.state.value
        assertIs<Verdict.Accepted>(assertIs<CounterState.Result>(first).verdict)
        repeat(30) { c.onQrText(text) } // the camera keeps seeing it
        assertSame(first, c.state.value)

        val replay = assertIs<Verdict.Rejected>(verdictOf(c, text))
        assertEquals(RejectReason.Replayed, replay.reason)
        assertEquals(Tone.Red, replay.tone)

        // The replay memory is on disk: a restarted counter app still refuses it.
        val restarted = counter()
        assertEquals(RejectReason.Replayed, assertIs<Verdict.Rejected>(verdictOf(restarted, text)).reason)
    }

    @Test
    fun aTamperedCodeIsRedWithTheSignatureReason() {
        val t = TestWallet(tmp.root)
        val text = qr(t.wallet, t.identityId, listOf("full_name", "id_number"))
        val chars = text.toCharArray()
        val at = chars.size - 10 // inside the holder signature
        chars[at] = if (chars[at] == '0') '1' else '0'
        val v = assertIs<Verdict.Rejected>(verdictOf(counter(), String(chars)))
        assertEquals(RejectReason.BadHolderSignature, v.reason)
        assertEquals(Tone.Red, v.tone)
        assertTrue(v.detail.isNotBlank())
    }

    @Test
    fun anExpiredCodeSaysHowLongAgo() {
        val t = TestWallet(tmp.root)
        val text = qr(t.wallet, t.identityId, listOf("age_over_18"))
        val verifier = counterVerifier()
        val expiresAt = verifier.verify(text).expiresAt
        val e = assertFailsWith<VerifyException.Expired> { verifier.verifyAt(text, expiresAt + 3600) }
        val v = Verdicts.rejected(e)
        assertEquals(RejectReason.Expired, v.reason)
        assertTrue(v.detail.startsWith("Expired 3600 s ago"), v.detail)
        assertEquals("QR code expired", v.headline)
    }

    @Test
    fun aCodeForAnotherCounterNamesBothCounters() {
        val t = TestWallet(tmp.root)
        val text = qr(t.wallet, t.identityId, listOf("age_over_18"), audience = "hotel-desk-2")
        val v = assertIs<Verdict.Rejected>(verdictOf(counter(), text))
        assertEquals(RejectReason.WrongAudience, v.reason)
        assertEquals("Made for “hotel-desk-2”; this counter is “demo-counter”.", v.detail)
    }

    @Test
    fun aRevokedCredentialIsRefusedOnceTheIssuersStatusListIsLoaded() {
        val t = TestWallet(tmp.root)
        val c = counter(replay = false)
        val identityQr = qr(t.wallet, t.identityId, listOf("full_name"))
        val residenceQr = qr(t.wallet, t.residenceId, listOf("full_name"))
        val token = Issuer.demo().use { it.statusListToken(64u, revoked = listOf(DemoCredentials.IDENTITY_STATUS_INDEX)) }
        assertTrue(c.loadStatusList(token))

        val revoked = assertIs<Verdict.Rejected>(verdictOf(c, identityQr))
        assertEquals(RejectReason.Revoked, revoked.reason)
        assertEquals("Credential REVOKED", revoked.headline)
        val ok = assertIs<Verdict.Accepted>(verdictOf(c, residenceQr))
        assertEquals("Not revoked (checked against the issuer's status list)", ok.revocation)
        assertEquals(Tone.Green, ok.tone)
    }

    @Test
    fun aSuspendedCredentialHasItsOwnReason() {
        val t = TestWallet(tmp.root)
        val c = counter(replay = false)
        val token = Issuer.demo().use { it.statusListToken(64u, suspended = listOf(DemoCredentials.RESIDENCE_STATUS_INDEX)) }
        assertTrue(c.loadStatusList(token))
        val v = assertIs<Verdict.Rejected>(verdictOf(c, qr(t.wallet, t.residenceId, listOf("place_of_residence"))))
        assertEquals(RejectReason.Suspended, v.reason)
    }

    @Test
    fun aRefusedStatusListIsShownAndTheCounterFailsClosedUntilTheRealOneLoads() {
        val t = TestWallet(tmp.root)
        val c = counter(replay = false)
        val rogue = Issuer("rogue-1", "https://rogue.example", listOf(18u), statusListUri = "https://rogue.example/s/1")
        val token = rogue.use { it.statusListToken(64u, revoked = listOf(DemoCredentials.IDENTITY_STATUS_INDEX)) }
        assertTrue(!c.loadStatusList(token))
        assertTrue(assertIs<CounterState.SetupProblem>(c.state.value).message.isNotBlank())

        // The bindings switch revocation checking on even when the first list is refused, so the
        // counter now fails closed: the demo issuer's list is missing.
        val text = qr(t.wallet, t.identityId, listOf("age_over_18"))
        assertEquals(RejectReason.StatusListMissing, assertIs<Verdict.Rejected>(verdictOf(c, text)).reason)
        // Loading the issuer's genuine list (nothing revoked) puts it right.
        assertTrue(c.loadStatusList(Issuer.demo().use { it.statusListToken(64u) }))
        val v = assertIs<Verdict.Accepted>(verdictOf(c, text))
        assertEquals("Not revoked (checked against the issuer's status list)", v.revocation)
    }

    @Test
    fun thePrintedCardQrIsShownApartAsUnsigned() {
        val v = assertIs<Verdict.UnsignedCard>(
            verdictOf(counter(), "079190001234||Nguyễn Thị Minh Khai|15051990|Nữ|12 Lê Lợi, Quận 1|10042021"),
        )
        assertEquals(Tone.Amber, v.tone)
        assertTrue(v.headline.startsWith("UNSIGNED"))
        assertTrue(v.notice.startsWith("UNSIGNED"))
        val fields = v.fields.associate { it.label to it.value }
        assertEquals("079190001234", fields["ID number"])
        assertEquals("Nguyễn Thị Minh Khai", fields["Full name"])
        assertEquals("1990-05-15", fields["Date of birth"])
        assertEquals("12 Lê Lợi, Quận 1", fields["Address"])
        assertEquals("2021-04-10", fields["Card issued"])
    }

    @Test
    fun otherCodesAndForeignIssuersGetTheirOwnReasons() {
        val c = counter()
        assertEquals(RejectReason.NotAPresentation, assertIs<Verdict.Rejected>(verdictOf(c, "https://example.com/menu")).reason)
        assertEquals(RejectReason.UnreadableQr, assertIs<Verdict.Rejected>(verdictOf(c, "CW1:%%%%")).reason)

        // A wallet holding a credential from an issuer this counter does not trust.
        val rogue = Issuer("rogue-1", "https://rogue.example", listOf(18u))
        val wallet = WalletFile(File(tmp.root, "other.db"), null, FAST).create(PIN)
        val id = wallet.importCredential(
            rogue.issue(demoCitizenRecord(), DocType.IDENTITY, wallet.holderPublicKey()),
            rogue.trustListJson(),
        )
        val v = assertIs<Verdict.Rejected>(verdictOf(c, qr(wallet, id, listOf("age_over_18"))))
        assertEquals(RejectReason.UnknownIssuer, v.reason)
        assertTrue(v.detail.contains("rogue-1"))
        rogue.close()
        wallet.close()
    }

    @Test
    fun everyRejectReasonHasItsOwnHeadline() {
        val headlines = RejectReason.entries.map { it.headline }
        assertTrue(headlines.all { it.isNotBlank() })
        assertEquals(headlines.size, headlines.toSet().size)
    }
}
