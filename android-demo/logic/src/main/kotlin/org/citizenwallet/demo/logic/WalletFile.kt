package org.citizenwallet.demo.logic

import java.io.File
import org.citizenwallet.KeyWrapper
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException
import org.citizenwallet.WalletSettings

/**
 * Where the wallet lives and how it is protected: the only place that calls `Wallet.create` and
 * `Wallet.open`. The app passes its Android Keystore [KeyWrapper], so the file needs the PIN *and*
 * this phone's hardware key; tests pass a JVM AES-GCM wrapper and cheap KDF [settings].
 */
class WalletFile(
    val path: File,
    private val keyWrapper: KeyWrapper?,
    /** Defaults: the app's production values ([APP_SETTINGS]). */
    private val settings: WalletSettings = APP_SETTINGS,
) {
    fun exists(): Boolean = path.exists()

    /** Creates the wallet, unlocked, with its holder key made inside the library. */
    fun create(pin: String): Wallet {
        path.parentFile?.mkdirs()
        return Wallet.create(path.path, pin, keyWrapper, settings)
    }

    /** Opens the wallet, locked. */
    fun open(): Wallet = Wallet.open(path.path, keyWrapper)

    /**
     * Removes the file and SQLite's side files, for a file `Wallet.erase` could not handle (e.g.
     * unreadable); a stale `-wal` next to a new wallet would be trouble.
     */
    fun deleteFiles() {
        for (suffix in listOf("", "-wal", "-shm", "-journal")) File(path.path + suffix).delete()
    }

    companion object {
        /**
         * What the app creates wallets with: the core's Argon2id and wait defaults, and an explicit
         * limit of [DemoConfig.MAX_FAILED_UNLOCKS] wrong PINs (not left to the library's default).
         */
        val APP_SETTINGS = WalletSettings(maxFailedUnlocks = DemoConfig.MAX_FAILED_UNLOCKS.toUInt())
    }
}

/** The device-key failures a screen must tell apart (`WalletException.KeyWrapperFailed.code`). */
enum class DeviceKeyIssue(val message: String) {
    AuthenticationRequired("Confirm it's you with the phone's screen lock, then try again."),
    KeyInvalidated(
        "This phone's key for the wallet is gone (screen lock removed or the app restored to another phone). " +
            "The wallet cannot be opened; erase it and set it up again.",
    ),
    Rejected("The wallet file does not belong to this phone's key."),
    Platform("The phone's key store failed. Try again."),
    ;

    companion object {
        fun fromCode(code: String): DeviceKeyIssue = when (code) {
            "authentication_required" -> AuthenticationRequired
            "key_invalidated" -> KeyInvalidated
            "rejected" -> Rejected
            else -> Platform
        }
    }
}

/** A sentence for the citizen. The core's `reason` is already plain and never holds a PIN or claim value. */
fun WalletException.userMessage(): String = when (this) {
    is WalletException.KeyWrapperFailed -> DeviceKeyIssue.fromCode(code).message
    is WalletException.Locked -> "The wallet is locked. Enter your PIN."
    is WalletException.Wiped -> "Too many wrong PINs: the wallet erased itself. Set it up again."
    is WalletException.CredentialExpired -> "This credential has expired. Ask the issuer for a new one."
    else -> message ?: toString()
}
