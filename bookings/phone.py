"""North-American phone numbers: the forms people type, stored in one form (E.164)."""

import re

# Optional +1 or 1, then a three-digit area code (in brackets or not), a three-digit
# exchange and four digits, separated by nothing, a space, a dot or a hyphen. Area code
# and exchange start with 2-9 (the North American Numbering Plan). ASCII digits only.
NANP_PATTERN = re.compile(
    r"""
    (?:\+?1[ .-]?)?                         # country code
    (?:\((?P<area1>[2-9][0-9]{2})\)|(?P<area2>[2-9][0-9]{2}))
    [ .-]?
    (?P<exchange>[2-9][0-9]{2})
    [ .-]?
    (?P<line>[0-9]{4})
    """,
    re.VERBOSE | re.ASCII,
)


class InvalidPhoneNumber(ValueError):
    pass


def normalise_phone(value: str) -> str:
    """Return the number as +1NXXNXXXXXX, or raise InvalidPhoneNumber.

    Accepts (587) 735-6272, 587-735-6272, 587.735.6272, 587 735 6272, 5877356272,
    +1 587 735 6272, 1-587-735-6272 and 15877356272.
    """
    text = " ".join(str(value).split())  # one space between groups, none around
    match = NANP_PATTERN.fullmatch(text)
    if match is None:
        raise InvalidPhoneNumber(value)
    area = match["area1"] or match["area2"]
    return f"+1{area}{match['exchange']}{match['line']}"


def format_phone(e164: str) -> str:
    """+15877356272 as (587) 735-6272, for people to read."""
    if re.fullmatch(r"\+1[0-9]{10}", e164 or ""):
        digits = e164[2:]
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return e164
