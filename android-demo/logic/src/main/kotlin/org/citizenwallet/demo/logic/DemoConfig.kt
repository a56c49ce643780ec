package org.citizenwallet.demo.logic

/** The few numbers both halves of the demo agree on. */
object DemoConfig {
    /**
     * The counter's identifier, which every presentation names as its audience. A real counter shows
     * its own (and a fresh nonce) for the phone to read; the demo's two sides share this one.
     */
    const val COUNTER_AUDIENCE = "demo-counter"

    /** Lifetime of a presentation QR: long enough to scan, short enough that a photo of it is useless. */
    const val PRESENTATION_TTL_SECS = 60L

    /** A new QR replaces the shown one this long before it expires. */
    const val REFRESH_BEFORE_EXPIRY_SECS = 10L

    /**
     * Wrong PINs in a row after which the wallet erases itself (credentials can be issued again).
     * The count is kept in the wallet file, so moving the phone's clock does not reset it, and
     * with [DEVICE_AUTH_TIMEOUT_SECS] every guess also needs the phone's screen lock first.
     */
    const val MAX_FAILED_UNLOCKS = 10

    /**
     * The device key is usable for this long after the citizen unlocked the phone or confirmed the
     * screen lock in the app's prompt; after that the Keystore refuses it until they confirm again.
     */
    const val DEVICE_AUTH_TIMEOUT_SECS = 30

    const val WALLET_FILE_NAME = "wallet.db"
    const val REPLAY_DB_FILE_NAME = "counter-replay.db"
    const val COUNTER_TRUST_DIR_NAME = "counter-trust"

    /** The signed trust bundle the app ships (`cwallet trust sign`, see scripts/make-demo-assets.sh). */
    const val TRUST_BUNDLE_ASSET = "trust-bundle.cwt"

    /** The trust anchor the app pins: the demo anchor (TEST DATA, its key derives from a published seed). */
    const val TRUST_ANCHOR_ASSET = "trust-anchor.json"

    /** The TEST citizen's portrait (a drawn synthetic face, WebP), see scripts/make-demo-assets.sh. */
    const val DEMO_PORTRAIT_ASSET = "demo-portrait.webp"

    /**
     * The demo build accepts its expired trust bundle with a warning on every verdict; anything
     * else should keep [ExpiredTrust.Reject] (AppTrust's default).
     */
    val EXPIRED_TRUST = ExpiredTrust.WarnDemoOnly
}
