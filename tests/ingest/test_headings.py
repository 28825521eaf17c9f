"""Headings against body text: a line without a final period is not always a heading."""

import pytest

from briefing.ingest.clean import clean, is_heading


@pytest.mark.parametrize(
    "line",
    [
        "Talks in Geneva end without agreement",
        "Ministers meet as troops gather on the border",
        "Foreign minister: We will not accept threats",
        "Why did the talks fail?",
        "Thank you!",
        "March 3, 1999. The night of the flood",
        "Harbour cranes stand idle in Odesa on Monday. Jane Doe/Agency/Pictures",
        "Harbour cranes stand idle in Odesa on Monday after shelling hit the grain terminal overnight (Jane Doe/AP)",
        "CITY COUNCIL VOTES TO REOPEN SCHOOLS, DESPITE WARNINGS FROM DOCTORS ABOUT THE WINTER SEASON AHEAD",
        "Economy.The central bank raises its key rate for the third time this year as prices keep climbing",
        "Authors: Ann Example, Bob Example, Carol Example, Dan Example, Eve Example, and Fay Example",
    ],
)
def test_headings_stay_headings(line: str) -> None:
    assert is_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        # Several sentences ending in sentence punctuation.
        "In 2015. In 2016. In 2017. Did anyone listen in 2018?",
        "They asked twice. They asked again. Will they ask a fourth time?",
        '"We warned them," the mayor added. "Nobody came. Nobody!"',
        # Long run-on lines of prose that lost their final period.
        "The mayor said that if the council agrees, the bridge could reopen in spring and the ferry could stop running",
        "As she explained, the new rules on grain exports were drafted in a hurry and will be reviewed in March",
        "- We see more shelling near the port and more attacks on the rail line every week - added the governor",
        "The river flooded the lower town again overnight.The mayor asked the army to send boats and fresh water",
        "By the way, tonight I am grateful to the volunteers of the river rescue team who saved forty people!",
    ],
)
def test_body_lines_are_not_headings(line: str) -> None:
    assert not is_heading(line)


def test_run_on_lead_is_not_taken_for_the_headline() -> None:
    text = (
        "The mayor said that if the council agrees, the bridge could reopen in spring and the ferry could stop"
        " running\n\nBridge to reopen in spring\n\nThe council meets on Monday.\n"
    )
    cleaned = clean(text)
    assert cleaned.meta["title"] == "Bridge to reopen in spring"
    kinds = {p.text[:10]: p.kind for p in cleaned.paragraphs}
    assert kinds["The mayor "] == "body"
