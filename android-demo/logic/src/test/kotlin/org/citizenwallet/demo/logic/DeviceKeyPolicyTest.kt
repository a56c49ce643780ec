package org.citizenwallet.demo.logic

import java.io.File
import java.security.InvalidKeyException
import java.security.KeyStoreException
import java.security.ProviderException
import javax.crypto.AEADBadTagException
import javax.crypto.IllegalBlockSizeException
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertTrue
import org.citizenwallet.KeyWrapperException
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/**
 * The app's device-key rules: which Keystore key it asks for, when a StrongBox failure falls back
 * to the TEE, and how Keystore failures reach the PIN screen. The Android exception types are
 * stood in for by subclasses of the same java.security / javax.crypto parents.
 */
class DeviceKeyPolicyTest {
    @get:Rule val tmp = TemporaryFolder()

    // Android's types extend these: StrongBoxUnavailableException is a ProviderException,
    // UserNotAuthenticatedException and KeyPermanentlyInvalidatedException are InvalidKeyExceptions.
    private class StrongBoxUnavailable : ProviderException("StrongBox unavailable")
    private class UserNotAuthenticated : InvalidKeyException("User not authenticated")
    private class PermanentlyInvalidated : InvalidKeyException("Key permanently invalidated")

    private val classify: (Throwable) -> KeystoreFailure? = {
        when (it) {
            is UserNotAuthenticated -> KeystoreFailure.UserNotAuthenticated
            is PermanentlyInvalidated -> KeystoreFailure.KeyInvalidated
            else -> null
        }
    }

    @Test
    fun withAScreenLockEveryKeyNeedsTheUserAndStrongBoxIsTriedFirst() {
        val specs = DeviceKeyPolicy.attempts(strongBoxAdvertised = true, secureLockScreen = true)
        assertEquals(listOf(true, false), specs.map { it.strongBox })
        assertTrue(specs.all { it.userAuthentication && it.authTimeoutSecs == DemoConfig.DEVICE_AUTH_TIMEOUT_SECS })
        assertEquals(listOf(false), DeviceKeyPolicy.attempts(strongBoxAdvertised = false, secureLockScreen = true).map { it.strongBox })
    }

    @Test
    fun withoutAScreenLockTheKeyCannotNeedTheUser() {
        val specs = DeviceKeyPolicy.attempts(strongBoxAdvertised = true, secureLockScreen = false)
        assertTrue(specs.none { it.userAuthentication })
    }

    @Test
    fun anyKeystoreErrorFromStrongBoxFallsBackToTheTee() {
        val specs = DeviceKeyPolicy.attempts(strongBoxAdvertised = true, secureLockScreen = true)
        for (failure in listOf<Exception>(StrongBoxUnavailable(), ProviderException("Keystore busy"), KeyStoreException("unsupported parameters"))) {
            val tried = mutableListOf<DeviceKeySpec>()
            val made = DeviceKeyPolicy.generate(specs) { spec ->
                tried += spec
                if (spec.strongBox) throw failure
                "tee key"
            }
            assertEquals("tee key", made, "after ${failure.javaClass.simpleName}")
            assertEquals(specs, tried)
            assertTrue(tried.last().userAuthentication, "the fallback keeps the authentication requirement")
        }
    }

    @Test
    fun aTeeFailureOrABugIsNotHiddenByAFallback() {
        val specs = DeviceKeyPolicy.attempts(strongBoxAdvertised = true, secureLockScreen = true)
        assertFailsWith<KeyStoreException> {
            DeviceKeyPolicy.generate(specs) { throw KeyStoreException("no Keystore at all") }
        }
        var calls = 0
        assertFailsWith<IllegalStateException> {
            DeviceKeyPolicy.generate(specs) {
                calls++
                throw IllegalStateException("a secure lock screen is required")
            }
        }
        assertEquals(1, calls, "a non-Keystore failure on StrongBox is not retried on the TEE")
        val teeOnly = DeviceKeyPolicy.attempts(strongBoxAdvertised = false, secureLockScreen = true)
        assertFailsWith<ProviderException> { DeviceKeyPolicy.generate(teeOnly) { throw ProviderException("TEE failed") } }
    }

    @Test
    fun keystoreFailuresMapToTheWalletsTypedErrors() {
        assertIs<KeyWrapperException.AuthenticationRequired>(DeviceKeyPolicy.wrapperException(UserNotAuthenticated(), classify))
        assertIs<KeyWrapperException.KeyInvalidated>(DeviceKeyPolicy.wrapperException(PermanentlyInvalidated(), classify))
        assertIs<KeyWrapperException.Rejected>(DeviceKeyPolicy.wrapperException(AEADBadTagException("tag"), classify))
        val platform = assertIs<KeyWrapperException.Platform>(DeviceKeyPolicy.wrapperException(ProviderException("Keystore died"), classify))
        assertTrue(platform.reason.contains("Keystore died"))
        val already = KeyWrapperException.Rejected()
        assertTrue(DeviceKeyPolicy.wrapperException(already, classify) === already)
    }

    @Test
    fun aMissingAuthenticationReportedAsTheCauseOfAnotherErrorStillAsksForTheScreenLock() {
        // Some Keystore versions fail doFinal with IllegalBlockSizeException caused by the real reason.
        val wrapped = IllegalBlockSizeException("doFinal failed").apply { initCause(UserNotAuthenticated()) }
        assertIs<KeyWrapperException.AuthenticationRequired>(DeviceKeyPolicy.wrapperException(wrapped, classify))
        val invalidated = ProviderException("failed", PermanentlyInvalidated())
        assertIs<KeyWrapperException.KeyInvalidated>(DeviceKeyPolicy.wrapperException(invalidated, classify))
    }

    @Test
    fun theMappedAuthenticationErrorLeadsToThePromptNotAnEndlessTryAgain() {
        // A wrapper that fails the way an auth-bound Keystore key does, mapped by the policy.
        val inner = AuthBoundKeyWrapper()
        val wrapper = object : org.citizenwallet.KeyWrapper {
            override fun wrap(plaintext: ByteArray) = mapped { inner.wrap(plaintext) }
            override fun unwrap(wrapped: ByteArray) = mapped { inner.unwrap(wrapped) }
            private fun mapped(block: () -> ByteArray): ByteArray = try {
                if (!inner.authenticated) throw IllegalBlockSizeException("doFinal").apply { initCause(UserNotAuthenticated()) }
                block()
            } catch (e: Exception) {
                throw DeviceKeyPolicy.wrapperException(e, classify)
            }
        }
        val t = TestWallet(tmp.root, wrapper)
        t.wallet.lock()
        inner.authenticated = false
        val unlock = UnlockController(t.wallet, FakeClock())
        unlock.type(PIN)
        assertEquals(UnlockState.DeviceKeyProblem(DeviceKeyIssue.AuthenticationRequired), unlock.state.value)
        inner.authenticated = true
        unlock.retry()
        assertEquals(UnlockState.Unlocked, unlock.state.value)
        assertTrue(File(t.file.path.path).exists())
    }
}
