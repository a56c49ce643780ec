package org.citizenwallet.demo.logic

import java.nio.ByteBuffer
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Which camera the counter scans with. */
enum class CameraLens {
    Back,
    Front,
    ;

    companion object {
        /** The back camera when there is one (the usual counter set-up), else the front one; null: none. */
        fun choose(hasBack: Boolean, hasFront: Boolean): CameraLens? = when {
            hasBack -> Back
            hasFront -> Front
            else -> null
        }
    }
}

sealed interface CameraAccess {
    /** The phone has no camera (the manifest makes it optional): the counter cannot scan here. */
    data object NoCamera : CameraAccess

    /** Not granted; asking is possible. [askedBefore]: the citizen said no once already. */
    data class NeedsPermission(val askedBefore: Boolean) : CameraAccess

    /** Denied with "don't ask again" (or twice): only the app's settings page can grant it now. */
    data object PermanentlyDenied : CameraAccess

    data object Granted : CameraAccess

    /** The camera could not be opened (in use by another app, disabled by policy, ...). */
    data class Unavailable(val message: String) : CameraAccess
}

/**
 * The camera permission as the Verify tab sees it, re-checked every time the screen resumes (the
 * citizen may have granted or revoked it in the settings meanwhile). Android tells a permanent
 * denial apart only by `shouldShowRequestPermissionRationale` being false right after a refused
 * request, so [onRequestResult] remembers that; [onResume] keeps it until the permission changes.
 */
class CameraPermissionController(hasCamera: Boolean) {
    private val _state = MutableStateFlow<CameraAccess>(if (hasCamera) CameraAccess.NeedsPermission(askedBefore = false) else CameraAccess.NoCamera)
    val state: StateFlow<CameraAccess> = _state.asStateFlow()

    private var deniedForGood = false

    /** The screen (re)appeared: [granted] is `checkSelfPermission`, [showRationale] Android's hint. */
    fun onResume(granted: Boolean, showRationale: Boolean) {
        val s = _state.value
        if (s == CameraAccess.NoCamera) return
        _state.value = when {
            granted -> {
                deniedForGood = false
                if (s is CameraAccess.Unavailable) s else CameraAccess.Granted
            }
            // Granted before, revoked in the settings (or a one-time grant ran out): ask again.
            s == CameraAccess.Granted || s is CameraAccess.Unavailable -> CameraAccess.NeedsPermission(askedBefore = showRationale)
            deniedForGood && !showRationale -> CameraAccess.PermanentlyDenied
            else -> {
                deniedForGood = false
                CameraAccess.NeedsPermission(askedBefore = showRationale || (s as? CameraAccess.NeedsPermission)?.askedBefore == true)
            }
        }
    }

    /** The system permission dialog answered. */
    fun onRequestResult(granted: Boolean, showRationale: Boolean) {
        if (_state.value == CameraAccess.NoCamera) return
        deniedForGood = !granted && !showRationale
        _state.value = when {
            granted -> CameraAccess.Granted
            showRationale -> CameraAccess.NeedsPermission(askedBefore = true)
            else -> CameraAccess.PermanentlyDenied
        }
    }

    /** Opening or binding the camera threw: show why instead of a black box. */
    fun onCameraError(message: String) {
        if (_state.value == CameraAccess.Granted) _state.value = CameraAccess.Unavailable(message)
    }

    /** "Try again" after [CameraAccess.Unavailable]. */
    fun retryCamera() {
        if (_state.value is CameraAccess.Unavailable) _state.value = CameraAccess.Granted
    }
}

/**
 * One luminance buffer per analysis thread, reused for every frame of the same size: a 720p Y
 * plane is about 1 MB, and allocating one per frame (30 a second) keeps the garbage collector busy.
 * The buffer is at least `rowStride * height` bytes, so [QrFrameDecoder] never copies it to pad a
 * short last row.
 */
class LumaBuffer {
    private var buffer = ByteArray(0)

    /** Copies the Y plane [plane] (from its position) into the reused buffer and returns that buffer. */
    fun fill(plane: ByteBuffer, rowStride: Int, height: Int): ByteArray {
        require(rowStride > 0 && height > 0) { "bad frame geometry" }
        val needed = maxOf(plane.remaining(), rowStride * height)
        if (buffer.size != needed) buffer = ByteArray(needed)
        val count = plane.remaining()
        plane.get(buffer, 0, count)
        // A short last row: the rest is padding ZXing reads but never needs; keep it zero.
        if (count < needed) buffer.fill(0, count, needed)
        return buffer
    }
}
