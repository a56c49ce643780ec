// Issuance through the generated Kotlin bindings against the real local issuer service (started by
// bindings/test.sh): the app's own HTTP stack (java.net.http) as the HttpClient foreign trait,
// a batch of one-time credentials, present + verify, typed refusals, refresh.
//
// Environment: CW_TRUST (trust list file), CW_OFFER (fresh offer link), CW_OFFER_TX (offer with a
// transaction code), CW_TX_CODE. Exit code 0 only if every check passed.

import org.citizenwallet.*
import java.io.File
import java.net.URI
import java.net.http.HttpClient as JavaHttpClient
import java.net.http.HttpRequest as JavaHttpRequest
import java.net.http.HttpResponse as JavaHttpResponse
import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import kotlin.system.exitProcess

/** The wallet's transport: java.net.http, as an Android app would use OkHttp with its pinning. */
class JavaNetHttp : HttpClient {
    private val client = JavaHttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
    val calls = AtomicInteger()

    override fun send(request: HttpRequest): HttpResponse {
        calls.incrementAndGet()
        val builder = JavaHttpRequest.newBuilder(URI.create(request.url)).timeout(Duration.ofSeconds(30))
        for (h in request.headers) builder.header(h.name, h.value)
        when (request.method) {
            "GET" -> builder.GET()
            "POST" -> builder.POST(JavaHttpRequest.BodyPublishers.ofByteArray(request.body))
            else -> throw HttpException.Failed("unsupported method ${request.method}")
        }
        try {
            val response = client.send(builder.build(), JavaHttpResponse.BodyHandlers.ofByteArray())
            return HttpResponse(response.statusCode().toUShort(), response.body())
        } catch (e: java.io.IOException) {
            throw HttpException.Failed(e.toString())
        }
    }
}

class Offline : HttpClient {
    override fun send(request: HttpRequest): HttpResponse = throw HttpException.Failed("no network")
}

fun main() {
    val trust = File(System.getenv("CW_TRUST")).readText()
    val offer = System.getenv("CW_OFFER")
    val dir = Files.createTempDirectory("cw-kotlin-issuance").toFile()
    val settings = WalletSettings(kdfMemoryKib = 64u, kdfIterations = 1u, unlockDelays = true, maxFailedUnlocks = null, insecureKdfForTests = true)
    val wallet = Wallet.create(File(dir, "w.db").path, "246810", null, settings)
    val http = JavaNetHttp()

    val received = wallet.receiveOffer(offer, http, trust, 2u)
    check(received.credentialIds.size == 2, "a batch of two credentials")
    check(received.grantId != null, "a refresh grant is stored")
    check(http.calls.get() >= 4, "every message went through the Kotlin HTTP client")
    check(wallet.unusedCredentials(DocType.IDENTITY) == received.credentialIds, "both unused")

    val counters = listOf("bank-7", "hotel-3")
    for (counter in counters) {
        val id = wallet.unusedCredentials(DocType.IDENTITY).first()
        val presentation = wallet.present(id, listOf("full_name"), counter)
        val verified = Verifier(trust, VerifierPolicy(audience = counter)).verify(presentation.qrText)
        check(verified.claims.any { it.name == "full_name" }, "verified at $counter")
    }
    check(wallet.unusedCredentials(DocType.IDENTITY).isEmpty(), "each credential shown once")
    val log = wallet.presentationLog()
    check(log.map { it.credentialId }.toSet() == received.credentialIds.toSet(), "the log says which credential")

    val used = expectThrows<IssuanceException.CodeRejected>("the same offer again") { wallet.receiveOffer(offer, http, trust) }
    check(used?.code == "code_used", "code_used, got ${used?.code}")
    expectThrows<IssuanceException.Transport>("no network") { wallet.receiveOffer(offer, Offline(), trust) }

    val refreshed = wallet.refreshGrant(received.grantId!!, http, trust, 1u)
    check(refreshed.credentialIds.size == 1, "refresh gives a new credential")
    check(wallet.unusedCredentials(DocType.IDENTITY) == refreshed.credentialIds, "the refreshed one is unused")

    val withCode = System.getenv("CW_OFFER_TX")
    val required = expectThrows<IssuanceException.CodeRejected>("tx code missing") { wallet.receiveOffer(withCode, http, trust) }
    check(required?.code == "tx_code_required", "tx_code_required, got ${required?.code}")
    val wrong = expectThrows<IssuanceException.CodeRejected>("tx code wrong") { wallet.receiveOffer(withCode, http, trust, 1u, "000000") }
    check(wrong?.code == "wrong_tx_code", "wrong_tx_code, got ${wrong?.code}")
    check(wallet.receiveOffer(withCode, http, trust, 1u, System.getenv("CW_TX_CODE")).credentialIds.size == 1, "right tx code")

    wallet.lock()
    expectThrows<IssuanceException.Wallet>("locked wallet") { wallet.receiveOffer(withCode, http, trust) }

    println("Kotlin issuance: $passed checks passed, ${failures.size} failed")
    if (failures.isNotEmpty()) exitProcess(1)
}
