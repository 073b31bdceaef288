"""Numeric dates as 2026-12-06 in French too (the order the Office québécois de la
langue française recommends for numeric dates), the same as in English."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
