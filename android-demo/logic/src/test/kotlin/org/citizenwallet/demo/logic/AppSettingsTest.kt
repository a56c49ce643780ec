package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import org.citizenwallet.WalletException
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The app turns the wallet's wrong-PIN limit on itself, whatever the library's default is. */
class AppSettingsTest {
    @get:Rule val tmp = TemporaryFolder()

    @Test
    fun theAppCreatesWalletsWithAnExplicitWrongPinLimit() {
        assertEquals(DemoConfig.MAX_FAILED_UNLOCKS.toUInt(), WalletFile.APP_SETTINGS.maxFailedUnlocks)
        assertEquals(true, WalletFile.APP_SETTINGS.unlockDelays)
    }

    @Test
    fun theAppsLimitWipesTheWalletAfterThatManyWrongPinsWhateverTheClockSays() {
        // The app's limit with cheap Argon2id and no waits, so the test need not sleep; the count,
        // not the time, decides.
        val settings = FAST.copy(maxFailedUnlocks = WalletFile.APP_SETTINGS.maxFailedUnlocks, unlockDelays = false)
        val t = TestWallet(tmp.root, settings = settings)
        t.wallet.lock()
        val clock = FakeClock()
        val unlock = UnlockController(t.wallet, clock)
        assertEquals(DemoConfig.MAX_FAILED_UNLOCKS, assertIs<UnlockState.EnterPin>(unlock.state.value).attemptsLeft)
        repeat(DemoConfig.MAX_FAILED_UNLOCKS - 1) {
            clock.advanceSecs(86_400)
            unlock.type("000000")
            assertIs<UnlockState.EnterPin>(unlock.state.value)
        }
        unlock.type("000000")
        assertEquals(UnlockState.Wiped, unlock.state.value)
        assertFailsWith<WalletException.Wiped> { t.wallet.unlock(PIN) }
        assertEquals(UnlockState.Wiped, UnlockController(t.wallet, clock).state.value)
        assertFalse(t.wallet.isUnlocked())
        assertEquals(true, File(t.file.path.path).exists(), "the file stays until the citizen erases it")
    }
}
