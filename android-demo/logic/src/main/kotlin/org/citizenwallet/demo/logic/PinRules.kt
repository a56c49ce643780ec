package org.citizenwallet.demo.logic

/** Why a PIN chosen at onboarding is refused. */
enum class PinProblem(val message: String) {
    NotDigits("Use digits only."),
    WrongLength("The PIN has exactly ${PinRules.LENGTH} digits."),
    AllSame("All digits the same is too easy to guess."),
    Sequence("A run like 123456 or 987654 is too easy to guess."),
    RepeatedBlock("A repeated block like 121212 or 123123 is too easy to guess."),
}

/**
 * The wallet PIN: 6 digits. The core accepts any PIN; these rules only refuse the choices that are
 * tried first when a phone is stolen. The device key (Keystore) and the core's growing waits after
 * wrong PINs do the rest.
 */
object PinRules {
    const val LENGTH = 6

    fun check(pin: String): PinProblem? {
        if (pin.any { it !in '0'..'9' }) return PinProblem.NotDigits
        if (pin.length != LENGTH) return PinProblem.WrongLength
        if (pin.all { it == pin[0] }) return PinProblem.AllSame
        // Steps modulo 10, so runs through 0 (890123, 210987) count as sequences too.
        val steps = pin.zipWithNext { a, b -> Math.floorMod(b - a, 10) }.toSet()
        if (steps == setOf(1) || steps == setOf(9)) return PinProblem.Sequence
        if (repeatsWithPeriod(pin, 2) || repeatsWithPeriod(pin, 3)) return PinProblem.RepeatedBlock
        return null
    }

    private fun repeatsWithPeriod(pin: String, period: Int): Boolean =
        pin.indices.all { pin[it] == pin[it % period] }
}

/**
 * The digits typed so far on a PIN pad. Immutable, so it can sit in UI state; [toString] shows dots
 * only, so a PIN never reaches a log through a state dump.
 */
class PinEntry private constructor(private val digits: String) {
    val length: Int get() = digits.length
    val isComplete: Boolean get() = digits.length == PinRules.LENGTH

    /** Adds a digit; anything else, or a digit past the sixth, is ignored. */
    fun plus(digit: Char): PinEntry =
        if (digit in '0'..'9' && !isComplete) PinEntry(digits + digit) else this

    fun minusLast(): PinEntry = if (digits.isEmpty()) this else PinEntry(digits.dropLast(1))

    internal fun value(): String = digits

    override fun equals(other: Any?): Boolean = other is PinEntry && other.digits == digits
    override fun hashCode(): Int = digits.hashCode()
    override fun toString(): String = "PinEntry(${"•".repeat(length)})"

    companion object {
        val Empty = PinEntry("")
    }
}
