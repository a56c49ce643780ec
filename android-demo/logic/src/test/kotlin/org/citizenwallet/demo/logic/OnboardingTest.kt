package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

class OnboardingTest {
    @get:Rule val tmp = TemporaryFolder()

    private fun onboarding(file: WalletFile) = Onboarding(file, DemoCredentials(DEMO_TRUST))

    @Test
    fun firstRunChoosesAConfirmedPinCreatesTheWalletAndImportsTestCredentials() {
        val keyWrapper = AesGcmKeyWrapper()
        val file = WalletFile(File(tmp.root, "wallet.db"), keyWrapper, FAST)
        val o = onboarding(file)
        assertEquals(OnboardingState.Welcome, o.state.value)
        o.digit('1')
        assertEquals(OnboardingState.Welcome, o.state.value, "digits do nothing before start")

        o.start()
        o.type("12345")
        assertEquals(5, assertIs<OnboardingState.ChoosePin>(o.state.value).entry.length)
        o.digit('6')
        val refused = assertIs<OnboardingState.ChoosePin>(o.state.value)
        assertEquals(PinProblem.Sequence.message, refused.problem)
        assertEquals(0, refused.entry.length, "a refused PIN is cleared")

        o.type(PIN)
        assertIs<OnboardingState.ConfirmPin>(o.state.value)
        o.type("482916")
        val mismatch = assertIs<OnboardingState.ChoosePin>(o.state.value)
        assertTrue(mismatch.problem!!.contains("different"))
        assertTrue(!file.exists(), "nothing is created before a confirmed PIN")

        o.type(PIN)
        o.type(PIN)
        assertEquals(OnboardingState.OfferDemoCredentials, o.state.value)
        val wallet = assertNotNull(o.wallet)
        assertTrue(file.exists() && wallet.isUnlocked())
        assertTrue(keyWrapper.calls.get() >= 1, "the device key wrapped the data key")
        assertTrue(wallet.listCredentials().isEmpty())

        o.addDemoCredentials()
        val done = assertIs<OnboardingState.Done>(o.state.value)
        assertEquals(2, done.credentialIds.size)
        val summaries = wallet.listCredentials()
        assertEquals(done.credentialIds.toSet(), summaries.map { it.id }.toSet())
        assertTrue(summaries.all { DemoCredentials.isTestIssuer(it.issuer, it.kid) }, "labelled as TEST issuer")

        // The chosen PIN (and only it) opens the file again, with the same device key.
        wallet.close()
        val reopened = file.open()
        assertFailsWith<WalletException.WrongPin> { reopened.unlock("482916") }
        reopened.unlock(PIN)
        assertEquals(2, reopened.listCredentials().size)
        reopened.close()
    }

    @Test
    fun deleteAndBackMoveThroughTheSteps() {
        val o = onboarding(WalletFile(File(tmp.root, "w.db"), null, FAST))
        o.start()
        o.type("482")
        o.delete()
        assertEquals(2, assertIs<OnboardingState.ChoosePin>(o.state.value).entry.length)
        o.type("915")
        o.type("4") // now six digits: 48 + 915 + 4 = "489154"
        assertIs<OnboardingState.ConfirmPin>(o.state.value)
        o.type("48")
        o.delete()
        assertEquals(1, assertIs<OnboardingState.ConfirmPin>(o.state.value).entry.length)
        o.back()
        assertEquals(OnboardingState.ChoosePin(), o.state.value)
        o.back()
        assertEquals(OnboardingState.Welcome, o.state.value)
        assertNull(o.wallet)
    }

    @Test
    fun skippingTheTestCredentialsLeavesAnEmptyWallet() {
        val o = onboarding(WalletFile(File(tmp.root, "w.db"), AesGcmKeyWrapper(), FAST))
        o.start()
        o.type(PIN)
        o.type(PIN)
        o.skipDemoCredentials()
        assertEquals(OnboardingState.Done(emptyList()), o.state.value)
        assertTrue(o.wallet!!.listCredentials().isEmpty())
        o.addDemoCredentials()
        assertEquals(OnboardingState.Done(emptyList()), o.state.value, "no import after Done")
    }

    @Test
    fun creationFailuresAreShownAndRetryGoesBackToThePin() {
        // Something that is not a wallet already sits at the path.
        val path = File(tmp.root, "taken.db").apply { writeText("not a wallet") }
        val o = onboarding(WalletFile(path, null, FAST))
        o.start()
        o.type(PIN)
        o.type(PIN)
        val failed = assertIs<OnboardingState.Failed>(o.state.value)
        assertTrue(failed.message.isNotBlank())
        assertNull(o.wallet)
        o.retry()
        assertEquals(OnboardingState.ChoosePin(), o.state.value)
    }

    @Test
    fun aDeviceKeyThatNeedsAuthenticationCreatesTheWalletWithTheSamePinAfterThePrompt() {
        val keyWrapper = AuthBoundKeyWrapper().apply { authenticated = false }
        val file = WalletFile(File(tmp.root, "w.db"), keyWrapper, FAST)
        val o = onboarding(file)
        o.start()
        o.type(PIN)
        o.type(PIN)
        assertEquals(
            OnboardingState.Failed(DeviceKeyIssue.AuthenticationRequired.message, DeviceKeyIssue.AuthenticationRequired),
            o.state.value,
        )
        keyWrapper.authenticated = true // the app's screen-lock prompt succeeded
        o.retry()
        assertEquals(OnboardingState.OfferDemoCredentials, o.state.value, "no second PIN entry")
        val wallet = o.wallet!!
        wallet.lock()
        val unlock = UnlockController(wallet, FakeClock())
        unlock.type(PIN)
        assertEquals(UnlockState.Unlocked, unlock.state.value, "the wallet was made with the PIN chosen before the prompt")
        wallet.close()
    }

    @Test
    fun aCancelledScreenLockPromptDuringSetUpForgetsThePin() {
        val keyWrapper = AuthBoundKeyWrapper().apply { authenticated = false }
        val o = onboarding(WalletFile(File(tmp.root, "w.db"), keyWrapper, FAST))
        o.start()
        o.type(PIN)
        o.type(PIN)
        assertIs<OnboardingState.Failed>(o.state.value)
        o.authenticationCancelled()
        val choose = assertIs<OnboardingState.ChoosePin>(o.state.value)
        assertEquals(PinEntry.Empty, choose.entry)
        assertNotNull(choose.problem)
        keyWrapper.authenticated = true
        o.retry() // nothing pending any more: ignored
        assertIs<OnboardingState.ChoosePin>(o.state.value)
        assertNull(o.wallet)
    }

    @Test
    fun importFailureKeepsTheWalletAndCanBeRetried() {
        // A trust list without the demo issuer: the wallet refuses the credentials it is handed.
        val rogueList = org.citizenwallet.Issuer("other-1", "https://other.example", listOf(18u)).use { it.trustListJson() }
        val rogueTrust = org.citizenwallet.TrustAnchorSigner.generate("test-root").use {
            AppTrust(it.signBundle(1uL, rogueList), listOf(it.anchor()))
        }
        val o = Onboarding(WalletFile(File(tmp.root, "w.db"), null, FAST), DemoCredentials(rogueTrust))
        o.start()
        o.type(PIN)
        o.type(PIN)
        o.addDemoCredentials()
        assertIs<OnboardingState.Failed>(o.state.value)
        o.retry()
        assertEquals(OnboardingState.OfferDemoCredentials, o.state.value)
        val wallet: Wallet = o.wallet!!
        assertTrue(wallet.isUnlocked() && wallet.listCredentials().isEmpty())
        wallet.close()
    }
}
