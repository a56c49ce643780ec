// Runs the logic module's JUnit 4 classes (named on the command line) without Gradle, prints one
// line per test with its time, and ends with "logic: N passed, N failed". Used by test-logic.sh;
// in Android Studio / Gradle the same classes run under `./gradlew :logic:test`.

import kotlin.system.exitProcess
import org.junit.runner.Description
import org.junit.runner.JUnitCore
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener

fun main(args: Array<String>) {
    require(args.isNotEmpty()) { "usage: RunLogicTestsKt TEST_CLASS..." }
    val started = HashMap<Description, Long>()
    val failed = HashSet<Description>()
    val core = JUnitCore()
    core.addListener(object : RunListener() {
        override fun testStarted(description: Description) {
            started[description] = System.nanoTime()
        }

        override fun testFailure(failure: Failure) {
            failed += failure.description
            println("FAIL ${failure.description.displayName}")
            println(failure.trace.lineSequence().take(25).joinToString("\n") { "     $it" })
        }

        override fun testFinished(description: Description) {
            val ms = (System.nanoTime() - (started[description] ?: System.nanoTime())) / 1_000_000
            val mark = if (description in failed) "FAILED" else "ok"
            println("  %-6s %s.%s (%d ms)".format(mark, description.testClass.simpleName, description.methodName, ms))
        }
    })
    val result = core.run(*args.map { Class.forName(it) }.toTypedArray())
    val passed = result.runCount - result.failureCount
    println("logic: $passed passed, ${result.failureCount} failed" + if (result.ignoreCount > 0) ", ${result.ignoreCount} skipped" else "")
    exitProcess(if (result.wasSuccessful() && result.runCount > 0 && result.ignoreCount == 0) 0 else 1)
}
