package org.citizenwallet.demo.logic

import java.io.File
import java.security.SecureRandom
import java.util.concurrent.atomic.AtomicInteger
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import org.citizenwallet.Issuer
import org.citizenwallet.KeyWrapper
import org.citizenwallet.KeyWrapperException
import org.citizenwallet.PortraitImage
import org.citizenwallet.Verifier
import org.citizenwallet.VerifierPolicy
import org.citizenwallet.Wallet
import org.citizenwallet.WalletSettings

/** Time that moves only when the test says so. */
class FakeClock(var now: Long = 1_790_000_000_000L) : Clock {
    override fun nowMillis(): Long = now

    fun advanceSecs(seconds: Long) {
        now += seconds * 1000
    }
}

/**
 * The JVM stand-in for the app's Android Keystore wrapper: AES-256-GCM under a key this object holds
 * (on a phone the key never leaves the TEE / StrongBox). Real javax.crypto, not a mock.
 */
open class AesGcmKeyWrapper : KeyWrapper {
    private val key: SecretKey = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
    private val random = SecureRandom()
    val calls = AtomicInteger()

    override fun wrap(plaintext: ByteArray): ByteArray {
        calls.incrementAndGet()
        val iv = ByteArray(IV_BYTES).also(random::nextBytes)
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, key, GCMParameterSpec(128, iv))
        return iv + cipher.doFinal(plaintext)
    }

    override fun unwrap(wrapped: ByteArray): ByteArray {
        calls.incrementAndGet()
        if (wrapped.size < IV_BYTES + 16) throw KeyWrapperException.Rejected()
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, wrapped, 0, IV_BYTES))
        try {
            return cipher.doFinal(wrapped, IV_BYTES, wrapped.size - IV_BYTES)
        } catch (e: AEADBadTagException) {
            throw KeyWrapperException.Rejected()
        }
    }

    private companion object {
        const val IV_BYTES = 12
    }
}

/** A Keystore key that demands user authentication until [authenticated] is set, then works. */
class AuthBoundKeyWrapper : AesGcmKeyWrapper() {
    @Volatile var authenticated = true

    override fun wrap(plaintext: ByteArray): ByteArray =
        if (authenticated) super.wrap(plaintext) else throw KeyWrapperException.AuthenticationRequired()

    override fun unwrap(wrapped: ByteArray): ByteArray =
        if (authenticated) super.unwrap(wrapped) else throw KeyWrapperException.AuthenticationRequired()
}

/** A Keystore key invalidated by the platform (e.g. the screen lock was removed). */
class InvalidatedKeyWrapper : KeyWrapper {
    override fun wrap(plaintext: ByteArray): ByteArray = throw KeyWrapperException.KeyInvalidated()
    override fun unwrap(wrapped: ByteArray): ByteArray = throw KeyWrapperException.KeyInvalidated()
}

const val PIN = "482915"

/** Argon2id at 64 KiB: the production default (64 MiB) would make each test wait. */
val FAST = WalletSettings(kdfMemoryKib = 64u, kdfIterations = 1u, unlockDelays = true, maxFailedUnlocks = null, insecureKdfForTests = true)

/** The demo issuer's list (unsigned JSON): input to test bundles, and the dev-path verifiers of older tests. */
val DEMO_TRUST_LIST: String by lazy { Issuer.demo().use { it.trustListJson() } }

/** The app's assets folder (set by test-logic.sh and by logic/build.gradle.kts). */
val ASSETS: File by lazy {
    File(System.getProperty("citizenwallet.assetsDir") ?: error("citizenwallet.assetsDir not set"))
}

val SHIPPED_BUNDLE: ByteArray by lazy { File(ASSETS, DemoConfig.TRUST_BUNDLE_ASSET).readBytes() }
val SHIPPED_ANCHOR_JSON: String by lazy { File(ASSETS, DemoConfig.TRUST_ANCHOR_ASSET).readText() }

/** The app's TEST portrait asset (a drawn synthetic face, WebP). */
val DEMO_PORTRAIT: PortraitImage by lazy {
    PortraitImage("image/webp", File(ASSETS, DemoConfig.DEMO_PORTRAIT_ASSET).readBytes())
}

/** The trust the demo app runs on: the shipped bundle and anchor, under the demo build's expiry policy. */
val DEMO_TRUST: AppTrust by lazy { AppTrust.fromAssets(SHIPPED_BUNDLE, SHIPPED_ANCHOR_JSON, DemoConfig.EXPIRED_TRUST) }

val SAMPLE_NAME: String by lazy { org.citizenwallet.demoCitizenRecord().fullName }

fun Onboarding.type(pin: String) = pin.forEach(::digit)

fun UnlockController.type(pin: String) = pin.forEach(::digit)

/** A wallet made the way the app makes it: onboarding with PIN + device key, then the TEST credentials. */
class TestWallet(
    dir: File,
    val keyWrapper: KeyWrapper = AesGcmKeyWrapper(),
    settings: WalletSettings = FAST,
    portrait: PortraitImage? = null,
    trust: AppTrust = DEMO_TRUST,
) {
    val file = WalletFile(File(dir, DemoConfig.WALLET_FILE_NAME), keyWrapper, settings)
    val wallet: Wallet
    val identityId: Long
    val residenceId: Long

    init {
        val onboarding = Onboarding(file, DemoCredentials(trust, portrait))
        onboarding.start()
        onboarding.type(PIN)
        onboarding.type(PIN)
        onboarding.addDemoCredentials()
        val done = onboarding.state.value as OnboardingState.Done
        wallet = onboarding.wallet!!
        identityId = done.credentialIds[0]
        residenceId = done.credentialIds[1]
    }
}

fun counterVerifier(audience: String = DemoConfig.COUNTER_AUDIENCE): Verifier =
    Verifier(DEMO_TRUST_LIST, VerifierPolicy(audience = audience))

/** Default clock skew a verifier allows (VerifierPolicy default). */
const val DEFAULT_SKEW_SECS = 60L
