"""Numeric dates as 2026-12-06 (ISO 8601, as the Government of Canada writes them):
Django's English default, 12/06/2026, reads as June 12 to many Canadians, and a member
switching language would meet the other order in French."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
