package org.citizenwallet.demo.logic

import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The app ticks only while a countdown shows: a PIN lockout or a live QR code. */
class TickingTest {
    @get:Rule val tmp = TemporaryFolder()

    private fun WalletSession.ticking(): Boolean = runBlocking { countdownShowing.first() }

    @Test
    fun onlyALiveCodeOrALockoutNeedsTicks() {
        val t = TestWallet(tmp.root)
        t.wallet.close()
        val clock = FakeClock()
        val session = WalletSession(t.file, DemoCredentials(DEMO_TRUST), clock)
        assertEquals(false, session.ticking(), "starting")
        session.start()
        val locked = assertIs<WalletSession.Stage.Locked>(session.stage.value)
        assertEquals(false, session.ticking(), "the PIN screen has nothing to count down")

        locked.unlock.type(PIN)
        session.unlockChanged()
        val open = assertIs<WalletSession.Stage.Open>(session.stage.value)
        assertEquals(false, session.ticking(), "choosing what to show")

        open.present.show()
        assertIs<PresentState.Showing>(open.present.state.value)
        assertEquals(true, session.ticking(), "a live code counts down")
        clock.advanceSecs(5)
        session.tick()
        assertEquals(DemoConfig.PRESENTATION_TTL_SECS - 5, assertIs<PresentState.Showing>(open.present.state.value).secondsLeft)

        session.lock()
        assertEquals(false, session.ticking(), "locked again: no code")
    }

    @Test
    fun aLockoutAfterWrongPinsTicksUntilItEnds() {
        // The core's default waits: a few free wrong PINs, then a wait.
        val t = TestWallet(tmp.root, settings = FAST.copy(unlockDelays = true))
        t.wallet.close()
        val clock = FakeClock()
        val session = WalletSession(t.file, DemoCredentials(DEMO_TRUST), clock)
        session.start()
        val unlock = assertIs<WalletSession.Stage.Locked>(session.stage.value).unlock
        for (i in 1..9) {
            if (unlock.state.value is UnlockState.LockedOut) break
            unlock.type("000000")
        }
        assertIs<UnlockState.LockedOut>(unlock.state.value)
        assertEquals(true, session.ticking())
        clock.advanceSecs(3_600)
        session.tick()
        assertIs<UnlockState.EnterPin>(unlock.state.value)
        assertEquals(false, session.ticking())
        session.eraseAndStartOver()
        assertEquals(false, session.ticking(), "set-up has no countdown")
    }
}
