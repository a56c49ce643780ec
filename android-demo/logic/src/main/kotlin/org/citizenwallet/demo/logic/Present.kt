package org.citizenwallet.demo.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.citizenwallet.DocType
import org.citizenwallet.QrException
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException

/** What the citizen discloses. The presets are the three asks a counter makes most. */
enum class Preset(val label: String) {
    AgeOver18("Age over 18 only"),
    NameAndIdNumber("Name + ID number"),
    FullIdentity("Full identity"),
    Custom("Custom"),
    ;

    /** The claims this preset discloses from a credential offering [available]; null if it can't. */
    fun claims(available: Collection<String>): Set<String>? {
        val wanted = when (this) {
            AgeOver18 -> setOf("age_over_18")
            NameAndIdNumber -> setOf("full_name", "id_number")
            // The photo is never part of a preset: the citizen adds it with the explicit "with photo" choice.
            FullIdentity -> available.toSet() - Portrait.CLAIM
            Custom -> return null
        }
        return wanted.takeIf { it.isNotEmpty() && available.containsAll(it) }
    }
}

data class CredentialChoice(val credentialId: Long, val title: String, val isTestData: Boolean)

data class ClaimChoice(val name: String, val label: String, val selected: Boolean)

sealed interface PresentState {
    data class Choosing(
        val credentials: List<CredentialChoice> = emptyList(),
        val credentialId: Long? = null,
        /** Presets this credential can satisfy (age flags exist only on the identity credential). */
        val presets: List<Preset> = emptyList(),
        val preset: Preset = Preset.AgeOver18,
        val claims: List<ClaimChoice> = emptyList(),
        val message: String? = null,
        /** The credential carries a portrait, so "with photo" can be offered. */
        val photoAvailable: Boolean = false,
        /** The citizen's explicit choice to show the photo too (off for every new choice). */
        val withPhoto: Boolean = false,
    ) : PresentState {
        val selected: Set<String> get() = claims.filter { it.selected }.map { it.name }.toSet()
        val canShow: Boolean get() = credentialId != null && selected.isNotEmpty()

        /** What [PresentController.show] discloses: the selection, plus the photo if chosen. */
        val disclosing: Set<String> get() = if (withPhoto && photoAvailable) selected + Portrait.CLAIM else selected
    }

    /**
     * The QR code on screen. [secondsLeft] counts down to its expiry; a new one replaces it
     * [PresentController.refreshBeforeSecs] before that, so the counter never scans a dying code.
     */
    data class Showing(
        val qr: QrCode,
        val disclosed: List<String>,
        val audience: String,
        val secondsLeft: Long,
        val lifetimeSecs: Long,
        /** 0 for the first code, +1 for each automatic refresh. */
        val generation: Int,
        /** The photo is in this code (the citizen chose "with photo"). */
        val withPhoto: Boolean = false,
    ) : PresentState

    data class Failed(val message: String) : PresentState
}

/**
 * The Present flow: pick a credential and what to disclose, then show a short-lived presentation
 * QR for [audience]. [tick] (about once a second, with [clock]) runs the countdown and makes a
 * fresh presentation before the current one expires. Every presentation is signed by the wallet
 * and lands in its log.
 *
 * Event functions may block (signing): call them off the main thread, one at a time.
 */
