package org.citizenwallet.demo

import android.app.KeyguardManager
import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import org.citizenwallet.KeyWrapper
import org.citizenwallet.KeyWrapperException
import org.citizenwallet.demo.logic.DeviceKeyPolicy
import org.citizenwallet.demo.logic.DeviceKeySpec
import org.citizenwallet.demo.logic.KeystoreFailure

/**
 * The wallet's device key: AES-256-GCM in the Android Keystore, in StrongBox (a separate secure
 * chip) when the phone has one, in the TEE otherwise. The key never leaves that hardware; the core
 * hands it only the 32-byte data key to wrap, so a copied wallet file is useless on another phone.
 *
 * When the phone has a secure lock screen, the key is usable only within
 * [DeviceKeySpec.authTimeoutSecs] of the citizen unlocking the phone or confirming the screen lock
 * in the app's prompt ([DeviceAuthPrompt]). The core asks this key before it counts a PIN attempt,
 * so every guess at the wallet PIN first needs the phone's own lock screen, which the platform
 * throttles in hardware. Which key is asked for, the StrongBox → TEE fallback and the mapping of
 * Keystore failures to the typed [KeyWrapperException]s are [DeviceKeyPolicy]'s (JVM-tested).
 */
class KeystoreKeyWrapper(
    private val context: Context,
    private val alias: String = "citizen-wallet-device-key",
) : KeyWrapper {
    private val keyStore: KeyStore = KeyStore.getInstance(KEYSTORE).apply { load(null) }

    override fun wrap(plaintext: ByteArray): ByteArray = mapped {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, keyForWrapping()) // the Keystore picks the IV
        val iv = cipher.iv
        byteArrayOf(FORMAT_VERSION, iv.size.toByte()) + iv + cipher.doFinal(plaintext)
    }

    override fun unwrap(wrapped: ByteArray): ByteArray = mapped {
        if (wrapped.size < 2 || wrapped[0] != FORMAT_VERSION) throw KeyWrapperException.Rejected()
        val ivSize = wrapped[1].toInt()
        if (ivSize != GCM_IV_BYTES || wrapped.size < 2 + ivSize + GCM_TAG_BYTES) throw KeyWrapperException.Rejected()
        // A wrap exists but its key does not: the key was deleted with the screen lock, or the app
        // data came from another phone. Nothing can open this wrap again.
        val key = existingKey() ?: throw KeyWrapperException.KeyInvalidated()
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(GCM_TAG_BYTES * 8, wrapped, 2, ivSize))
        cipher.doFinal(wrapped, 2 + ivSize, wrapped.size - 2 - ivSize)
    }

    /** The phone advertises StrongBox: new keys are made there (falling back to the TEE if it refuses). */
    val strongBoxAvailable: Boolean
        get() = Build.VERSION.SDK_INT >= Build.VERSION_CODES.P &&
            context.packageManager.hasSystemFeature(PackageManager.FEATURE_STRONGBOX_KEYSTORE)

    /** A PIN, pattern or password protects the phone: only then can a key require the user. */
    val secureLockScreen: Boolean
        get() = context.getSystemService(KeyguardManager::class.java)?.isDeviceSecure == true

    private fun existingKey(): SecretKey? = keyStore.getKey(alias, null) as SecretKey?

    // Two first wraps at once must not each make a key: the second would replace the first.
    @Synchronized
    private fun keyForWrapping(): SecretKey = existingKey() ?: newKey()

    private fun newKey(): SecretKey =
        DeviceKeyPolicy.generate(DeviceKeyPolicy.attempts(strongBoxAvailable, secureLockScreen)) { generate(it) }

    private fun generate(spec: DeviceKeySpec): SecretKey {
        val builder = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setKeySize(256)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setRandomizedEncryptionRequired(true)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) builder.setIsStrongBoxBacked(spec.strongBox)
        // No setUnlockedDeviceRequired: it is reported to raise UserNotAuthenticatedException on some
        // Android 12 phones even while unlocked, and the authentication requirement below covers it.
        if (spec.userAuthentication) {
            builder.setUserAuthenticationRequired(true)
            // A new fingerprint must not destroy the wallet: the screen lock, which can enrol one,
            // already unlocks this key.
            builder.setInvalidatedByBiometricEnrollment(false)
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
                builder.setUserAuthenticationParameters(
                    spec.authTimeoutSecs,
                    KeyProperties.AUTH_DEVICE_CREDENTIAL or KeyProperties.AUTH_BIOMETRIC_STRONG,
                )
            } else {
                @Suppress("DEPRECATION")
                builder.setUserAuthenticationValidityDurationSeconds(spec.authTimeoutSecs)
            }
        }
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE).run {
            init(builder.build())
            generateKey()
        }
    }

    private inline fun <T> mapped(block: () -> T): T = try {
        block()
    } catch (e: Exception) {
        throw DeviceKeyPolicy.wrapperException(e) { classify(it) }
    }

    private companion object {
        const val KEYSTORE = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val FORMAT_VERSION: Byte = 1
        const val GCM_IV_BYTES = 12
        const val GCM_TAG_BYTES = 16

        /** Android's exception types, for [DeviceKeyPolicy.wrapperException] (which walks the causes). */
        fun classify(e: Throwable): KeystoreFailure? = when {
            e is UserNotAuthenticatedException -> KeystoreFailure.UserNotAuthenticated
            e is KeyPermanentlyInvalidatedException -> KeystoreFailure.KeyInvalidated
            Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU && e is android.security.KeyStoreException ->
                when (e.numericErrorCode) {
                    android.security.KeyStoreException.ERROR_USER_AUTHENTICATION_REQUIRED -> KeystoreFailure.UserNotAuthenticated
                    android.security.KeyStoreException.ERROR_KEY_DOES_NOT_EXIST -> KeystoreFailure.KeyInvalidated
                    else -> null
                }
            else -> null
        }
    }
}
