// The generated Kotlin bindings on the JVM, against the real host library: the scenario an
// Android app goes through, with a Kotlin key wrapper (AES-GCM from javax.crypto, standing in for
// Android Keystore), typed exceptions, revocation, replay, card QR, and calls from many threads.
//
// Run by bindings/test.sh. Exit code 0 only if every check passed.

import org.citizenwallet.*
import java.io.File
import java.nio.file.Files
import java.security.SecureRandom
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import kotlin.system.exitProcess

/** AES-256-GCM with a key held by this object: what an Android Keystore key does in hardware. */
class AesGcmKeyWrapper : KeyWrapper {
    private val key: SecretKey = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
    private val random = SecureRandom()
    val calls = AtomicInteger()

    override fun wrap(plaintext: ByteArray): ByteArray {
        calls.incrementAndGet()
        val iv = ByteArray(12).also(random::nextBytes)
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, key, GCMParameterSpec(128, iv))
        return iv + cipher.doFinal(plaintext)
    }

    override fun unwrap(wrapped: ByteArray): ByteArray {
        calls.incrementAndGet()
        if (wrapped.size < 12 + 16) throw KeyWrapperException.Rejected()
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, wrapped, 0, 12))
        try {
            return cipher.doFinal(wrapped, 12, wrapped.size - 12)
        } catch (e: AEADBadTagException) {
            throw KeyWrapperException.Rejected()
        }
    }
}

/** A device key that now demands a biometric prompt: a declared, typed failure. */
class NeedsAuthentication : KeyWrapper {
    override fun wrap(plaintext: ByteArray): ByteArray = throw KeyWrapperException.AuthenticationRequired()
    override fun unwrap(wrapped: ByteArray): ByteArray = throw KeyWrapperException.AuthenticationRequired()
}

/** A buggy wrapper throwing an undeclared exception: must still surface as a typed error. */
class Buggy : KeyWrapper {
    override fun wrap(plaintext: ByteArray): ByteArray = throw IllegalStateException("keystore exploded")
    override fun unwrap(wrapped: ByteArray): ByteArray = throw IllegalStateException("keystore exploded")
}

class CollectingLogger : Logger {
    val lines: MutableList<String> = Collections.synchronizedList(mutableListOf())
    override fun log(level: LogLevel, message: String) { lines.add("$level $message") }
}

const val PIN = "246810"
const val COUNTER = "bank-counter-7"
val FAST = WalletSettings(kdfMemoryKib = 64u, kdfIterations = 1u, unlockDelays = true, maxFailedUnlocks = null, insecureKdfForTests = true)

/** A WebP container (RIFF/WEBP/VP8 chunk) around filler: the verifier checks headers, not pixels. */
fun webpBytes(): ByteArray {
    val payload = ByteArray(64) { (it * 37).toByte() }
    fun le32(n: Int) = byteArrayOf(n.toByte(), (n shr 8).toByte(), (n shr 16).toByte(), (n shr 24).toByte())
    val chunk = "VP8 ".toByteArray() + le32(payload.size) + payload
    return "RIFF".toByteArray() + le32(chunk.size + 4) + "WEBP".toByteArray() + chunk
}

