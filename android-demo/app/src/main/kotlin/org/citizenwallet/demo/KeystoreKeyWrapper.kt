package org.citizenwallet.demo

import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import android.security.keystore.UserNotAuthenticatedException
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.ProviderException
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import org.citizenwallet.KeyWrapper
import org.citizenwallet.KeyWrapperException

/**
 * The wallet's device key: AES-256-GCM in the Android Keystore, in StrongBox (a separate secure
 * chip) when the phone has one, in the TEE otherwise. The key never leaves that hardware; the core
 * hands it only the 32-byte data key to wrap, so a copied wallet file is useless on another phone.
 *
 * Keystore failures become the typed [KeyWrapperException]s the wallet reports to the PIN screen.
 * No user-authentication requirement is set: the PIN is the knowledge factor. An app that adds
 * biometrics sets setUserAuthenticationParameters; [UserNotAuthenticatedException] is mapped already.
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

    private fun existingKey(): SecretKey? = keyStore.getKey(alias, null) as SecretKey?

    // Two first wraps at once must not each make a key: the second would replace the first.
    @Synchronized
    private fun keyForWrapping(): SecretKey = existingKey() ?: newKey()

    private fun newKey(): SecretKey =
        if (strongBoxAvailable) {
            try {
                generate(strongBox = true)
            } catch (e: StrongBoxUnavailableException) {
                generate(strongBox = false) // advertised but refused (busy or unsupported parameters)
            }
        } else {
            generate(strongBox = false)
        }

    private fun generate(strongBox: Boolean): SecretKey {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setKeySize(256)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setRandomizedEncryptionRequired(true)
            .apply {
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
                    setIsStrongBoxBacked(strongBox)
                    setUnlockedDeviceRequired(true) // unusable while the phone itself is locked
                }
            }
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE).run {
            init(spec)
            generateKey()
        }
    }

    private inline fun <T> mapped(block: () -> T): T = try {
        block()
    } catch (e: KeyWrapperException) {
        throw e
    } catch (e: KeyPermanentlyInvalidatedException) {
        throw KeyWrapperException.KeyInvalidated()
    } catch (e: UserNotAuthenticatedException) {
        throw KeyWrapperException.AuthenticationRequired()
    } catch (e: AEADBadTagException) {
        throw KeyWrapperException.Rejected()
    } catch (e: GeneralSecurityException) {
        throw KeyWrapperException.Platform("${e.javaClass.simpleName}: ${e.message}")
    } catch (e: ProviderException) {
        // Keystore 2 reports hardware and service failures as ProviderException.
        throw KeyWrapperException.Platform("${e.javaClass.simpleName}: ${e.message}")
    }

    private companion object {
        const val KEYSTORE = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val FORMAT_VERSION: Byte = 1
        const val GCM_IV_BYTES = 12
        const val GCM_TAG_BYTES = 16
    }
}
