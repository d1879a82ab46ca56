"""Citation warnings: a high-reliability source should link to its publisher or an archive."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard.model.citations import citation_warnings, is_publisher_host, link_problem
from dashboard.model.load import load_dataset
from tests.unit.conftest import line_of, set_cell


def sources(*rows: tuple[str, str, str, str]) -> SimpleNamespace:
    """A stand-in dataset whose sources are (source_id, publisher, url, reliability), line 2 on."""
    frame = pd.DataFrame(rows, columns=["source_id", "publisher", "url", "reliability"])
    frame["_line"] = range(2, len(frame) + 2)
    return SimpleNamespace(sources=frame)


def test_a_high_reliability_source_on_a_mirror_warns_with_its_line_and_host():
    dataset = sources(
        ("src_ok", "Reuters", "https://www.reuters.com/article/x", "high"),
        ("src_crs", "Congressional Research Service", "https://studylib.net/doc/1/x", "high"),
    )
    assert citation_warnings(dataset) == [
        "sources.csv:3: url: 'src_crs' is marked high reliability but its link is a copy on "
        "studylib.net (not the publisher's site or an archive): cite the original or lower "
        "its reliability"
    ]


@pytest.mark.parametrize(
    ("publisher", "url", "host"),
    [
        ("The Guardian (via NewsSniffer)", "https://www.newssniffer.co.uk/articles/1/diff/1/2",
         "newssniffer.co.uk"),
        ("Reuters (via DataLounge)", "https://www.datalounge.com/thread/1-x", "datalounge.com"),
        ("Congressional Research Service", "http://defense-legislation.blogspot.com/2010/x",
         "defense-legislation.blogspot.com"),
        ("Landinfo", "https://docslib.org/doc/1/x", "docslib.org"),
        ("Gulf Times", "https://www.menafn.com/1/x", "menafn.com"),
        ("Wikipedia", "https://goodnames.eth.limo/wiki/X.html", "goodnames.eth.limo"),
        ("calendar-australia.com", "https://calendar-australia.com/faq/x",
         "calendar-australia.com"),
    ],
)  # fmt: skip
def test_known_copy_hosts_are_named_as_copies(publisher, url, host):
    assert link_problem(url, publisher) == (
        f"a copy on {host} (not the publisher's site or an archive)"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.google.com/search?q=alawite+province",
        "https://www.google.co.uk/search?q=x",
        "https://www.bing.com/search?q=x",
    ],
)
def test_search_result_pages_warn(url):
    assert link_problem(url, "Wikipedia").startswith("a search-results page on ")


@pytest.mark.parametrize(
    ("publisher", "url"),
    [
        ("Encyclopaedia Britannica", "https://www.britannica.com/event/Iran-Iraq-War"),
        ("Wikipedia", "https://en.wikipedia.org/wiki/Iranian_Revolution"),
        ("Institute for the Study of War", "https://www.understandingwar.org/backgrounder/x"),
        ("Institute for the Study of War", "https://www.iswresearch.org/2016/07/x.html"),
        ("The Long War Journal", "https://www.longwarjournal.org/archives/2014/01/x.php"),
        ("United States Institute of Peace", "https://iranprimer.usip.org/resource/x"),
        ("Deutsche Welle", "https://www.dw.com/en/x/a-17342875"),
        ("BBC News", "http://news.bbc.co.uk/2/hi/middle_east/786287.stm"),
        ("Los Angeles Times", "https://www.latimes.com/world/x.html"),
        ("The Times of Israel (AP)", "https://www.timesofisrael.com/x/"),
        ("Hürriyet Daily News", "https://www.hurriyetdailynews.com/x"),
        ("Congressional Research Service", "https://crsreports.congress.gov/product/pdf/RL/RL33110"),
        # archives keep a dated copy of the original
        ("BBC News", "https://web.archive.org/web/2010/http://news.bbc.co.uk/x.stm"),
        ("Some Paper", "https://archive.ph/AbCdE"),
        ("Some Paper", "https://archive.today/2014/http://example.org/"),
    ],
)  # fmt: skip
def test_the_publishers_site_or_an_archive_does_not_warn(publisher, url):
    assert link_problem(url, publisher) is None


def test_what_a_copy_is_via_is_not_the_publisher():
    assert not is_publisher_host("www.defenceweb.co.za", "Reuters (via defenceWeb)")
    assert not is_publisher_host("goodnames.eth.link", "Wikipedia copy on goodnames.eth.link")
    assert is_publisher_host("www.reuters.com", "Reuters (via defenceWeb)")
    # a common word of a name ('news', 'new') is not a site: NewsSniffer is not the NYT's
    assert not is_publisher_host("www.newssniffer.co.uk", "The New York Times (via NewsSniffer)")


def test_an_unrecognised_host_warns_naming_the_publisher():
    reason = link_problem("https://www.chicagotribune.com/x", "Reuters")
    assert (
        reason
        == "on chicagotribune.com, which is neither the publisher's (Reuters) site nor an archive"
    )


def test_medium_and_low_reliability_and_print_sources_do_not_warn():
    dataset = sources(
        ("src_medium", "Wikipedia", "https://studylib.net/doc/1/x", "medium"),
        ("src_low", "calendar-australia.com", "https://calendar-australia.com/faq/x", "low"),
        ("src_print", "Reference Press", "", "high"),
    )
    assert citation_warnings(dataset) == []


def test_warnings_read_a_loaded_dataset_and_cite_its_line(dataset_dir):
    dataset, _ = load_dataset(dataset_dir)
    assert citation_warnings(dataset) == []  # the hand-made dataset cites originals
    line = set_cell(dataset_dir, "sources", "src_news", "url", "https://docslib.org/doc/1/x")
    set_cell(dataset_dir, "sources", "src_news", "reliability", "high")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    assert line == line_of("sources", "src_news")
    assert citation_warnings(dataset) == [
        f"sources.csv:{line}: url: 'src_news' is marked high reliability but its link is a "
        "copy on docslib.org (not the publisher's site or an archive): cite the original or "
        "lower its reliability"
    ]
