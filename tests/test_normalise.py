"""Normalisation: characters, look-alikes, headers and footers, rejoined lines, offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.normalise import normalise_pages
from schemas.provenance import page_of


def text_of(*pages: str) -> str:
    return normalise_pages(list(pages)).text


def test_cyrillic_lookalikes_fold_to_latin() -> None:
    # "То" below is Cyrillic Te + Cyrillic o, as in corpus paper 002.
    assert text_of("\u0422\u043e:\tPeter Oakford, Cabinet Member") == "To:\tPeter Oakford, Cabinet Member"


def test_mixed_script_word_folds_but_real_cyrillic_text_stays() -> None:
    assert text_of("Kent C\u043eunty Council") == "Kent County Council"
    russian = "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440"  # a genuinely Cyrillic line
    assert text_of(russian) == russian


def test_ligatures_bullets_quotes_and_spaces() -> None:
    text = text_of("\ufb01nancial e\ufb00ect\n\uf0b7 first item\n\u25aa second\nChildren\u2019s \u201cplan\u201d\u00a0now")
    assert text == "financial effect\n• first item\n• second\nChildren's \"plan\" now"


def test_soft_hyphen_and_zero_width_dropped() -> None:
    assert text_of("con\u00adtract\u200b value") == "contract value"


def test_wrapped_paragraph_lines_rejoin() -> None:
    page = (
        "During 2017, Kent County Council (KCC) agreed to invest £2.6m per year into a\n"
        "new contract for an integrated service via a Section 76 agreement.\n"
    )
    assert text_of(page) == (
        "During 2017, Kent County Council (KCC) agreed to invest £2.6m per year into a "
        "new contract for an integrated service via a Section 76 agreement."
    )


def test_list_items_and_headings_stay_on_their_own_lines() -> None:
    page = "Decision:\n\n- a) End the existing agreement.\n- b) Delegate authority to the Director.\n1. Introduction\n"
    assert text_of(page).split("\n") == [
        "Decision:",
        "",
        "- a) End the existing agreement.",
        "- b) Delegate authority to the Director.",
        "1. Introduction",
    ]


def test_real_hyphen_kept_at_a_line_end() -> None:
    page = (
        "This paper provides an update on the commissioning arrangements for the KCC-\n"
        "funded elements of the service and the associated agreement with the CCG.\n"
    )
    assert "the KCC-funded elements" in text_of(page)


def test_line_break_hyphen_dropped_when_the_word_is_used_elsewhere() -> None:
    page = (
        "The contract management arrangements were reviewed by the board and its manage-\n"
        "ment team, who agreed that management of the contract would move to KCC.\n"
    )
    text = text_of(page)
    assert "its management team" in text
    assert "manage-" not in text


def test_line_break_hyphen_kept_when_unsure() -> None:
    page = (
        "Commissioners expect the contract term to be three years with a review at each of the three-\n"
        "year points of the agreement between the council and the provider.\n"
    )
    assert "three-year points" in text_of(page)


def test_running_header_footer_and_page_numbers_removed_but_pages_counted() -> None:
    pages = [
        f"Kent County Council\nCabinet Committee 5 July 2016\nBody text of page {n} goes here.\n"
        + "\n".join(f"Paragraph {n}.{k} says {'more ' * k}about item {n}." for k in range(n + 3))
        + f"\nPage {n}"
        for n in range(1, 4)
    ]
    result = normalise_pages(pages)
    assert "Kent County Council" not in result.text
    assert "Page 2" not in result.text
    assert len(result.page_starts) == 3
    for n, start in enumerate(result.page_starts, 1):
        assert result.text[start:].startswith(f"Body text of page {n}")
        assert page_of(result.page_starts, start) == n
    assert sum(line.startswith("Page ") for line in result.removed_lines) == 3
    assert all(f"Paragraph {n}.{n + 2} says" in result.text for n in range(1, 4))
    assert "Cabinet Committee 5 July 2016" not in result.text


def test_sentence_continues_across_a_page_break() -> None:
    first = "Heading\n" + "The new contract is due to commence on 1 April 2017 and will run for five years with an option to\nPage 1"
    second = "Heading\n" + "extend for a further two years.\nPage 2"
    result = normalise_pages([first, second])
    assert "option to extend for a further two years." in result.text
    assert page_of(result.page_starts, result.text.index("extend")) == 2
    assert page_of(result.page_starts, result.text.index("option")) == 1


def test_tabs_survive_as_column_separators() -> None:
    assert text_of("From:   \t  Andrew Ireland\nDecision No:\t16-00052") == "From:\tAndrew Ireland\nDecision No:\t16-00052"


def test_empty_pages_still_count() -> None:
    result = normalise_pages(["First page text.", "", "Third page text."])
    assert len(result.page_starts) == 3
    assert page_of(result.page_starts, result.text.index("Third")) == 3


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300), min_size=1, max_size=5))
def test_any_pages_normalise_without_error_and_with_ordered_page_starts(pages: list[str]) -> None:
    result = normalise_pages(pages)
    assert len(result.page_starts) == len(pages)
    assert result.page_starts == sorted(result.page_starts)
    assert all(0 <= s <= len(result.text) for s in result.page_starts)
    assert normalise_pages(pages).text == result.text  # deterministic


def test_markdown_emphasis_markers_are_removed() -> None:
    assert text_of("b) **DELEGATE** authority.") == "b) DELEGATE authority."
    assert text_of("the option is **Option 4, Hybrid Model.**") == "the option is Option 4, Hybrid Model."
    assert text_of("Interest: *None expected*") == "Interest: None expected"
    assert text_of("2 * 3 * 4 = 24") == "2 * 3 * 4 = 24"