class PresentController(
    private val wallet: Wallet,
    private val clock: Clock,
    val audience: String = DemoConfig.COUNTER_AUDIENCE,
    val ttlSecs: Long = DemoConfig.PRESENTATION_TTL_SECS,
    val refreshBeforeSecs: Long = DemoConfig.REFRESH_BEFORE_EXPIRY_SECS,
) {
    init {
        require(ttlSecs in 1..900) { "the core accepts lifetimes of 1 to 900 s" }
        require(refreshBeforeSecs in 0 until ttlSecs) { "refresh must happen before expiry" }
    }

    private val _state = MutableStateFlow<PresentState>(PresentState.Choosing())
    val state: StateFlow<PresentState> = _state.asStateFlow()

    private var available: Map<Long, List<String>> = emptyMap()
    private var withPortrait: Set<Long> = emptySet()
    private var lastChoice = PresentState.Choosing()
    private var deadlineMillis = 0L
    private var showingClaims: List<String> = emptyList()
    private var showingCredential = 0L

    /** Reads the credentials (wallet unlocked); preselects the identity credential and the first preset. */
    fun load() {
        try {
            val summaries = wallet.listCredentials()
            // The portrait is not a toggle among the claims: it has its own explicit choice.
            available = summaries.associate { it.id to ClaimLabels.sorted(it.claims - Portrait.CLAIM) }
            withPortrait = summaries.filter { Portrait.CLAIM in it.claims }.map { it.id }.toSet()
            val credentials = summaries.map {
                CredentialChoice(it.id, titleOf(it.docType), DemoCredentials.isTestIssuer(it.issuer, it.kid))
            }
            val first = summaries.firstOrNull { it.docType == DocType.IDENTITY } ?: summaries.firstOrNull()
            lastChoice = PresentState.Choosing(
                credentials = credentials,
                message = if (first == null) "No credential in the wallet yet." else null,
            )
            _state.value = lastChoice
            if (first != null) chooseCredential(first.id)
        } catch (e: WalletException) {
            _state.value = PresentState.Failed(e.userMessage())
        }
    }

    fun chooseCredential(credentialId: Long) {
        val s = _state.value as? PresentState.Choosing ?: return
        val names = available[credentialId] ?: return
        val presets = Preset.entries.filter { it == Preset.Custom || it.claims(names) != null }
        val preset = presets.first()
        val next = s.copy(credentialId = credentialId, presets = presets, photoAvailable = credentialId in withPortrait, withPhoto = false)
        choose(next, preset, preset.claims(names).orEmpty())
    }

    /** The explicit "with photo" choice: adds (or removes) the portrait to what is shown. */
    fun setWithPhoto(withPhoto: Boolean) {
        val s = _state.value as? PresentState.Choosing ?: return
        if (!s.photoAvailable) return
        _state.value = s.copy(withPhoto = withPhoto)
    }

    fun choosePreset(preset: Preset) {
        val s = _state.value as? PresentState.Choosing ?: return
        val names = s.credentialId?.let { available[it] } ?: return
        if (preset !in s.presets) return
        // Custom starts from the current selection, so "full identity minus one" is two taps.
        choose(s, preset, preset.claims(names) ?: s.selected)
    }

    /** A custom pick: toggling any claim switches to [Preset.Custom]. */
    fun toggleClaim(name: String) {
        val s = _state.value as? PresentState.Choosing ?: return
        if (s.claims.none { it.name == name }) return
        val selected = s.selected.let { if (name in it) it - name else it + name }
        choose(s, Preset.Custom, selected)
    }

    fun show() {
        val s = _state.value as? PresentState.Choosing ?: return
        val credentialId = s.credentialId ?: return
        if (!s.canShow) return
        lastChoice = s
        showingCredential = credentialId
        showingClaims = ClaimLabels.sorted(s.disclosing)
        present(generation = 0)
    }

    /** Countdown and refresh; call about once a second while [PresentState.Showing]. */
    fun tick() {
        val s = _state.value as? PresentState.Showing ?: return
        val left = clock.secondsUntil(deadlineMillis)
        if (left <= refreshBeforeSecs) {
            present(generation = s.generation + 1)
        } else if (left != s.secondsLeft) {
            _state.value = s.copy(secondsLeft = left)
        }
    }

    /** Back to the choice (the screen left, or the citizen pressed Done). */
    fun stop() {
        if (_state.value !is PresentState.Choosing) _state.value = lastChoice
    }

    private fun choose(s: PresentState.Choosing, preset: Preset, selected: Set<String>) {
        val names = s.credentialId?.let { available[it] }.orEmpty()
        _state.value = s.copy(
            preset = preset,
            claims = names.map { ClaimChoice(it, ClaimLabels.label(it), it in selected) },
            message = null,
        )
    }

    private fun present(generation: Int) {
        _state.value = try {
            val p = wallet.present(showingCredential, showingClaims, audience, ttlSecs.toULong(), null)
            // Count down from the lifetime the wallet signed, on this clock: exact in tests, and the
            // verifier's clock-skew allowance covers the sub-second truncation of the signed times.
            val lifetime = p.expiresAt - p.issuedAt
            deadlineMillis = clock.nowMillis() + lifetime * 1000
            PresentState.Showing(
                qr = QrCode.of(p.qrText),
                disclosed = p.disclosed.map(ClaimLabels::label),
                audience = audience,
                secondsLeft = lifetime,
                lifetimeSecs = lifetime,
                generation = generation,
                withPhoto = Portrait.CLAIM in showingClaims,
            )
        } catch (e: WalletException) {
            PresentState.Failed(e.userMessage())
        } catch (e: QrException) {
            PresentState.Failed("The QR code could not be drawn: ${e.message}")
        }
    }
}
