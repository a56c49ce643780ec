package org.citizenwallet.demo.logic

import org.citizenwallet.ScanResult
import org.citizenwallet.StatusResult
import org.citizenwallet.UnsignedCard
import org.citizenwallet.VerifiedPresentation
import org.citizenwallet.VerifyException

/** The colour of the big verdict banner. */
enum class Tone { Green, Amber, Red }

/** What the counter screen shows after one scan. */
sealed interface Verdict {
    val tone: Tone
    val headline: String

    /**
     * Set when the counter's trust bundle has expired and the app's policy still uses it (the demo
     * build, [ExpiredTrust.WarnDemoOnly]): every verdict shows it.
     */
    val trustWarning: String?

    /** Every check passed: these claims are what the issuer signed and the holder chose to show. */
    data class Accepted(
        val claims: List<ClaimRow>,
        val issuerName: String?,
        val issuer: String,
        val kid: String,
        /** Signed by the bundled demo issuer: TEST DATA, not a real person. */
        val isTestIssuer: Boolean,
        val credentialTitle: String,
        /** Unix seconds. */
        val presentedAt: Long,
        val expiresAt: Long,
        val revocation: String,
        /** Revocation could not be fully checked but the policy accepts that. */
        val warning: Boolean,
        override val trustWarning: String? = null,
        /** The face image, when the citizen chose "with photo" (shown large beside the name). */
        val portrait: Portrait? = null,
    ) : Verdict {
        override val tone get() = if (warning || trustWarning != null) Tone.Amber else Tone.Green
        override val headline get() = if (isTestIssuer) "Verified (TEST issuer)" else "Verified"
    }

    /** Rejected: [reason] says which check failed, [detail] is the core's sentence for it. */
    data class Rejected(val reason: RejectReason, val detail: String, override val trustWarning: String? = null) : Verdict {
        override val tone get() = Tone.Red
        override val headline get() = reason.headline
    }

    /**
     * The plain-text QR printed on chip ID cards: read, but signed by no one, so anyone can print
     * one. Shown apart from any verified result so staff never mistake it for one.
     */
    data class UnsignedCard(
        val notice: String,
        val fields: List<ClaimRow>,
        override val trustWarning: String? = null,
    ) : Verdict {
        override val tone get() = Tone.Amber
        override val headline get() = "UNSIGNED ID card QR — not verified"
    }
}

/** One entry per `VerifyException` subtype, with the headline counter staff see. */
enum class RejectReason(val headline: String) {
    NotAPresentation("Not an ID wallet QR code"),
    UnreadableQr("QR code damaged"),
    Malformed("QR code damaged or forged"),
    UnknownIssuer("Issuer not trusted"),
    IssuerMismatch("Issuer does not match its key"),
    BadIssuerSignature("Forged: issuer signature invalid"),
    OutsideSigningPeriod("Issuer key retired when this was signed"),
    TrustExpired("Trust list out of date"),
    BadHolderSignature("Altered or copied: holder signature invalid"),
    DigestMismatch("Altered: disclosed data does not match"),
    Expired("QR code expired"),
    NotYetValid("QR code not valid yet (phone clock?)"),
    CredentialExpired("ID credential expired"),
    CredentialNotYetValid("ID credential not valid yet"),
    InvalidTimes("Invalid validity times"),
    WrongAudience("Made for another counter"),
    MissingNonce("Challenge missing"),
    WrongNonce("Wrong challenge"),
    TtlTooLong("Valid for too long"),
    Revoked("Credential REVOKED"),
    Suspended("Credential suspended"),
    StatusListMissing("Revocation list missing"),
    StatusListExpired("Revocation list out of date"),
    StatusUnknown("Revocation status unknown"),
    Replayed("Already scanned: possible copy"),
    ReplayCheckFailed("Replay check failed"),
    MalformedCardQr("ID card QR damaged"),
    InvalidPortrait("Portrait damaged or forged"),
    Configuration("Verifier set-up error"),
}

object Verdicts {
    /** [counterWarning]: the counter's trust warning now, for verdicts the core gives none for. */
    fun of(result: ScanResult, counterWarning: () -> String? = { null }): Verdict = when (result) {
        is ScanResult.Verified -> accepted(result.presentation)
        is ScanResult.UnsignedCard -> unsignedCard(result.card).copy(trustWarning = counterWarning())
    }

    fun accepted(p: VerifiedPresentation): Verdict.Accepted {
        val (revocation, warning) = when (val s = p.status) {
            is StatusResult.Valid -> "Not revoked (checked against the issuer's status list)" to false
            is StatusResult.NotChecked -> "Revocation not checked: no status list loaded" to false
            is StatusResult.NoStatusClaim -> "The credential has no revocation entry" to false
            is StatusResult.Warning -> "Revocation: ${s.reason}" to true
        }
        val portrait = p.claims.firstNotNullOfOrNull { c -> c.portrait?.takeIf { c.name == Portrait.CLAIM } }
        return Verdict.Accepted(
            // The portrait is shown as a picture, not as a line of text.
            claims = ClaimLabels.sorted(p.claims.map { it.name } - Portrait.CLAIM).map { name ->
                ClaimRow(name, ClaimLabels.label(name), ClaimLabels.displayValue(p.claims.first { it.name == name }.value))
            },
            issuerName = p.issuerName,
            issuer = p.issuer,
            kid = p.kid,
            isTestIssuer = DemoCredentials.isTestIssuer(p.issuer, p.kid),
            credentialTitle = titleOf(p.docType),
            presentedAt = p.presentedAt,
            expiresAt = p.expiresAt,
            revocation = revocation,
            warning = warning,
            trustWarning = p.trustWarning,
            portrait = portrait?.let(Portrait::of),
        )
    }

