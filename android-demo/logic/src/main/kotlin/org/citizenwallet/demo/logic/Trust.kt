package org.citizenwallet.demo.logic

import java.io.File
import org.citizenwallet.CounterTrustStore
import org.citizenwallet.TrustAnchor
import org.citizenwallet.TrustException
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException
import org.citizenwallet.trustAnchorFromJson

/** What the app does once its trust bundle has expired. */
enum class ExpiredTrust {
    /** Refuse every verdict and import (`trust_bundle_expired`): the default, and what a real app does. */
    Reject,

    /**
     * Use it, with a warning on every verdict: the demo build only ([DemoConfig.EXPIRED_TRUST]),
     * whose committed bundle is signed with a fixed date and so is always expired.
     */
    WarnDemoOnly,
}

/** How the shipped bundle fared against the one a store already held. */
sealed interface TrustInstall {
    val seqHeld: Long

    /** The shipped bundle was newer (or the store was empty): it is now the one held. */
    data class Installed(override val seqHeld: Long) : TrustInstall

    /**
     * The store holds a bundle with this or a higher sequence number (the shipped one after a
     * restart, or a newer one received since): the shipped bundle was refused as a rollback and
     * the held one stays in use.
     */
    data class KeptHeld(override val seqHeld: Long) : TrustInstall
}

/**
 * The app's signed trust: the bundle it ships (`cwallet trust sign` output, made reproducibly by
 * `scripts/make-demo-assets.sh`) and the anchor it pins. Both the wallet (in its database) and the
 * counter (in a [CounterTrustStore] folder) keep the newest bundle they accepted, so an older one
 * (a downgraded app, a replayed file) is refused, also after a restart; a bundle no pinned anchor
 * signed is refused outright.
 */
class AppTrust(
    private val shippedBundle: ByteArray,
    val anchors: List<TrustAnchor>,
    val expired: ExpiredTrust = ExpiredTrust.Reject,
) {
    val allowExpired: Boolean get() = expired == ExpiredTrust.WarnDemoOnly

    /**
     * Offers the shipped bundle to [wallet] (works while locked). A refusal other than "not newer"
     * (wrong anchor, damaged, expired under [ExpiredTrust.Reject]) is thrown as
     * `WalletException.TrustRefused`.
     */
    fun installInto(wallet: Wallet): TrustInstall = try {
        TrustInstall.Installed(wallet.updateTrust(shippedBundle, anchors, allowExpired).toLong())
    } catch (e: WalletException.TrustRefused) {
        if (e.code != ROLLBACK) throw e
        val held = wallet.trustInfo(anchors, allowExpired).seq.toLong()
        TrustInstall.KeptHeld(held)
    }

    /**
     * Opens the counter's trust store in [dir] and offers it the shipped bundle; returns the store
     * with the newest bundle it accepted. Refusals other than "not newer" throw `TrustException`.
     */
    fun openCounterStore(dir: File): Pair<CounterTrustStore, TrustInstall> {
        val store = CounterTrustStore.open(dir.path, anchors, allowExpired)
        return try {
            store to TrustInstall.Installed(store.update(shippedBundle).toLong())
        } catch (e: TrustException.Rollback) {
            store to TrustInstall.KeptHeld(e.held.toLong())
        } catch (e: TrustException) {
            store.close()
            throw e
        }
    }

    companion object {
        private const val ROLLBACK = "trust_bundle_rollback"

        /** From the app's assets: [DemoConfig.TRUST_BUNDLE_ASSET] and [DemoConfig.TRUST_ANCHOR_ASSET]. */
        fun fromAssets(bundle: ByteArray, anchorJson: String, expired: ExpiredTrust = ExpiredTrust.Reject): AppTrust =
            AppTrust(bundle, listOf(trustAnchorFromJson(anchorJson)), expired)
    }
}
