package org.citizenwallet.demo.logic

import java.security.GeneralSecurityException
import java.security.ProviderException
import javax.crypto.AEADBadTagException
import org.citizenwallet.KeyWrapperException

/**
 * How the app's Keystore key is made: in StrongBox or the TEE, and whether each use needs the
 * citizen to have confirmed the phone's screen lock (PIN, pattern, password or a strong biometric)
 * within [authTimeoutSecs]. The Keystore and the lock screen's hardware throttling (Gatekeeper,
 * Weaver) then stand in front of every PIN guess, which the wallet's own count cannot be tricked
 * around by moving the clock.
 */
data class DeviceKeySpec(
    val strongBox: Boolean,
    val userAuthentication: Boolean,
    val authTimeoutSecs: Int,
)

/**
 * What a Keystore call failed with, as the app classifies Android's exception types (this module
 * has no android.* classes; the app's classifier is a few `is` checks).
 */
enum class KeystoreFailure {
    /** `UserNotAuthenticatedException`, or a Keystore error code saying the same. */
    UserNotAuthenticated,

    /** `KeyPermanentlyInvalidatedException`: the screen lock was removed, or similar. */
    KeyInvalidated,
}

/** The app's rules for its device key, kept here so that they run in the JVM tests. */
object DeviceKeyPolicy {
    /**
     * The specs to try, in order. StrongBox first when the phone advertises it, then the TEE.
     * User authentication is required whenever the phone has a secure lock screen: without one
     * the Keystore cannot bind a key to it, and the wallet PIN (with its wipe limit) is all there is.
     */
    fun attempts(
        strongBoxAdvertised: Boolean,
        secureLockScreen: Boolean,
        authTimeoutSecs: Int = DemoConfig.DEVICE_AUTH_TIMEOUT_SECS,
    ): List<DeviceKeySpec> {
        val tee = DeviceKeySpec(strongBox = false, userAuthentication = secureLockScreen, authTimeoutSecs = authTimeoutSecs)
        return if (strongBoxAdvertised) listOf(tee.copy(strongBox = true), tee) else listOf(tee)
    }

    /**
     * Runs [make] for each of [attempts] until one succeeds. A StrongBox attempt that fails with a
     * Keystore error of any kind (`StrongBoxUnavailableException` is one `ProviderException`;
     * busy or unsupported-parameter StrongBox chips raise others, and some a
     * `GeneralSecurityException`) falls back to the next spec. Anything else (a bug, a missing
     * lock screen after all) is not hidden by a fallback; the last attempt's failure is thrown.
     */
    fun <T> generate(attempts: List<DeviceKeySpec>, make: (DeviceKeySpec) -> T): T {
        require(attempts.isNotEmpty()) { "no key spec to try" }
        for ((i, spec) in attempts.withIndex()) {
            val last = i == attempts.lastIndex
            try {
                return make(spec)
            } catch (e: GeneralSecurityException) {
                if (last || !spec.strongBox) throw e
            } catch (e: ProviderException) {
                if (last || !spec.strongBox) throw e
            }
        }
        error("unreachable: the last attempt returns or throws")
    }

    /**
     * The typed error the wallet gets for a Keystore failure. [classify] recognises Android's own
     * exception types; the whole cause chain is searched, because some Keystore versions report a
     * missing authentication as an `IllegalBlockSizeException` whose cause says so.
     */
    fun wrapperException(e: Throwable, classify: (Throwable) -> KeystoreFailure?): KeyWrapperException {
        if (e is KeyWrapperException) return e
        for (cause in generateSequence(e) { it.cause }.take(MAX_CAUSES)) {
            when (classify(cause)) {
                KeystoreFailure.UserNotAuthenticated -> return KeyWrapperException.AuthenticationRequired()
                KeystoreFailure.KeyInvalidated -> return KeyWrapperException.KeyInvalidated()
                null -> Unit
            }
            if (cause is AEADBadTagException) return KeyWrapperException.Rejected()
        }
        // The class name and the platform's message only: the wrapper never sees the PIN, and the
        // plaintext is never part of a Keystore message.
        return KeyWrapperException.Platform("${e.javaClass.simpleName}: ${e.message}")
    }

    private const val MAX_CAUSES = 8
}
