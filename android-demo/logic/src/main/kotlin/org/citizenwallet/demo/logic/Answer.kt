package org.citizenwallet.demo.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.citizenwallet.QrException
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException

sealed interface AnswerState {
    /** Waiting for a request QR from the counter (the camera, or pasted text). */
    data object Waiting : AnswerState

    /**
     * A counter's signed request, read against the trust bundle the wallet holds. [claims] are the
     * requested claims other than the photo, pre-selected unless the counter is not registered to
     * ask for them ([overAsking]). The photo is never pre-selected: [withPhoto] is the citizen's
     * explicit choice, offered when [photoRequested].
     */
    data class Reviewing(
        val counterName: String,
        /** A registered verifier signed it; when false every field is only the requester's own claim. */
        val registered: Boolean,
        val purpose: String,
        val claims: List<ClaimChoice>,
        val overAsking: List<String>,
        val photoRequested: Boolean,
        val withPhoto: Boolean = false,
        val credentialId: Long,
        /** Set when [AnswerController.approve] needs something first (e.g. confirming an unregistered counter). */
        val message: String? = null,
    ) : AnswerState {
        val approved: List<String>
            get() = claims.filter { it.selected }.map { it.name } + listOfNotNull(Portrait.CLAIM.takeIf { withPhoto })
    }

    /** The answer QR for the counter to scan. */
    data class Answered(val qr: QrCode, val disclosed: List<String>, val withPhoto: Boolean, val counterName: String) : AnswerState

    /** The request was refused (damaged, expired, not for a credential held...): [message] says why. */
    data class Refused(val message: String) : AnswerState
}

/**
 * Answering a counter's request (the counter shows a signed request QR; the phone answers with a
 * presentation bound to its nonce). The request is read against the trust bundle the wallet holds
 * ([AppTrust.installInto] put it there), so a registered counter shows its registered name and an
 * unregistered one is marked so. "With photo" is a separate, explicit choice even when the counter
 * asks for the photo.
 *
 * Event functions may block (signing): call them off the main thread, one at a time.
 */
class AnswerController(private val wallet: Wallet, private val trust: AppTrust) {
    private val _state = MutableStateFlow<AnswerState>(AnswerState.Waiting)
    val state: StateFlow<AnswerState> = _state.asStateFlow()

    private var requestText: String? = null

    /** A request QR was scanned. Ignored unless waiting. */
    fun onRequestText(text: String) {
        if (_state.value != AnswerState.Waiting) return
        _state.value = try {
            val r = wallet.readTrustedRequest(text, trust.anchors, trust.allowExpired)
            val wanted = r.requested - Portrait.CLAIM
            val summaries = wallet.listCredentials()
            val credential = summaries.firstOrNull { it.claims.containsAll(wanted) }
            if (credential == null) {
                AnswerState.Refused("No credential in this wallet has everything ${r.displayName} asks for.")
            } else {
                requestText = text
                AnswerState.Reviewing(
                    counterName = r.displayName,
                    registered = r.verified,
                    purpose = r.purpose,
                    claims = ClaimLabels.sorted(wanted).map { ClaimChoice(it, ClaimLabels.label(it), it !in r.overAsking) },
                    overAsking = r.overAsking,
                    photoRequested = Portrait.CLAIM in r.requested && Portrait.CLAIM in credential.claims,
                    credentialId = credential.id,
                )
            }
        } catch (e: WalletException) {
            AnswerState.Refused(e.userMessage())
        }
    }

    fun toggleClaim(name: String) {
        val s = _state.value as? AnswerState.Reviewing ?: return
        _state.value = s.copy(claims = s.claims.map { if (it.name == name) it.copy(selected = !it.selected) else it }, message = null)
    }

    /** The explicit "with photo" choice; only when the counter asked for the photo. */
    fun setWithPhoto(withPhoto: Boolean) {
        val s = _state.value as? AnswerState.Reviewing ?: return
        if (s.photoRequested) _state.value = s.copy(withPhoto = withPhoto, message = null)
    }

    /**
     * Signs the answer with what the citizen approved. An unregistered counter needs
     * [unregisteredConfirmed] (the citizen read the warning).
     */
    fun approve(unregisteredConfirmed: Boolean = false) {
        val s = _state.value as? AnswerState.Reviewing ?: return
        val text = requestText ?: return
        if (s.approved.isEmpty()) {
            _state.value = s.copy(message = "Choose at least one item to share.")
            return
        }
        if (!s.registered && !unregisteredConfirmed) {
            _state.value = s.copy(message = "This counter is not registered. Share only if you trust it.")
            return
        }
        _state.value = try {
            val p = wallet.presentForTrustedRequest(s.credentialId, text, trust.anchors, s.approved, !s.registered, trust.allowExpired)
            AnswerState.Answered(QrCode.of(p.qrText), p.disclosed.map(ClaimLabels::label), Portrait.CLAIM in p.disclosed, s.counterName)
        } catch (e: WalletException) {
            AnswerState.Refused(e.userMessage())
        } catch (e: QrException) {
            AnswerState.Refused("The QR code could not be drawn: ${e.message}")
        }
    }

    /** Back to waiting for a request (cancel, or done). */
    fun reset() {
        requestText = null
        _state.value = AnswerState.Waiting
    }
}
