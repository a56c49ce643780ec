package org.citizenwallet.demo.logic

import java.nio.ByteBuffer
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertSame
import org.junit.Test

/** The Verify tab's camera states: permission re-checks on resume, lens choice, frame buffer reuse. */
class CameraTest {
    @Test
    fun aPhoneWithoutACameraSaysSoWhateverThePermission() {
        val c = CameraPermissionController(hasCamera = false)
        assertEquals(CameraAccess.NoCamera, c.state.value)
        c.onResume(granted = true, showRationale = false)
        c.onRequestResult(granted = true, showRationale = false)
        assertEquals(CameraAccess.NoCamera, c.state.value)
    }

    @Test
    fun firstVisitAsksThenAGrantOpensTheCamera() {
        val c = CameraPermissionController(hasCamera = true)
        c.onResume(granted = false, showRationale = false)
        assertEquals(CameraAccess.NeedsPermission(askedBefore = false), c.state.value)
        c.onRequestResult(granted = true, showRationale = false)
        assertEquals(CameraAccess.Granted, c.state.value)
        c.onResume(granted = true, showRationale = false)
        assertEquals(CameraAccess.Granted, c.state.value)
    }

    @Test
    fun aFirstRefusalCanBeAskedAgain() {
        val c = CameraPermissionController(hasCamera = true)
        c.onRequestResult(granted = false, showRationale = true)
        assertEquals(CameraAccess.NeedsPermission(askedBefore = true), c.state.value)
        c.onResume(granted = false, showRationale = true)
        assertEquals(CameraAccess.NeedsPermission(askedBefore = true), c.state.value)
    }

    @Test
    fun aPermanentDenialLinksToSettingsUntilTheSettingsGrantIt() {
        val c = CameraPermissionController(hasCamera = true)
        c.onRequestResult(granted = false, showRationale = false) // "don't ask again"
        assertEquals(CameraAccess.PermanentlyDenied, c.state.value)
        c.onResume(granted = false, showRationale = false) // back from elsewhere, still denied
        assertEquals(CameraAccess.PermanentlyDenied, c.state.value)
        c.onResume(granted = true, showRationale = false) // granted in the app's settings page
        assertEquals(CameraAccess.Granted, c.state.value)
    }

    @Test
    fun aPermissionRevokedInTheSettingsIsNoticedOnResume() {
        val c = CameraPermissionController(hasCamera = true)
        c.onRequestResult(granted = true, showRationale = false)
        c.onResume(granted = false, showRationale = false)
        assertEquals(CameraAccess.NeedsPermission(askedBefore = false), c.state.value)
    }

    @Test
    fun aCameraThatFailsToOpenShowsWhyAndCanBeRetried() {
        val c = CameraPermissionController(hasCamera = true)
        c.onCameraError("not yet granted") // ignored: no camera was being opened
        assertEquals(CameraAccess.NeedsPermission(askedBefore = false), c.state.value)
        c.onRequestResult(granted = true, showRationale = false)
        c.onCameraError("Camera in use by another app")
        assertEquals(CameraAccess.Unavailable("Camera in use by another app"), c.state.value)
        c.onResume(granted = true, showRationale = false)
        assertEquals(CameraAccess.Unavailable("Camera in use by another app"), c.state.value, "stays until Try again")
        c.retryCamera()
        assertEquals(CameraAccess.Granted, c.state.value)
    }

    @Test
    fun theBackCameraIsPreferredAndTheFrontOneIsTheFallback() {
        assertEquals(CameraLens.Back, CameraLens.choose(hasBack = true, hasFront = true))
        assertEquals(CameraLens.Front, CameraLens.choose(hasBack = false, hasFront = true))
        assertNull(CameraLens.choose(hasBack = false, hasFront = false))
    }

    @Test
    fun oneLumaBufferServesEveryFrameOfTheSameSize() {
        val buffer = LumaBuffer()
        val width = 64
        val height = 48
        val stride = 80
        // The camera's last row is often only `width` long: the plane is smaller than stride*height.
        val plane = ByteArray(stride * (height - 1) + width) { (it % 251).toByte() }
        val first = buffer.fill(ByteBuffer.wrap(plane), stride, height)
        val second = buffer.fill(ByteBuffer.wrap(plane.reversedArray()), stride, height)
        assertSame(first, second, "no new array per frame")
        assertEquals(stride * height, second.size)
        assertEquals(plane.last(), second[0], "the second frame's bytes were copied in")
        assertEquals(0, second[stride * height - 1].toInt(), "the short last row is padded")
        // A new size (the camera changed resolution) gets a new buffer once.
        val third = buffer.fill(ByteBuffer.wrap(ByteArray(32 * 16)), 32, 16)
        assertEquals(32 * 16, third.size)
    }
}
