package org.citizenwallet.demo.logic

/**
 * Milliseconds since the Unix epoch. Injected into every state holder that counts down, so tests
 * move time forward without waiting and the app passes [Clock.System].
 */
fun interface Clock {
    fun nowMillis(): Long

    companion object {
        val System = Clock { java.lang.System.currentTimeMillis() }
    }
}

/** Whole seconds left until [deadlineMillis], rounded up, never negative (what a countdown shows). */
internal fun Clock.secondsUntil(deadlineMillis: Long): Long {
    val left = deadlineMillis - nowMillis()
    return if (left <= 0) 0 else (left + 999) / 1000
}
