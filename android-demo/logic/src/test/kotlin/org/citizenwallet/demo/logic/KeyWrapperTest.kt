package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The device-key path: what the Android Keystore wrapper's typed failures do to the PIN screen. */
class KeyWrapperTest {
    @get:Rule val tmp = TemporaryFolder()

    @Test
    fun theDeviceKeyIsUsedAtCreateAndUnlock() {
        val keyWrapper = AesGcmKeyWrapper()
        val t = TestWallet(tmp.root, keyWrapper)
        val afterCreate = keyWrapper.calls.get()
        assertTrue(afterCreate >= 1)
        t.wallet.lock()
        val unlock = UnlockController(t.wallet, FakeClock())
        unlock.type(PIN)
        assertEquals(UnlockState.Unlocked, unlock.state.value)
        assertTrue(keyWrapper.calls.get() > afterCreate, "unlock went through the device key")
    }

    @Test
    fun anotherPhonesKeyIsRejectedEvenWithTheRightPin() {
        val t = TestWallet(tmp.root)
        t.wallet.close()
        // The file copied to another phone: same PIN, different hardware key.
        val copied = WalletFile(t.file.path, AesGcmKeyWrapper(), FAST).open()
        val unlock = UnlockController(copied, FakeClock())
        unlock.type(PIN)
        assertEquals(UnlockState.DeviceKeyProblem(DeviceKeyIssue.Rejected), unlock.state.value)
        assertFalse(copied.isUnlocked())
        copied.close()
    }

    @Test
    fun authenticationRequiredThenRetryAfterThePromptUsesThePinAlreadyTyped() {
        val keyWrapper = AuthBoundKeyWrapper()
        val t = TestWallet(tmp.root, keyWrapper)
        t.wallet.lock()
        keyWrapper.authenticated = false
        val unlock = UnlockController(t.wallet, FakeClock())
        unlock.type(PIN)
        assertEquals(UnlockState.DeviceKeyProblem(DeviceKeyIssue.AuthenticationRequired), unlock.state.value)
        unlock.retry() // "Try again" without authenticating: still the same problem, no PIN lost
        assertEquals(UnlockState.DeviceKeyProblem(DeviceKeyIssue.AuthenticationRequired), unlock.state.value)

        keyWrapper.authenticated = true // the app showed the screen-lock prompt and it succeeded
        unlock.retry()
        assertEquals(UnlockState.Unlocked, unlock.state.value)
    }

    @Test
    fun aMissingScreenLockConfirmationIsNotCountedAsAWrongPin() {
        val keyWrapper = AuthBoundKeyWrapper()
        val t = TestWallet(tmp.root, keyWrapper, FAST.copy(maxFailedUnlocks = 3u, unlockDelays = false))
        t.wallet.lock()
        keyWrapper.authenticated = false
        val unlock = UnlockController(t.wallet, FakeClock())
        repeat(5) {
            unlock.type("000000")
            assertEquals(UnlockState.DeviceKeyProblem(DeviceKeyIssue.AuthenticationRequired), unlock.state.value)
            unlock.authenticationCancelled()
            val s = assertIs<UnlockState.EnterPin>(unlock.state.value)
            assertEquals(3, s.attemptsLeft, "no PIN was tried without the device key")
        }
        keyWrapper.authenticated = true
        unlock.type(PIN)
        assertEquals(UnlockState.Unlocked, unlock.state.value)
    }

    @Test
    fun aWrongPinAfterThePromptIsCountedAndTheTypedPinIsNotKept() {
        val keyWrapper = AuthBoundKeyWrapper()
        val t = TestWallet(tmp.root, keyWrapper, FAST.copy(maxFailedUnlocks = 3u, unlockDelays = false))
        t.wallet.lock()
        keyWrapper.authenticated = false
        val unlock = UnlockController(t.wallet, FakeClock())
        unlock.type("000000")
        keyWrapper.authenticated = true
        unlock.retry()
        val s = assertIs<UnlockState.EnterPin>(unlock.state.value)
        assertEquals(2, s.attemptsLeft)
        unlock.retry() // nothing pending: ignored
        assertEquals(s, unlock.state.value)
    }

    @Test
    fun anInvalidatedKeyCannotBeRetriedOnlyErased() {
        val t = TestWallet(tmp.root)
        t.wallet.close()
        val session = WalletSession(
            WalletFile(t.file.path, InvalidatedKeyWrapper(), FAST),
            DemoCredentials(DEMO_TRUST),
            FakeClock(),
        )
        session.start()
        val unlock = assertIs<WalletSession.Stage.Locked>(session.stage.value).unlock
        unlock.type(PIN)
        val problem = UnlockState.DeviceKeyProblem(DeviceKeyIssue.KeyInvalidated)
        assertEquals(problem, unlock.state.value)
        unlock.retry()
        assertEquals(problem, unlock.state.value, "retrying cannot bring the key back")

        session.eraseAndStartOver()
        assertIs<WalletSession.Stage.Setup>(session.stage.value)
        assertFalse(t.file.path.exists(), "the unusable wallet file is gone")
    }

    @Test
    fun aWrapperBugStillBecomesATypedProblem() {
        val t = TestWallet(tmp.root)
        t.wallet.close()
        val buggy = object : org.citizenwallet.KeyWrapper {
            override fun wrap(plaintext: ByteArray): ByteArray = throw IllegalStateException("keystore exploded")
            override fun unwrap(wrapped: ByteArray): ByteArray = throw IllegalStateException("keystore exploded")
        }
        val wallet = WalletFile(File(t.file.path.path), buggy, FAST).open()
        val unlock = UnlockController(wallet, FakeClock())
        unlock.type(PIN)
        assertEquals(UnlockState.DeviceKeyProblem(DeviceKeyIssue.Platform), unlock.state.value)
        wallet.close()
    }
}