fun main() {
    val dir = Files.createTempDirectory("cw-kotlin").toFile()
    val logger = CollectingLogger()
    setLogger(logger)
    check(libraryVersion().isNotEmpty(), "library version")
    check("age_over_18" in claimNames(), "claim names")

    val issuer = Issuer.demo()
    val trust = issuer.trustListJson()
    val record = demoCitizenRecord()
    val keyWrapper = AesGcmKeyWrapper()

    // Create with PIN + device key, import both credentials from the issuer.
    val path = File(dir, "wallet.db").path
    val wallet = Wallet.create(path, PIN, keyWrapper, FAST)
    check(wallet.isUnlocked(), "a new wallet is unlocked")
    check(keyWrapper.calls.get() >= 1, "the Kotlin key wrapper was called by Rust")
    val holderKey = wallet.holderPublicKey()
    check(holderKey.size == 32, "holder public key is 32 bytes")
    val identityId = wallet.importCredential(issuer.issue(record, DocType.IDENTITY, holderKey, statusIndex = 5uL), trust)
    val residenceId = wallet.importCredential(issuer.issue(record, DocType.RESIDENCE, holderKey, statusIndex = 6uL), trust)
    val summaries = wallet.listCredentials()
    check(summaries.size == 2, "two credentials listed")
    check(summaries.first { it.id == identityId }.claims.contains("date_of_birth"), "summary lists claim names")
    check(summaries.none { it.toString().contains(record.fullName) }, "summaries carry no values")
    check(wallet.credentialClaims(residenceId).any { it.name == "full_name" && it.value == record.fullName }, "values on request")

    // A credential for another holder key is refused with a typed error.
    val stranger = Wallet.create(File(dir, "other.db").path, PIN, null, FAST)
    expectThrows<WalletException.NotBoundToWallet>("credential bound to another wallet") {
        wallet.importCredential(issuer.issue(record, DocType.IDENTITY, stranger.holderPublicKey()), trust)
    }
    expectThrows<WalletException.UntrustedCredential>("credential from an untrusted issuer") {
        val rogue = Issuer("rogue-1", "https://rogue.example", ageThresholds = listOf(18u))
        wallet.importCredential(rogue.issue(record, DocType.IDENTITY, holderKey), trust)
    }

    // Present three claims; the counter verifies offline.
    val verifier = Verifier(trust, VerifierPolicy(audience = COUNTER))
    val presentation = wallet.present(identityId, listOf("full_name", "id_number", "age_over_18"), COUNTER)
    check(presentation.qrText.startsWith("CW1:"), "QR text prefix")
    check(presentation.expiresAt - presentation.issuedAt == 60L, "default TTL 60 s")
    val verified = verifier.verify(presentation.qrText)
    check(verified.claims.map { it.name }.toSet() == setOf("full_name", "id_number", "age_over_18"), "disclosed claims")
    check(verified.claims.first { it.name == "full_name" }.value == record.fullName, "verified name value")
    check(verified.claims.none { it.name == "date_of_birth" }, "undisclosed claim absent")
    check(verified.holderThumbprint == wallet.holderKeyThumbprint(), "holder thumbprint")
    check(verified.status == StatusResult.NotChecked, "revocation not checked without status lists")
    check(qrMatrix(presentation.qrText).version.toInt() <= 22, "three claims fit QR version 22")
    // A counter remembers what it accepted (replay protection is on by default): the same QR again,
    // even as an image, is a replay; another counter reads the image.
    expectThrows<VerifyException.Replayed>("the same QR twice at one counter") { verifier.verifyImage(qrPng(presentation.qrText)) }
    check(Verifier(trust, VerifierPolicy(audience = COUNTER)).verifyImage(qrPng(presentation.qrText)).presentationId == verified.presentationId, "PNG round trip")
    expectThrows<VerifyException.Configuration>("a counter without an audience") { Verifier(trust, VerifierPolicy(audience = null)) }
    check(Verifier(trust, VerifierPolicy(audience = null, anyAudience = true)).verify(presentation.qrText).audience == COUNTER, "any-audience tooling verifier")

    // Tampered QR: one Base45 digit changed inside the holder signature.
    val chars = presentation.qrText.toCharArray()
    val at = chars.size - 10
    chars[at] = if (chars[at] == '0') '1' else '0'
    expectThrows<VerifyException.BadHolderSignature>("tampered QR") { verifier.verify(String(chars)) }
    expectThrows<VerifyException.NotAPresentation>("not a presentation") { verifier.verify("HELLO") }

    // Expired QR, wrong audience.
    val shortLived = wallet.present(identityId, listOf("age_over_18"), COUNTER, ttlSecs = 1uL)
    val expired = expectThrows<VerifyException.Expired>("expired QR") { verifier.verifyAt(shortLived.qrText, shortLived.expiresAt + 3600) }
    check(expired?.secondsAgo == 3600L, "expired reports how long ago")
    expectThrows<VerifyException.WrongAudience>("wrong audience") { Verifier(trust, VerifierPolicy(audience = "hotel")).verify(presentation.qrText) }

    // A portrait: issued from a record, disclosed on request, verified as bytes + media type.
    val webp = webpBytes()
    val photoWallet = Wallet.create(File(dir, "photo.db").path, PIN, null, FAST)
    val withPhoto = record.copy(portrait = PortraitImage(mediaType = "image/webp", bytes = webp))
    val photoId = photoWallet.importCredential(issuer.issue(withPhoto, DocType.IDENTITY, photoWallet.holderPublicKey()), trust)
    val withFace = verifier.verify(photoWallet.present(photoId, listOf("full_name", "portrait"), COUNTER).qrText)
    val face = withFace.claims.first { it.name == "portrait" }.portrait
    check(face != null && face.mediaType == "image/webp" && face.bytes.contentEquals(webp), "portrait bytes and media type")
    check(!face.toString().contains("RIFF"), "portrait toString carries no bytes")
    expectThrows<IssuerException.InvalidClaim>("a portrait that is not its media type") {
        issuer.issue(record.copy(portrait = PortraitImage("image/png", webp)), DocType.IDENTITY, holderKey)
    }

    // Revocation with the issuer's status list; replay protection.
    val revoking = Verifier(trust, VerifierPolicy(audience = COUNTER))
    revoking.addStatusList(issuer.statusListToken(64u, revoked = listOf(5uL)))
    expectThrows<VerifyException.Revoked>("revoked credential") { revoking.verify(presentation.qrText) }
    val residenceQr = wallet.present(residenceId, listOf("place_of_residence"), COUNTER).qrText
    check(revoking.verify(residenceQr).status is StatusResult.Valid, "valid entry in the status list")
    val guarded = Verifier(trust, VerifierPolicy(audience = COUNTER))
    guarded.enableReplayProtection(File(dir, "replay.db").path)
    guarded.verify(presentation.qrText)
    expectThrows<VerifyException.Replayed>("second scan of the same QR") { guarded.verify(presentation.qrText) }

    // The printed card QR is recognised, and labelled unsigned.
    val card = verifier.scan("079190001234||Nguyễn Thị Minh Khai|15051990|Nữ|12 Lê Lợi, Quận 1|10042021")
    check(card is ScanResult.UnsignedCard && card.card.notice.startsWith("UNSIGNED"), "card QR is unsigned")
    check(verifier.scan(residenceQr) is ScanResult.Verified, "scan of a presentation verifies it")

    // Request flow: the counter signs a request QR, the wallet reads it against the registry,
    // answers with the approved claims only, and the counter checks the answer against its request.
    val bank = RequestSigner.generate("https://bank.example.vn", "Ngân hàng Ví dụ", "bank-1")
    val registry = bank.registrationJson(listOf("full_name", "age_over_18"))
    val request = bank.createRequest("Mở tài khoản", listOf("full_name", "age_over_18", "date_of_birth"), audience = "https://bank.example.vn/hn-07")
    check(request.qrText.startsWith("CWR1:") && request.nonce.size == 16, "request QR text and nonce")
    val shown = readRequest(request.qrText, registry)
    check(shown.verified && shown.displayName == "Ngân hàng Ví dụ", "registered verifier shown by its registered name")
    check(shown.overAsking == listOf("date_of_birth"), "over-asking surfaced: ${shown.overAsking}")
    val answer = wallet.presentForRequest(identityId, request.qrText, registry, listOf("full_name", "age_over_18"))
    val answered = verifier.verifyAnswer(answer.qrText, request)
    check(answered.claims.map { it.name }.toSet() == setOf("full_name", "age_over_18"), "answer carries the approved claims")
    expectThrows<VerifyException.WrongNonce>("answer checked against another request") {
        verifier.verifyAnswer(answer.qrText, bank.createRequest("Mở tài khoản", listOf("full_name"), audience = "https://bank.example.vn/hn-07"))
    }
    val notAsked = expectThrows<WalletException.RequestRejected>("approving a claim that was not requested") {
        wallet.presentForRequest(identityId, request.qrText, registry, listOf("nationality"))
    }
    check(notAsked?.code == "not_requested", "not_requested code: ${notAsked?.code}")
    val impostor = RequestSigner.generate("https://bank.example.vn", "Ngân hàng Ví dụ", "bank-2")
    expectThrows<RequestException.PosesAsRegisteredVerifier>("an unknown key using the bank's id") {
        readRequest(impostor.createRequest("Mở tài khoản", listOf("full_name")).qrText, registry)
    }
    val stranger2 = RequestSigner.generate("https://shop.example.vn", "Cửa hàng", "shop-2")
    val unknown = stranger2.createRequest("Mở tài khoản", listOf("full_name"))
    check(!readRequest(unknown.qrText, registry).verified, "an unregistered key reads as unverified")
    val refused = expectThrows<WalletException.RequestRejected>("unverified request refused by default") {
        wallet.presentForRequest(identityId, unknown.qrText, registry, listOf("full_name"))
    }
    check(refused?.code == "unverified_request", "unverified_request code")
    val forged = RequestSigner.fromSecret("https://bank.example.vn", "Ngân hàng Ví dụ", "bank-1", ByteArray(32) { 7 })
    expectThrows<RequestException.BadSignature>("request signed by another key under a registered kid") {
        readRequest(forged.createRequest("Mở tài khoản", listOf("full_name")).qrText, registry)
    }
    expectThrows<RequestException.Expired>("expired request") { readRequestAt(request.qrText, registry, request.expiresAt + 3600) }
    expectThrows<RequestException.NotARequest>("a presentation is not a request") { readRequest(presentation.qrText, registry) }

    // Wrong PIN: typed, counted; the right PIN still works.
    wallet.lock()
    expectThrows<WalletException.Locked>("locked wallet refuses to present") { wallet.present(identityId, listOf("full_name"), COUNTER) }
    val wrong = expectThrows<WalletException.WrongPin>("wrong PIN") { wallet.unlock("000000") }
    check(wrong?.attemptsLeft == null, "no wipe configured")
    check(wallet.unlockStatus().failedAttempts == 1u, "failed attempt counted")
    wallet.unlock(PIN)
    check(wallet.isUnlocked() && wallet.unlockStatus().failedAttempts == 0u, "right PIN unlocks and resets the counter")

    // Reopen with the same device key; change PIN.
    wallet.changePin(PIN, "13579246")
    val reopened = Wallet.open(path, keyWrapper)
    expectThrows<WalletException.WrongPin>("old PIN after change") { reopened.unlock(PIN) }
    reopened.unlock("13579246")
    check(reopened.listCredentials().size == 2, "data intact after PIN change")

    // Key wrapper failures, declared and undeclared, become typed exceptions.
    val noAuth = expectThrows<WalletException.KeyWrapperFailed>("device key needs authentication") { Wallet.open(path, NeedsAuthentication()).unlock("13579246") }
    check(noAuth?.code == "authentication_required", "authentication_required code")
    val buggy = expectThrows<WalletException.KeyWrapperFailed>("undeclared exception in the wrapper") { Wallet.open(path, Buggy()).unlock("13579246") }
    check(buggy?.code == "platform" && buggy.reason.contains("keystore exploded"), "unexpected exception mapped: ${buggy?.reason}")

    // Many threads at once on one wallet and one verifier. Presentations of the same claims made
    // in the same second are the same QR, which a counter's replay memory rightly refuses: this
    // throughput check runs without it.
    val busyCounter = Verifier(trust, VerifierPolicy(audience = COUNTER, replayProtection = false))
    val pool = Executors.newFixedThreadPool(8)
    val tasks = (0 until 8).map { t ->
        Callable {
            var ok = 0
            repeat(10) { i ->
                val claims = if ((t + i) % 2 == 0) listOf("full_name") else listOf("age_over_18", "nationality")
                val qr = reopened.present(identityId, claims, COUNTER).qrText
                if (busyCounter.verify(qr).claims.size == claims.size) ok++
                if (reopened.listCredentials().size == 2) ok++
                reopened.presentationLog()
            }
            ok
        }
    }
    val results = pool.invokeAll(tasks).map { it.get(120, TimeUnit.SECONDS) }
    pool.shutdown()
    check(results.sum() == 8 * 10 * 2, "8 threads x 10 present/verify/list all succeeded (${results.sum()})")
    check(reopened.presentationLog().size >= 80, "every presentation logged")
    check(reopened.presentationLog().none { it.toString().contains(record.fullName) }, "log holds no values")

    // Nothing secret or personal reached the app's logger.
    check(logger.lines.any { it.contains("wallet unlocked") }, "logger received events")
    check(logger.lines.none { it.contains(PIN) || it.contains(record.fullName) || it.contains(record.idNumber) }, "logs carry no PIN or personal data")

    signedTrust(dir, issuer, trust, record, bank, registry)

    if (System.getenv("CW_BENCH") != null) benchmark(reopened, identityId, verifier)

    reopened.erase()
    check(!File(path).exists(), "erase removes the file")
    expectThrows<WalletException.NoWallet>("an erased wallet is unusable") { reopened.listCredentials() }
    stranger.erase()
    dir.deleteRecursively()

    println("kotlin: $passed checks passed, ${failures.size} failed")
    if (failures.isNotEmpty()) exitProcess(1)
}

