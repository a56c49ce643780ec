package org.citizenwallet.demo.logic

/** One line of an ID card or a verdict. [value] is null while hidden (wallet locked). */
data class ClaimRow(val name: String, val label: String, val value: String?) {
    // Claim values are personal data: keep them out of logs and crash reports built from toString().
    override fun toString(): String = "ClaimRow($name${if (value == null) ", hidden" else ""})"
}

/** Human labels for the core's claim names, in card order. Unknown names show as themselves. */
object ClaimLabels {
    private val labels = linkedMapOf(
        "full_name" to "Full name",
        "id_number" to "ID number",
        "date_of_birth" to "Date of birth",
        "sex" to "Sex",
        "nationality" to "Nationality",
        "place_of_origin" to "Place of origin",
        "place_of_residence" to "Place of residence",
        "ethnicity" to "Ethnicity",
        "religion" to "Religion",
        "card_issue_date" to "Card issued",
        "card_expiry_date" to "Card expires",
        "portrait" to "Photo",
    )
    private val ageOver = Regex("age_over_(\\d+)")

    fun label(name: String): String =
        labels[name] ?: ageOver.matchEntire(name)?.let { "Over ${it.groupValues[1]}" } ?: name

    /** Known claims first in card order, age flags after them, anything else last. */
    fun sorted(names: Collection<String>): List<String> {
        val order = labels.keys.toList()
        return names.sortedWith(
            compareBy<String>(
                { if (it in labels) order.indexOf(it) else if (ageOver.matches(it)) order.size else order.size + 1 },
                { it },
            ),
        )
    }

    /** Display value: booleans as Yes/No (age flags); the rest as the core formats them. */
    fun displayValue(value: String): String = when (value) {
        "true" -> "Yes"
        "false" -> "No"
        else -> value
    }
}