    fun unsignedCard(card: UnsignedCard): Verdict.UnsignedCard {
        val fields = listOfNotNull(
            "id_number" to card.idNumber,
            card.oldIdNumber?.let { "old_id_number" to it },
            "full_name" to card.fullName,
            "date_of_birth" to card.dateOfBirth,
            "sex" to card.sex,
            "address" to card.address,
            "card_issue_date" to card.issueDate,
        ).map { (name, value) -> ClaimRow(name, cardLabels[name] ?: ClaimLabels.label(name), value) }
        return Verdict.UnsignedCard(card.notice, fields)
    }

    private val cardLabels = mapOf("old_id_number" to "Old ID number", "address" to "Address")

    /**
     * Exhaustive on purpose: a new rejection reason in the bindings fails this build until it has
     * a headline, instead of showing up as a generic error.
     */
    fun rejected(e: VerifyException, trustWarning: String?): Verdict.Rejected =
        reasonOf(e).copy(trustWarning = trustWarning)

    fun rejected(e: VerifyException): Verdict.Rejected = reasonOf(e)

    private fun reasonOf(e: VerifyException): Verdict.Rejected = when (e) {
        is VerifyException.NotAPresentation -> Verdict.Rejected(RejectReason.NotAPresentation, e.reason)
        is VerifyException.UnreadableQr -> Verdict.Rejected(RejectReason.UnreadableQr, e.reason)
        is VerifyException.Malformed -> Verdict.Rejected(RejectReason.Malformed, e.reason)
        // A token that requires a header this library does not understand (COSE crit): unreadable here.
        is VerifyException.UnknownCriticalHeader -> Verdict.Rejected(RejectReason.Malformed, e.reason)
        is VerifyException.UnknownIssuer -> Verdict.Rejected(RejectReason.UnknownIssuer, "${e.reason} (key “${e.kid}”)")
        is VerifyException.IssuerMismatch -> Verdict.Rejected(RejectReason.IssuerMismatch, e.reason)
        is VerifyException.BadIssuerSignature -> Verdict.Rejected(RejectReason.BadIssuerSignature, e.reason)
        is VerifyException.OutsideSigningPeriod ->
            Verdict.Rejected(RejectReason.OutsideSigningPeriod, "${e.reason} (key “${e.kid}”)")
        is VerifyException.TrustExpired -> Verdict.Rejected(RejectReason.TrustExpired, e.reason)
        is VerifyException.BadHolderSignature -> Verdict.Rejected(RejectReason.BadHolderSignature, e.reason)
        is VerifyException.DigestMismatch -> Verdict.Rejected(RejectReason.DigestMismatch, e.reason)
        is VerifyException.Expired ->
            Verdict.Rejected(RejectReason.Expired, "Expired ${e.secondsAgo} s ago. Ask for a fresh code. (${e.reason})")
        is VerifyException.NotYetValid ->
            Verdict.Rejected(RejectReason.NotYetValid, "Valid only in ${e.secondsAhead} s. (${e.reason})")
        is VerifyException.CredentialExpired -> Verdict.Rejected(RejectReason.CredentialExpired, e.reason)
        is VerifyException.CredentialNotYetValid -> Verdict.Rejected(RejectReason.CredentialNotYetValid, e.reason)
        is VerifyException.InvalidTimes -> Verdict.Rejected(RejectReason.InvalidTimes, e.reason)
        is VerifyException.WrongAudience ->
            Verdict.Rejected(RejectReason.WrongAudience, "Made for “${e.found}”; this counter is “${e.expected}”.")
        is VerifyException.MissingNonce -> Verdict.Rejected(RejectReason.MissingNonce, e.reason)
        is VerifyException.WrongNonce -> Verdict.Rejected(RejectReason.WrongNonce, e.reason)
        is VerifyException.TtlTooLong ->
            Verdict.Rejected(RejectReason.TtlTooLong, "Valid ${e.ttlSecs} s; this counter accepts at most ${e.maxSecs} s.")
        is VerifyException.Revoked -> Verdict.Rejected(RejectReason.Revoked, e.reason)
        is VerifyException.Suspended -> Verdict.Rejected(RejectReason.Suspended, e.reason)
        is VerifyException.StatusListMissing -> Verdict.Rejected(RejectReason.StatusListMissing, e.reason)
        is VerifyException.StatusListExpired -> Verdict.Rejected(RejectReason.StatusListExpired, e.reason)
        is VerifyException.StatusUnknown -> Verdict.Rejected(RejectReason.StatusUnknown, e.reason)
        is VerifyException.Replayed -> Verdict.Rejected(RejectReason.Replayed, e.reason)
        is VerifyException.ReplayCheckFailed -> Verdict.Rejected(RejectReason.ReplayCheckFailed, e.reason)
        is VerifyException.MalformedCardQr -> Verdict.Rejected(RejectReason.MalformedCardQr, e.reason)
        // A disclosed portrait that is not a valid image of the allowed formats and size.
        is VerifyException.InvalidPortrait -> Verdict.Rejected(RejectReason.InvalidPortrait, e.reason)
        is VerifyException.Configuration -> Verdict.Rejected(RejectReason.Configuration, e.reason)
    }
}
