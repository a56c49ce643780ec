package org.citizenwallet.demo.logic

import org.citizenwallet.DocType
import org.citizenwallet.Issuer
import org.citizenwallet.PortraitImage
import org.citizenwallet.Wallet
import org.citizenwallet.demoCitizenRecord

/**
 * TEST DATA: the library's bundled demo issuer (a fixed, publicly known key) issues the fictional
 * sample citizen's two credentials to this wallet. A real app receives credentials from the
 * national issuer instead; everything after the import is the same.
 */
class DemoCredentials(
    /** The signed trust the wallet checks the issuer against (the app's shipped bundle and anchor). */
    val trust: AppTrust,
    /**
     * The TEST citizen's portrait for the identity credential (the app's `demo-portrait.webp`: a
     * drawn synthetic face, no real person); null issues it without one.
     */
    private val portrait: PortraitImage? = null,
) {
    /**
     * Gives the wallet the shipped trust bundle (kept if newer than the one held), then issues and
     * imports the identity and residence credentials against it; returns their ids.
     */
    fun importInto(wallet: Wallet): List<Long> {
        trust.installInto(wallet)
        val holderKey = wallet.holderPublicKey()
        val plain = demoCitizenRecord()
        return Issuer.demo().use { issuer ->
            listOf(
                DocType.IDENTITY to IDENTITY_STATUS_INDEX,
                DocType.RESIDENCE to RESIDENCE_STATUS_INDEX,
            ).map { (docType, statusIndex) ->
                // The portrait belongs to the identity credential only.
                val record = if (docType == DocType.IDENTITY) plain.copy(portrait = portrait) else plain
                val credential = issuer.issue(record, docType, holderKey, statusIndex = statusIndex)
                wallet.importTrustedCredential(credential, trust.anchors, trust.allowExpired)
            }
        }
    }

    companion object {
        /** Entries in the demo issuer's status list, so revocation can be shown at the counter. */
        const val IDENTITY_STATUS_INDEX: ULong = 1uL
        const val RESIDENCE_STATUS_INDEX: ULong = 2uL

        private val demoIssuer: Pair<String, String> by lazy { Issuer.demo().use { it.iss() to it.kid() } }

        /** True for anything signed by the bundled demo issuer: screens label it TEST DATA. */
        fun isTestIssuer(iss: String, kid: String): Boolean = demoIssuer == (iss to kid)
    }
}
