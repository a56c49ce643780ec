// The HolderSigner foreign trait on the JVM, against the real host library: a Kotlin keystore of
// P-256 keys from java.security (KeyPairGenerator "EC" secp256r1, Signature "SHA256withECDSA", the
// DER output Android Keystore gives) standing in for Android Keystore / StrongBox. Full flow:
// create a hardware holder key, have a credential issued to it, import, present, verify ES256 at
// the counter; then the platform's failures (key invalidated, user cancelled, busy, a buggy
// signer) as typed exceptions, and a reopened wallet without its signer.
//
// Run by bindings/test-hardware-keys.sh. Exit code 0 only if every check passed.

import org.citizenwallet.*
import java.io.File
import java.math.BigInteger
import java.nio.file.Files
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.interfaces.ECPublicKey
import java.security.spec.ECGenParameterSpec
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlin.system.exitProcess

/** What the platform does on the next sign call. */
enum class Next { SIGN, INVALIDATED, CANCELLED, BUSY, CRASH }

/** P-256 keys by alias in a software keystore (the private key never leaves this object). */
class JavaSecurityKeystore : HolderSigner {
    private val keys = ConcurrentHashMap<String, KeyPair>()
    @Volatile var next = Next.SIGN
    val signatures = AtomicInteger()

    override fun generateKey(alias: String): ByteArray {
        val generator = KeyPairGenerator.getInstance("EC")
        generator.initialize(ECGenParameterSpec("secp256r1"))
        val pair = generator.generateKeyPair()
        keys[alias] = pair
        return uncompressed(pair.public as ECPublicKey)
    }

    override fun sign(alias: String, message: ByteArray): ByteArray {
        when (next) {
            Next.INVALIDATED -> throw HolderSignerException.KeyInvalidated()
            Next.CANCELLED -> throw HolderSignerException.UserCancelled()
            Next.BUSY -> throw HolderSignerException.Busy()
            Next.CRASH -> throw IllegalStateException("keystore exploded")
            Next.SIGN -> {}
        }
        val pair = keys[alias] ?: throw HolderSignerException.KeyNotFound()
        val signer = Signature.getInstance("SHA256withECDSA")
        signer.initSign(pair.private)
        signer.update(message)
        signatures.incrementAndGet()
        return signer.sign() // DER, as on Android
    }

    /** SEC1 uncompressed: 04 || x || y, each coordinate 32 bytes big-endian. */
    private fun uncompressed(key: ECPublicKey): ByteArray =
        byteArrayOf(4) + fixed32(key.w.affineX) + fixed32(key.w.affineY)

    private fun fixed32(n: BigInteger): ByteArray {
        val bytes = n.toByteArray().dropWhile { it == 0.toByte() }.toByteArray()
        return ByteArray(32 - bytes.size) + bytes
    }
}

const val PIN = "246810"
const val COUNTER = "bank-counter-7"
val FAST = WalletSettings(kdfMemoryKib = 64u, kdfIterations = 1u, unlockDelays = false, maxFailedUnlocks = null, insecureKdfForTests = true)

fun main() {
    val dir = Files.createTempDirectory("cw-kotlin-hw").toFile()
    val issuer = Issuer.demo()
    val trust = issuer.trustListJson()
    val record = demoCitizenRecord()
    val keystore = JavaSecurityKeystore()

    // Create: the wallet asks the Kotlin keystore for a P-256 key and keeps alias + public key.
    val path = File(dir, "wallet.db").path
    val wallet = Wallet.create(path, PIN, null, FAST)
    expectThrows<WalletException.HolderSignerRequired>("no signer set yet") { wallet.createHardwareHolderKey() }
    wallet.setHolderSigner(keystore)
    val publicKey = wallet.createHardwareHolderKey()
    check(publicKey.size == 65 && publicKey[0] == 4.toByte(), "65-byte SEC1 P-256 public key")
    check(wallet.holderPublicKey().contentEquals(publicKey), "the hardware key is the one to give issuers")

    // Import a credential issued to the hardware key; present; the counter verifies ES256.
    val id = wallet.importCredential(issuer.issue(record, DocType.IDENTITY, publicKey), trust)
    val verifier = Verifier(trust, VerifierPolicy(audience = COUNTER))
    val presentation = wallet.present(id, listOf("full_name", "id_number", "age_over_18"), COUNTER)
    check(keystore.signatures.get() == 1, "the Kotlin keystore signed the presentation")
    val verified = verifier.verify(presentation.qrText)
    check(verified.holderAlgorithm == "ES256", "holder algorithm ES256, got ${verified.holderAlgorithm}")
    check(verified.holderThumbprint == wallet.holderKeyThumbprint(), "holder thumbprint")
    check(verified.claims.first { it.name == "full_name" }.value == record.fullName, "verified name")
    println("QR of a 3-claim ES256-holder presentation: ${presentation.qrText.length} characters, version ${qrMatrix(presentation.qrText).version}")

    // The platform's failures, typed; nothing is logged for them.
    val logged = wallet.presentationLog().size
    keystore.next = Next.INVALIDATED
    expectThrows<WalletException.KeyInvalidated>("key invalidated (new fingerprint)") { wallet.present(id, listOf("age_over_18"), COUNTER) }
    keystore.next = Next.CANCELLED
    expectThrows<WalletException.UserCancelled>("user cancelled the prompt") { wallet.present(id, listOf("age_over_18"), COUNTER) }
    keystore.next = Next.BUSY
    expectThrows<WalletException.SignerBusy>("StrongBox busy") { wallet.present(id, listOf("age_over_18"), COUNTER) }
    keystore.next = Next.CRASH
    val crash = expectThrows<WalletException.HolderSignerFailed>("undeclared exception") { wallet.present(id, listOf("age_over_18"), COUNTER) }
    check(crash?.code == "platform_signer_failed", "code of an undeclared exception")
    check(wallet.presentationLog().size == logged, "failed signatures are not logged")
    keystore.next = Next.SIGN
    check(verifier.verify(wallet.present(id, listOf("age_over_18"), COUNTER).qrText).holderAlgorithm == "ES256", "busy is not final")

    // Reopened: no key handed out before its sealed row authenticated at an unlock, then readable
    // while locked (the unlock does not ask the signer); presenting needs the signer again.
    wallet.lock()
    val reopened = Wallet.open(path, null)
    expectThrows<WalletException.Locked>("not authenticated before the first unlock") { reopened.holderPublicKey() }
    reopened.unlock(PIN)
    reopened.lock()
    check(reopened.holderPublicKey().contentEquals(publicKey), "public key readable while locked once authenticated")
    reopened.unlock(PIN)
    expectThrows<WalletException.HolderSignerRequired>("reopened without signer") { reopened.present(id, listOf("age_over_18"), COUNTER) }
    reopened.setHolderSigner(keystore)
    // Not the same claims as the presentation above within the same second: the counter remembers it (replay).
    check(verifier.verify(reopened.present(id, listOf("id_number"), COUNTER).qrText).claims.size == 1, "reopened with signer")

    dir.deleteRecursively()
    println("hardware key scenario: $passed checks passed, ${failures.size} failed")
    if (failures.isNotEmpty()) exitProcess(1)
}
