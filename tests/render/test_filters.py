from briefing.render.filters import with_referent


def test_a_passage_on_its_own_says_whom_its_he_means() -> None:
    assert with_referent("He added that talks went on.", "Antony Blinken") == (
        "He [Antony Blinken] added that talks went on."
    )
    assert with_referent("“She said no,” the report said.", "Liz Truss") == (
        "“She [Liz Truss] said no,” the report said."
    )
    assert with_referent("He added that talks went on.", None) == "He added that talks went on."
    assert with_referent("Hesitant allies met.", "X") == "Hesitant allies met."