/** Medians of present and verify through the bindings, for the overhead report. */
/**
 * Signed trust: an anchor signs bundles; the counter and the wallet check them against the pinned
 * anchor; expiry by policy; issuer key periods; the wallet refuses a rollback, also after reopening,
 * and shows a verifier removed from the newest bundle as unverified.
 */
fun signedTrust(dir: File, issuer: Issuer, trust: String, record: CitizenRecord, bank: RequestSigner, registry: String) {
    val now = System.currentTimeMillis() / 1000
    val root = TrustAnchorSigner.generate("root-1")
    val pinned = listOf(root.anchor())
    val x = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(root.anchor().publicKey)
    val fromFile = trustAnchorFromJson("{\"kid\": \"root-1\", \"key\": {\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": \"$x\"}}")
    check(fromFile.kid == "root-1" && fromFile.publicKey.contentEquals(root.anchor().publicKey), "anchor from its JSON file")
    val bundle1 = root.signBundle(1uL, trust, verifiersJson = registry)
    val bundle2 = root.signBundle(2uL, trust)
    check(verifyTrustBundle(bundle1, pinned).verifierKids == listOf("bank-1"), "bundle 1 registers the bank")

    val wallet = Wallet.create(File(dir, "trust.db").path, PIN, null, FAST)
    check(wallet.updateTrust(bundle1, pinned) == 1uL, "wallet accepts bundle 1")
    val id = wallet.importTrustedCredential(issuer.issue(record, DocType.IDENTITY, wallet.holderPublicKey()), pinned)
    val counter = Verifier.fromTrustBundle(bundle1, pinned, VerifierPolicy(audience = COUNTER))
    val qr = wallet.present(id, listOf("age_over_18"), COUNTER).qrText
    check(counter.verify(qr).trustWarning == null, "verified against the signed bundle, no warning")

    expectThrows<TrustException.BadSignature>("bundle signed by another key under the anchor's kid") {
        Verifier.fromTrustBundle(TrustAnchorSigner.generate("root-1").signBundle(3uL, trust), pinned, VerifierPolicy(audience = COUNTER))
    }
    expectThrows<TrustException.UnknownAnchor>("bundle from an anchor that is not pinned") {
        verifyTrustBundle(TrustAnchorSigner.generate("root-x").signBundle(3uL, trust), pinned)
    }
    val tampered = bundle1.copyOf().also { it[it.size - 70] = (it[it.size - 70].toInt() xor 1).toByte() }
    expectThrows<TrustException>("tampered bundle") { verifyTrustBundle(tampered, pinned) }
    val stale = root.signBundle(4uL, trust, lifetimeSecs = 60uL, issuedAt = now - 3600)
    expectThrows<TrustException.Expired>("expired bundle refused by default") {
        Verifier.fromTrustBundle(stale, pinned, VerifierPolicy(audience = COUNTER))
    }
    val lenient = Verifier.fromTrustBundle(stale, pinned, VerifierPolicy(audience = COUNTER), allowExpired = true)
    check(lenient.verify(qr).trustWarning?.contains("expired") == true, "expired bundle allowed: every verdict warns")

    // The issuer key was retired before this credential's iat: refused with its own reason. Two
    // days back, because iat is the issue day's midnight UTC (an hour back fails after 01:00 UTC).
    val retired = trust.replace("\"iss\":", "\"valid_until\": ${now - 2 * 86_400},\n      \"iss\":")
    val strict = Verifier.fromTrustBundle(root.signBundle(5uL, retired), pinned, VerifierPolicy(audience = COUNTER))
    expectThrows<VerifyException.OutsideSigningPeriod>("credential signed after its key was retired") { strict.verify(qr) }

    val request = bank.createRequest("Mở tài khoản", listOf("full_name"))
    check(wallet.readTrustedRequest(request.qrText, pinned).verified, "registered in bundle 1: shown registered")
    wallet.presentForTrustedRequest(id, request.qrText, pinned, listOf("full_name"))
    check(wallet.updateTrust(bundle2, pinned) == 2uL, "wallet accepts bundle 2")
    check(!wallet.readTrustedRequest(request.qrText, pinned).verified, "removed from bundle 2: shown unverified")
    val rolled = expectThrows<WalletException.TrustRefused>("rollback to bundle 1 refused") { wallet.updateTrust(bundle1, pinned) }
    check(rolled?.code == "trust_bundle_rollback", "trust_bundle_rollback code: ${rolled?.code}")
    val reopened = Wallet.open(File(dir, "trust.db").path)
    check(reopened.trustInfo(pinned).seq == 2uL, "bundle 2 held after reopening")
    val again = expectThrows<WalletException.TrustRefused>("rollback refused after reopening") { reopened.updateTrust(bundle1, pinned) }
    check(again?.code == "trust_bundle_rollback", "rollback code after reopening")
    wallet.erase()
}

fun benchmark(wallet: Wallet, id: Long, verifier: Verifier) {
    setLogger(null) // measure the calls themselves, as the Rust baseline does
    fun median(n: Int, f: () -> Unit): Double {
        repeat(20) { f() }
        val samples = (0 until n).map { val t = System.nanoTime(); f(); (System.nanoTime() - t) / 1000.0 }.sorted()
        return samples[n / 2]
    }
    val qr = wallet.present(id, listOf("full_name", "id_number", "age_over_18"), COUNTER).qrText
    val present = median(200) { wallet.present(id, listOf("full_name", "id_number", "age_over_18"), COUNTER) }
    val verify = median(500) { verifier.verifyAt(qr, System.currentTimeMillis() / 1000) }
    println("BENCH kotlin present_us=%.1f verify_us=%.1f".format(present, verify))
}
