package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import org.junit.Test

/** The trust list bundled in the app is exactly the demo issuer's, and says it is TEST DATA. */
class TrustListAssetTest {
    @Test
    fun bundledTrustListIsTheDemoIssuers() {
        // Set by test-logic.sh and by logic/build.gradle.kts.
        val path = assertNotNull(System.getProperty("citizenwallet.trustListAsset"), "citizenwallet.trustListAsset not set")
        val bundled = File(path).readText().trim()
        assertEquals(DEMO_TRUST_LIST.trim(), bundled, "regenerate the asset from Issuer.demo().trustListJson()")
        assertTrue(bundled.contains("TEST DATA"), "the issuer's name must say TEST DATA")
    }
}
