package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** App start to app end, the way the ViewModel drives it. */
class WalletSessionTest {
    @get:Rule val tmp = TemporaryFolder()

    @Test
    fun firstRunThenLockThenUnlockThenRestart() {
        val keyWrapper = AesGcmKeyWrapper()
        val file = WalletFile(File(tmp.root, DemoConfig.WALLET_FILE_NAME), keyWrapper, FAST)
        val clock = FakeClock()
        val session = WalletSession(file, DemoCredentials(DEMO_TRUST), clock)
        assertEquals(WalletSession.Stage.Starting, session.stage.value)
        session.start()

        val onboarding = assertIs<WalletSession.Stage.Setup>(session.stage.value).onboarding
        onboarding.start()
        onboarding.type(PIN)
        onboarding.type(PIN)
        session.onboardingChanged()
        assertIs<WalletSession.Stage.Setup>(session.stage.value, "still offering the TEST credentials")
        onboarding.addDemoCredentials()
        session.onboardingChanged()

        val open = assertIs<WalletSession.Stage.Open>(session.stage.value)
        assertEquals(2, open.card.state.value.cards.size)
        assertFalse(open.card.state.value.locked)
        assertIs<PresentState.Choosing>(open.present.state.value)
        open.present.show()
        assertIs<PresentState.Showing>(open.present.state.value)

        // The app goes to the background: locked, nothing personal left in the screens' state.
        session.lock()
        val locked = assertIs<WalletSession.Stage.Locked>(session.stage.value)
        assertIs<PresentState.Choosing>(open.present.state.value, "the QR is taken off the screen")
        assertTrue(open.card.state.value.locked)
        assertFalse(open.card.state.value.toString().contains(SAMPLE_NAME))
        assertEquals(HistoryState(locked = true), open.history.state.value)

        locked.unlock.type(PIN)
        session.unlockChanged()
        val reopened = assertIs<WalletSession.Stage.Open>(session.stage.value)
        assertEquals(SAMPLE_NAME, reopened.card.state.value.cards[0].claims.first { it.name == "full_name" }.value)
        assertEquals(1, reopened.history.state.value.rows.size)

        // A new process: the file exists, so the PIN screen comes first.
        val next = WalletSession(file, DemoCredentials(DEMO_TRUST), clock)
        next.start()
        val pin = assertIs<WalletSession.Stage.Locked>(next.stage.value).unlock
        pin.type("000000")
        next.unlockChanged()
        assertIs<WalletSession.Stage.Locked>(next.stage.value)
        pin.type(PIN)
        next.unlockChanged()
        assertIs<WalletSession.Stage.Open>(next.stage.value)

        next.eraseAndStartOver()
        assertIs<WalletSession.Stage.Setup>(next.stage.value)
        assertFalse(file.exists())
    }

    @Test
    fun anUnreadableFileIsAFailedStartNotACrash() {
        val path = File(tmp.root, "wallet.db").apply { writeText("garbage, not SQLite") }
        val wal = File(tmp.root, "wallet.db-wal").apply { writeText("stale") }
        val session = WalletSession(WalletFile(path, null, FAST), DemoCredentials(DEMO_TRUST), FakeClock())
        session.start()
        assertIs<WalletSession.Stage.Failed>(session.stage.value)
        session.eraseAndStartOver()
        val setup = assertIs<WalletSession.Stage.Setup>(session.stage.value)
        assertFalse(path.exists() || wal.exists(), "the file and its side files are gone")

        // And a new wallet can be made in the same place.
        setup.onboarding.start()
        setup.onboarding.type(PIN)
        setup.onboarding.type(PIN)
        assertEquals(OnboardingState.OfferDemoCredentials, setup.onboarding.state.value)
        setup.onboarding.wallet!!.close()
    }
}
