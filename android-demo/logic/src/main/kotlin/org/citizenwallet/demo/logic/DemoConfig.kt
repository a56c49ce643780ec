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

    const val WALLET_FILE_NAME = "wallet.db"
    const val REPLAY_DB_FILE_NAME = "counter-replay.db"
    const val TRUST_LIST_ASSET = "trust-list.json"
}
