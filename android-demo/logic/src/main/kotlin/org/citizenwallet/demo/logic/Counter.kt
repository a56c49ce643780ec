package org.citizenwallet.demo.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import java.io.File
import org.citizenwallet.CounterTrustStore
import org.citizenwallet.TrustException
import org.citizenwallet.Verifier
import org.citizenwallet.VerifierPolicy
import org.citizenwallet.VerifyException

sealed interface CounterState {
    /** The camera is looking for a QR code. */
    data object Scanning : CounterState

    data class Result(val verdict: Verdict) : CounterState

    /**
     * A status list was refused (untrusted signer, damaged). Revocation checking is on from the
     * first list offered, refused or not, so credentials whose issuer list is missing are rejected
     * (StatusListMissing) until a valid one is loaded: the counter fails closed.
     */
    data class SetupProblem(val message: String) : CounterState
}

/**
 * The counter side: turns scanned QR text into a [Verdict]. The camera delivers the same code in
 * many frames; only the first one while [CounterState.Scanning] is verified, and the result stays
 * until [scanNext]. (Verifying every frame would turn one honest scan into "Replayed".)
 */
class CounterController(
    private val verifier: Verifier,
    /**
     * The trust store's warning now (an expired bundle accepted under [ExpiredTrust.WarnDemoOnly]),
     * shown on verdicts the core gives none for (rejections, card QRs). Null: no warning.
     */
    private val trustWarning: () -> String? = { null },
    /** Closed with the verifier (the counter's trust store). */
    private val alsoClose: AutoCloseable? = null,
) {
    private val _state = MutableStateFlow<CounterState>(CounterState.Scanning)
    val state: StateFlow<CounterState> = _state.asStateFlow()

    /** Text decoded from a camera frame (or typed/pasted for tests). Ignored unless scanning. */
    fun onQrText(text: String) {
        if (_state.value != CounterState.Scanning) return
        _state.value = CounterState.Result(
            try {
                Verdicts.of(verifier.scan(text), trustWarning)
            } catch (e: VerifyException) {
                Verdicts.rejected(e, trustWarning())
            },
        )
    }

    /** Back to scanning, after a verdict or after a set-up problem was shown (the verifier still works). */
    fun scanNext() {
        _state.value = CounterState.Scanning
    }

    /**
     * Loads an issuer's Status List Token (fetched while online, e.g. daily); from then on
     * revocation is checked offline. Returns false (and says why) if the token was not accepted.
     */
    fun loadStatusList(token: ByteArray): Boolean = try {
        verifier.addStatusList(token)
        true
    } catch (e: VerifyException) {
        _state.value = CounterState.SetupProblem(e.message ?: "The status list was not accepted.")
        false
    }

    companion object {
        /**
         * The demo counter: its verifier on the newest bundle of the counter's trust store in
         * [trustDir] (the shipped bundle offered first; an older one is refused, also after a
         * restart), this counter's [audience], and a replay memory in [replayDatabasePath] (survives
         * restarts) so a photo of a QR shown once is refused if shown again.
         */
        fun open(
            trust: AppTrust,
            trustDir: File,
            replayDatabasePath: String?,
            audience: String = DemoConfig.COUNTER_AUDIENCE,
        ): CounterController {
            val (store, _) = trust.openCounterStore(trustDir)
            val verifier = try {
                Verifier.fromTrustStore(store, VerifierPolicy(audience = audience)).also {
                    it.enableReplayProtection(replayDatabasePath)
                }
            } catch (e: Exception) {
                store.close()
                throw e
            }
            return CounterController(verifier, warningOf(store), store)
        }

        private fun warningOf(store: CounterTrustStore): () -> String? = {
            try {
                store.info().warning
            } catch (e: TrustException) {
                e.message
            }
        }
    }

    /** Releases the verifier (its replay database) and the trust store. */
    fun close() {
        verifier.close()
        alsoClose?.close()
    }
}

/**
 * The counter's verifier, made on first use rather than at app start: opening the trust store and
 * the SQLite replay memory costs time and disk work the citizen side never needs. The app calls
 * [open] (on its worker thread) when the Verify tab is shown; until then nothing is created.
 */
class LazyCounter(private val makeCounter: () -> CounterController) {
    sealed interface Stage {
        data object NotOpened : Stage
        data class Ready(val counter: CounterController) : Stage

        /** The verifier could not be made (a refused trust bundle, an unwritable replay file). */
        data class Broken(val message: String) : Stage
    }

    private val _stage = MutableStateFlow<Stage>(Stage.NotOpened)
    val stage: StateFlow<Stage> = _stage.asStateFlow()

    /** Makes the verifier once; later calls (and calls after a failure) return what the first gave. */
    @Synchronized
    fun open(): Stage {
        val s = _stage.value
        if (s != Stage.NotOpened) return s
        _stage.value = try {
            Stage.Ready(makeCounter())
        } catch (e: TrustException) {
            Stage.Broken("The trust bundle was refused: ${e.message}")
        } catch (e: VerifyException) {
            Stage.Broken(e.message ?: "The verifier could not be set up.")
        }
        return _stage.value
    }

    /** The counter, if [open] has made one. */
    val counter: CounterController?
        get() = (_stage.value as? Stage.Ready)?.counter

    /** Releases the verifier (its replay database) and trust store if they were made. */
    @Synchronized
    fun close() {
        counter?.close()
    }
}
