// The check counters and helpers every Kotlin binding test program shares (compiled beside each).

var passed = 0
val failures = mutableListOf<String>()

fun check(condition: Boolean, what: String) {
    if (condition) passed++ else { failures.add(what); println("FAIL $what") }
}

/** Runs [block] and checks it throws exactly [T]; returns the exception for further checks. */
inline fun <reified T : Throwable> expectThrows(what: String, block: () -> Unit): T? {
    try {
        block()
    } catch (e: Throwable) {
        if (e is T) { passed++; return e }
        failures.add("$what: expected ${T::class.simpleName}, got $e"); println("FAIL $what: got $e")
        return null
    }
    failures.add("$what: expected ${T::class.simpleName}, nothing thrown"); println("FAIL $what: nothing thrown")
    return null
}
