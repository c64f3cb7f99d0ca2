"""Number formats for zh-hans that override Django's (which group by nothing).

The ministry's published figures group thousands with commas (124,000 posts), so
`intcomma` and localized numbers do the same; dates and times stay Django's.
"""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
