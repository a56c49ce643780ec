// SKETCH, NOT BUILT: this file is outside every Gradle source set and has never been compiled or
// run (this repository has no Android SDK). It shows how the app would implement the library's
// HolderSigner with Android Keystore; bindings/tests/kotlin/HardwareKeyTest.kt runs the same
// contract on the JVM with java.security. To use it: move it to app/src/main/kotlin, build, and
// test on a device with and without StrongBox (docs/hardware-keys.md).
package org.citizenwallet.demo

import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import android.security.keystore.UserNotAuthenticatedException
import java.math.BigInteger
import java.security.InvalidKeyException
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.ProviderException
import java.security.Signature
import java.security.interfaces.ECPublicKey
import java.security.spec.ECGenParameterSpec
import org.citizenwallet.HolderSigner
import org.citizenwallet.HolderSignerException

/**
 * The holder key in secure hardware: a P-256 signing key in StrongBox when the phone has one, in
 * the TEE otherwise, created by [generateKey] under the alias the wallet chooses and used by [sign]
 * for every presentation. The private key never leaves the hardware; the wallet stores only the
 * alias and the public key.
 *
 * User authentication: the key requires a biometric or device-credential authentication for each
 * use (`setUserAuthenticationParameters(0, ...)`), so a presentation needs the person, not just the
 * unlocked phone. [sign] must then run inside a BiometricPrompt callback with a CryptoObject built
 * from [signatureFor]; the library calls [sign] on a background thread and waits, so the app's
 * implementation blocks that thread on the prompt's result (a CountDownLatch) and maps
 * "cancelled" to [HolderSignerException.UserCancelled].
 */
class KeystoreHolderSigner(private val context: Context) : HolderSigner {
    private val keyStore: KeyStore = KeyStore.getInstance("AndroidKeyStore").apply { load(null) }

    override fun generateKey(alias: String): ByteArray = mapped {
        val pair = try {
            generate(alias, strongBox = strongBoxAvailable)
        } catch (e: StrongBoxUnavailableException) {
            generate(alias, strongBox = false)
        }
        uncompressed(pair.public as ECPublicKey)
    }

    override fun sign(alias: String, message: ByteArray): ByteArray = mapped {
        val signature = signatureFor(alias)
        // With per-use authentication, `signature` comes back from BiometricPrompt's CryptoObject
        // here instead (see the class comment).
        signature.update(message)
        signature.sign() // DER; the library converts it to COSE's r‖s and checks it with the stored key
    }

    /** An initialised `SHA256withECDSA` for [alias]: what a BiometricPrompt CryptoObject wraps. */
    fun signatureFor(alias: String): Signature {
        val key = keyStore.getKey(alias, null) as? PrivateKey ?: throw HolderSignerException.KeyNotFound()
        return Signature.getInstance("SHA256withECDSA").apply { initSign(key) }
    }

    /** Deletes the key (when the wallet is erased). */
    fun delete(alias: String) {
        if (keyStore.containsAlias(alias)) keyStore.deleteEntry(alias)
    }

    private val strongBoxAvailable: Boolean
        get() = Build.VERSION.SDK_INT >= Build.VERSION_CODES.P &&
            context.packageManager.hasSystemFeature(PackageManager.FEATURE_STRONGBOX_KEYSTORE)

    private fun generate(alias: String, strongBox: Boolean) =
        KeyPairGenerator.getInstance(KeyProperties.KEY_ALGORITHM_EC, "AndroidKeyStore").apply {
            val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_SIGN)
                .setAlgorithmParameterSpec(ECGenParameterSpec("secp256r1"))
                .setDigests(KeyProperties.DIGEST_SHA256)
                .setUserAuthenticationRequired(true)
                .setInvalidatedByBiometricEnrollment(true)
                // The issuer's nonce would go here to get a key attestation chain for the issuance
                // request (docs/hardware-keys.md, "Key attestation").
                // .setAttestationChallenge(issuerNonce)
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
                spec.setUserAuthenticationParameters(
                    0,
                    KeyProperties.AUTH_BIOMETRIC_STRONG or KeyProperties.AUTH_DEVICE_CREDENTIAL,
                )
            }
            if (strongBox && Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) spec.setIsStrongBoxBacked(true)
            initialize(spec.build())
        }.generateKeyPair()

    private fun uncompressed(key: ECPublicKey): ByteArray =
        byteArrayOf(4) + fixed32(key.w.affineX) + fixed32(key.w.affineY)

    private fun fixed32(n: BigInteger): ByteArray {
        val bytes = n.toByteArray().dropWhile { it == 0.toByte() }.toByteArray()
        return ByteArray(32 - bytes.size) + bytes
    }

    /** Keystore failures as the typed errors the wallet reports. */
    private inline fun <T> mapped(block: () -> T): T = try {
        block()
    } catch (e: HolderSignerException) {
        throw e
    } catch (e: KeyPermanentlyInvalidatedException) {
        throw HolderSignerException.KeyInvalidated()
    } catch (e: UserNotAuthenticatedException) {
        throw HolderSignerException.UserCancelled()
    } catch (e: StrongBoxUnavailableException) {
        throw HolderSignerException.Busy()
    } catch (e: InvalidKeyException) {
        throw HolderSignerException.KeyInvalidated()
    } catch (e: ProviderException) {
        // StrongBox reports a busy chip as a ProviderException from the Keystore daemon.
        throw HolderSignerException.Busy()
    } catch (e: Exception) {
        throw HolderSignerException.Platform(e.javaClass.simpleName)
    }
}
