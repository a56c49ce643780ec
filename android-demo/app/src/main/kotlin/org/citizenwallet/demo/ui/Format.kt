package org.citizenwallet.demo.ui

import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle

private val dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
private val date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)

fun formatDateTime(unixSeconds: Long): String =
    dateTime.format(Instant.ofEpochSecond(unixSeconds).atZone(ZoneId.systemDefault()))

fun formatDate(unixSeconds: Long): String =
    date.format(Instant.ofEpochSecond(unixSeconds).atZone(ZoneId.systemDefault()))

/** 75 → "1:15". */
fun formatCountdown(seconds: Long): String = "%d:%02d".format(seconds / 60, seconds % 60)
