package org.citizenwallet.demo.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.citizenwallet.CredentialSummary
import org.citizenwallet.DocType
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException

/** One credential as the card screen draws it. Times are Unix seconds. */
data class IdCard(
    val credentialId: Long,
    val title: String,
    val docType: DocType?,
    val issuer: String,
    /** Signed by the bundled demo issuer: the card must say TEST DATA. */
    val isTestData: Boolean,
    val issuedAt: Long,
    val expiresAt: Long,
    val claims: List<ClaimRow>,
) {
    fun hidden(): IdCard = copy(claims = claims.map { it.copy(value = null) })
}

data class CardState(
    val locked: Boolean,
    val cards: List<IdCard> = emptyList(),
    val message: String? = null,
)

internal fun titleOf(docType: DocType?): String = when (docType) {
    DocType.IDENTITY -> "Citizen identity"
    DocType.RESIDENCE -> "Residence"
    null -> "Credential"
}

/**
 * The ID card screen. Everything in the wallet is encrypted, so nothing is known before the first
 * unlock; after a lock the card keeps its layout (claim names) but every value is dropped from
 * memory and shows hidden.
 */
class CardController(private val wallet: Wallet) {
    private val _state = MutableStateFlow(CardState(locked = true))
    val state: StateFlow<CardState> = _state.asStateFlow()

    /** Re-reads the wallet; call after unlock, lock or import. */
    fun refresh() {
        if (!wallet.isUnlocked()) {
            hide()
            return
        }
        _state.value = try {
            CardState(locked = false, cards = wallet.listCredentials().map { load(it) })
        } catch (e: WalletException.Locked) {
            CardState(locked = true, cards = _state.value.cards.map { it.hidden() })
        } catch (e: WalletException) {
            CardState(locked = !wallet.isUnlocked(), message = e.userMessage())
        }
    }

    private fun hide() {
        _state.value = CardState(locked = true, cards = _state.value.cards.map { it.hidden() })
    }

    private fun load(summary: CredentialSummary): IdCard {
        val values = wallet.credentialClaims(summary.id).associate { it.name to it.value }
        return IdCard(
            credentialId = summary.id,
            title = titleOf(summary.docType),
            docType = summary.docType,
            issuer = summary.issuer,
            isTestData = DemoCredentials.isTestIssuer(summary.issuer, summary.kid),
            issuedAt = summary.issuedAt,
            expiresAt = summary.expiresAt,
            claims = ClaimLabels.sorted(summary.claims).map { name ->
                ClaimRow(name, ClaimLabels.label(name), values[name]?.let(ClaimLabels::displayValue))
            },
        )
    }
}
