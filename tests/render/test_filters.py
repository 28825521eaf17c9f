from briefing.render.filters import as_line, with_referent


def test_a_passage_on_its_own_says_whom_its_he_means() -> None:
    assert with_referent("He added that talks went on.", "Antony Blinken") == (
        "He [Antony Blinken] added that talks went on."
    )
    assert with_referent("“She said no,” the report said.", "Liz Truss") == (
        "“She [Liz Truss] said no,” the report said."
    )
    assert with_referent("He added that talks went on.", None) == "He added that talks went on."
    assert with_referent("Hesitant allies met.", "X") == "Hesitant allies met."


def test_a_point_reads_as_a_line_capital_first_full_stop_last_no_opening_dash() -> None:
    assert as_line("Washington readied sanctions against the largest banks") == (
        "Washington readied sanctions against the largest banks."
    )
    assert as_line("- We will not lift the sanctions - said the minister.") == (
        "We will not lift the sanctions - said the minister."
    )
    assert as_line("according to diplomats, London will freeze assets") == (
        "According to diplomats, London will freeze assets."
    )
    assert (
        as_line(", a key partner of Russia, refused to comment.")
        == "A key partner of Russia, refused to comment."
    )
    assert (
        as_line("Brussels asked: “Will the yachts be seized?”")
        == "Brussels asked: “Will the yachts be seized?”"
    )
