package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import org.citizenwallet.WalletSettings
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

class UnlockTest {
    @get:Rule val tmp = TemporaryFolder()

    @Test
    fun wrongPinsAreCountedThenTheWalletMakesThePinScreenWait() {
        val t = TestWallet(tmp.root)
        t.wallet.lock()
        val clock = FakeClock()
        val unlock = UnlockController(t.wallet, clock)
        assertEquals(UnlockState.EnterPin(), unlock.state.value)

        repeat(4) { i ->
            unlock.type("000000")
            val s = assertIs<UnlockState.EnterPin>(unlock.state.value, "wrong PIN #${i + 1}")
            assertEquals("Wrong PIN.", s.message)
            assertEquals(0, s.entry.length, "the pad is cleared")
            assertEquals(null, s.attemptsLeft, "this wallet never wipes itself")
        }
        assertEquals(4u, t.wallet.unlockStatus().failedAttempts)

        // The fifth wrong PIN earns the first wait (30 s by the core's standard delays).
        unlock.type("000000")
        val out = assertIs<UnlockState.LockedOut>(unlock.state.value)
        assertEquals(30, out.secondsLeft)
        assertTrue(out.afterWrongPin)
        unlock.type(PIN)
        assertEquals(out, unlock.state.value, "digits are ignored while locked out")

        clock.advanceSecs(10)
        unlock.tick()
        assertEquals(20, assertIs<UnlockState.LockedOut>(unlock.state.value).secondsLeft)
        clock.advanceSecs(20)
        unlock.tick()
        assertEquals("You can try again now.", assertIs<UnlockState.EnterPin>(unlock.state.value).message)

        // The wallet, not this screen, decides: real time has not passed, so it still refuses.
        unlock.type(PIN)
        val again = assertIs<UnlockState.LockedOut>(unlock.state.value)
        assertFalse(again.afterWrongPin)
        assertTrue(again.secondsLeft in 1..30, "the wallet's own remaining wait: ${again.secondsLeft}")
        assertFalse(t.wallet.isUnlocked())
    }

    @Test
    fun theRightPinUnlocksAndResetsTheCount() {
        val t = TestWallet(tmp.root)
        t.wallet.lock()
        val unlock = UnlockController(t.wallet, FakeClock())
        unlock.type("000000")
        unlock.type("1")
        unlock.delete()
        assertEquals(0, assertIs<UnlockState.EnterPin>(unlock.state.value).entry.length)
        unlock.type(PIN)
        assertEquals(UnlockState.Unlocked, unlock.state.value)
        assertTrue(t.wallet.isUnlocked())
        assertEquals(0u, t.wallet.unlockStatus().failedAttempts)

        unlock.lock()
        assertFalse(t.wallet.isUnlocked())
        assertEquals(UnlockState.EnterPin(), unlock.state.value)
    }

    @Test
    fun aLockoutSurvivesAnAppRestart() {
        val t = TestWallet(tmp.root)
        t.wallet.lock()
        val first = UnlockController(t.wallet, FakeClock())
        repeat(5) { first.type("000000") }
        assertIs<UnlockState.LockedOut>(first.state.value)
        t.wallet.close()

        // A new process: a new Wallet object on the same file, a new screen.
        val reopened = t.file.open()
        val second = UnlockController(reopened, FakeClock())
        val out = assertIs<UnlockState.LockedOut>(second.state.value)
        assertTrue(out.secondsLeft in 1..30)
        assertFalse(out.afterWrongPin)
        reopened.close()
    }

    @Test
    fun withAWipeLimitTheScreenCountsDownAttemptsThenReportsTheWipe() {
        val settings = WalletSettings(kdfMemoryKib = 64u, kdfIterations = 1u, unlockDelays = false, maxFailedUnlocks = 3u, insecureKdfForTests = true)
        val t = TestWallet(tmp.root, settings = settings)
        t.wallet.lock()
        val unlock = UnlockController(t.wallet, FakeClock())
        assertEquals(3, assertIs<UnlockState.EnterPin>(unlock.state.value).attemptsLeft)
        unlock.type("000000")
        assertEquals(2, assertIs<UnlockState.EnterPin>(unlock.state.value).attemptsLeft)
        unlock.type("000000")
        assertEquals(1, assertIs<UnlockState.EnterPin>(unlock.state.value).attemptsLeft)
        unlock.type("000000")
        assertEquals(UnlockState.Wiped, unlock.state.value)
        unlock.type(PIN)
        assertEquals(UnlockState.Wiped, unlock.state.value, "nothing opens a wiped wallet")
        assertTrue(t.wallet.unlockStatus().wiped)
    }

    @Test
    fun waitsAndAWipeLimitTogetherKeepTheAttemptsLeftInView() {
        val settings = WalletSettings(kdfMemoryKib = 64u, kdfIterations = 1u, unlockDelays = true, maxFailedUnlocks = 10u, insecureKdfForTests = true)
        val t = TestWallet(tmp.root, settings = settings)
        t.wallet.lock()
        val clock = FakeClock()
        val unlock = UnlockController(t.wallet, clock)
        repeat(5) { unlock.type("000000") }
        assertEquals(UnlockState.LockedOut(30, attemptsLeft = 5, afterWrongPin = true), unlock.state.value)
        clock.advanceSecs(30)
        unlock.tick()
        assertEquals(5, assertIs<UnlockState.EnterPin>(unlock.state.value).attemptsLeft)
        unlock.type(PIN) // refused by the wallet's own (real-time) wait; not counted as a wrong PIN
        val out = assertIs<UnlockState.LockedOut>(unlock.state.value)
        assertEquals(5, out.attemptsLeft)
        assertEquals(5u, t.wallet.unlockStatus().failedAttempts)
    }

    @Test
    fun lockedOutScreenCountsDownToZeroExactly() {
        val t = TestWallet(tmp.root)
        t.wallet.lock()
        val clock = FakeClock()
        val unlock = UnlockController(t.wallet, clock)
        repeat(5) { unlock.type("000000") }
        val seen = mutableListOf<Long>()
        repeat(31) {
            (unlock.state.value as? UnlockState.LockedOut)?.let { seen += it.secondsLeft }
            clock.now += 1000
            unlock.tick()
        }
        assertEquals((30L downTo 1L).toList(), seen)
        assertIs<UnlockState.EnterPin>(unlock.state.value)
    }

    @Test
    fun openingWithoutTheDeviceKeyIsRefused() {
        val t = TestWallet(tmp.root)
        t.wallet.close()
        val noDeviceKey = WalletFile(File(tmp.root, DemoConfig.WALLET_FILE_NAME), null, FAST)
        val wallet = noDeviceKey.open()
        val unlock = UnlockController(wallet, FakeClock())
        unlock.type(PIN)
        assertIs<UnlockState.Failed>(unlock.state.value)
        assertFalse(wallet.isUnlocked())
        wallet.close()
    }
}
