import pytest

from bookings.phone import InvalidPhoneNumber, format_phone, normalise_phone


@pytest.mark.parametrize(
    "typed",
    [
        "(587) 735-6272",
        "587-735-6272",
        "587.735.6272",
        "587 735 6272",
        "5877356272",
        "+1 587 735 6272",
        "+1 (587) 735-6272",
        "1-587-735-6272",
        "15877356272",
        "+15877356272",
        "  (587)  735-6272  ",
        "587\r\n735\n6272",  # pasted over lines: whitespace is whitespace
    ],
)
def test_common_north_american_forms_are_stored_in_e164(typed):
    assert normalise_phone(typed) == "+15877356272"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "735-6272",  # no area code
        "587-735-627",  # a digit short
        "587-735-62721",  # a digit too many
        "+44 20 7946 0958",  # not North American
        "+2 587 735 6272",
        "087-735-6272",  # area codes start with 2-9
        "587-135-6272",  # so do exchanges
        "587-735-6272 ext 12",
        "five eight seven",
        "(587 735-6272",  # unbalanced bracket
        "٥٨٧٧٣٥٦٢٧٢",  # Arabic-Indic digits: not accepted as phone digits
        "'; DROP TABLE bookings; --",
    ],
)
def test_other_input_is_rejected(typed):
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone(typed)


def test_stored_numbers_read_naturally():
    assert format_phone("+15877356272") == "(587) 735-6272"
    assert format_phone("weird") == "weird"
