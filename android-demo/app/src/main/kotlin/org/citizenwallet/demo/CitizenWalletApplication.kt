package org.citizenwallet.demo

import android.app.Application
import android.util.Log
import org.citizenwallet.LogLevel
import org.citizenwallet.Logger
import org.citizenwallet.PortraitImage
import org.citizenwallet.demo.logic.AppTrust
import org.citizenwallet.demo.logic.DemoConfig
import org.citizenwallet.setLogger

/** The app's few long-lived objects, shared by the ViewModels (no DI framework for a demo this size). */
class CitizenWalletApplication : Application() {
    /**
     * The shipped signed trust bundle (only the demo issuer, whose name says TEST DATA) and the demo
     * anchor it is checked against, under the demo build's policy for its expired bundle.
     */
    val trust: AppTrust by lazy {
        AppTrust.fromAssets(
            bundle = assets.open(DemoConfig.TRUST_BUNDLE_ASSET).use { it.readBytes() },
            anchorJson = assets.open(DemoConfig.TRUST_ANCHOR_ASSET).bufferedReader().use { it.readText() },
            expired = DemoConfig.EXPIRED_TRUST,
        )
    }

    /** The TEST citizen's portrait: a drawn synthetic face (no real person), WebP, made by make-demo-assets.sh. */
    val demoPortrait: PortraitImage by lazy {
        PortraitImage(mediaType = "image/webp", bytes = assets.open(DemoConfig.DEMO_PORTRAIT_ASSET).use { it.readBytes() })
    }

    val keyWrapper: KeystoreKeyWrapper by lazy { KeystoreKeyWrapper(this) }

    override fun onCreate() {
        super.onCreate()
        // The core logs events and reason codes only, never PINs or claim values.
        setLogger(LogcatLogger)
    }

    private object LogcatLogger : Logger {
        override fun log(level: LogLevel, message: String) {
            when (level) {
                LogLevel.DEBUG -> Log.d(TAG, message)
                LogLevel.INFO -> Log.i(TAG, message)
                LogLevel.WARN -> Log.w(TAG, message)
                LogLevel.ERROR -> Log.e(TAG, message)
            }
        }
    }

    private companion object {
        const val TAG = "citizen-wallet"
    }
}
