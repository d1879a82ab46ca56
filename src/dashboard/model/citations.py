"""Warnings about citations: a source we trust (reliability ``high``) should link to its original.

``citation_warnings(dataset)`` returns one plain line per source marked ``high`` whose URL is
neither on the publisher's own site nor in a known archive, e.g.::

    sources.csv:65: url: 'src_crs_2014' is marked high reliability but its link is a copy on
    studylib.net (not the publisher's site or an archive): cite the original or lower its
    reliability

(one line in the output). These are warnings, not problems: the dataset loads and validates
the same; they say where a record's trust rests on a copy that may differ from the original.
A source without a URL (a print source) is not warned about.

How a link is judged, in order:

1. **Archive** (``ARCHIVE_HOSTS``): a stable, dated copy kept by an archive is as good as the
   original: the Internet Archive, archive.today and its mirrors, WebCite, and the refugee
   document archives that keep publishers' documents as published (UNHCR's Refworld,
   ACCORD's ecoi.net).
2. **The publisher's site**, judged from the ``publisher`` field: the host's labels are
   compared with the publisher's name (one of its words, all its words run together, or its
   initials: ``Encyclopaedia Britannica`` -> britannica.com, ``The Long War Journal`` ->
   longwarjournal.org, ``United States Institute of Peace`` -> usip.org, ``Deutsche Welle`` ->
   dw.com), or looked up in ``PUBLISHER_HOSTS`` for names whose domain is none of these
   (``Los Angeles Times`` -> latimes.com). Whatever the publisher field says the link is a
   copy *on* (``Reuters (via DataLounge)``, ``Wikipedia copy on goodnames...``, ``(quoting
   ...)``) is not the publisher.
3. **A known copy** (``COPY_HOSTS``, checked before the publisher, and ``SHARED_HOSTS``,
   blog and wiki platforms, after it): mirrors of Wikipedia, document-sharing sites, news
   aggregators and revision trackers, proxies and search-results pages (``SEARCH_PAGES``)
   are named as such.
4. Any other host is warned about as not recognisably the publisher's.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import pandas as pd

from dashboard.model.crosscheck import LINE

SOURCES_FILE = "sources.csv"

# Archives: a host here (or any of its subdomains) keeps a copy that is as good as the original.
ARCHIVE_HOSTS: dict[str, str] = {
    "web.archive.org": "Internet Archive, Wayback Machine",
    "wayback.archive.org": "Internet Archive, Wayback Machine",
    "archive.org": "Internet Archive",
    "archive.today": "archive.today",
    "archive.ph": "archive.today",
    "archive.is": "archive.today",
    "archive.li": "archive.today",
    "archive.md": "archive.today",
    "archive.vn": "archive.today",
    "archive.fo": "archive.today",
    "webcitation.org": "WebCite",
    "wayback.archive-it.org": "Archive-It",
    "refworld.org": "UNHCR Refworld (keeps documents as their publishers issued them)",
    "ecoi.net": "ACCORD ecoi.net (keeps documents as their publishers issued them)",
}

# Known copies: a host here (or any subdomain) republishes others' work. The value says what
# kind of copy it is, for the warning. Those found in data/sources.csv, and their kin.
COPY_HOSTS: dict[str, str] = {
    # revision trackers, aggregators and forums reposting news
    "newssniffer.co.uk": "copy",  # keeps the versions of news articles; not the publisher
    "datalounge.com": "copy",  # forum thread quoting an article
    "menafn.com": "copy",  # news aggregator
    "wopular.com": "copy",  # news aggregator
    "dailyalert.org": "copy",  # digest of other papers' articles
    "newnation.io": "copy",
    "armenianclub.com": "copy",
    "nationalmemo.com": "copy",
    "wn.com": "copy",
    # document-sharing sites (uploaded copies of reports and papers)
    "studylib.net": "copy",
    "docslib.org": "copy",
    "pdfslide.net": "copy",
    "fdocuments.in": "copy",
    "doczz.net": "copy",
    "paperzz.com": "copy",
    "5dok.org": "copy",
    "view.joomag.com": "copy",
    # mirrors of Wikipedia
    "wikivisually.com": "copy",
    "wikisum.wiki": "copy",
    "piglix.com": "copy",
    "owiki.org": "copy",
    "askwikinow.com": "copy",
    "kiddle.co": "copy",
    "handwiki.org": "copy",
    "wikiclassic.com": "copy",
    "profilbaru.com": "copy",
    "goodnames.eth.link": "copy",
    "goodnames.eth.limo": "copy",
    "wikipedia-on-ipfs.org": "copy",
    "ipfs.io": "copy",
    "iiab.me": "copy",
    "cryer.org.uk": "copy",
    "blekko.com": "copy",
    "clateway.com": "copy",
    "the-uncensored-wiki.com": "copy",
    "cinxe.com": "copy",
    # FAQ and answer farms
    "calendar-australia.com": "copy",
    "richardvigilantebooks.com": "copy",
    "top-engineering-schools.org": "copy",
    # proxies and search portals
    "googleweblight.com": "proxy copy",
    "enow.com": "search-results page",
}

# Platforms where anyone, a publisher too, has a site of their own (a subdomain): a link there
# is a copy unless the subdomain is the publisher's (ISW's iswsyria.blogspot.com is ISW's).
SHARED_HOSTS: dict[str, str] = {
    "blogspot.com": "copy",
    "wordpress.com": "copy",
    "wikidot.com": "copy",
    "fandom.com": "copy",
    "pages.dev": "copy",
}

# Search-results pages: (host, path prefix). Any country's Google counts ("google.co.uk").
SEARCH_PAGES: tuple[tuple[str, str], ...] = (
    ("google.", "/search"),
    ("bing.com", "/search"),
    ("search.yahoo.com", "/"),
    ("duckduckgo.com", "/"),
    ("yandex.", "/search"),
)

# Publishers whose site's name is not one of their words, their words run together or their
# initials (lower-case name as written in the publisher field -> their hosts).
PUBLISHER_HOSTS: dict[str, tuple[str, ...]] = {
    "los angeles times": ("latimes.com",),
    "jerusalem post": ("jpost.com",),
    "radio new zealand": ("rnz.co.nz", "radionz.co.nz"),
    "radio free europe/radio liberty": ("rferl.org",),
    "new york times": ("nytimes.com",),
    "wall street journal": ("wsj.com",),
    "associated press": ("apnews.com",),
    "congressional research service": ("crsreports.congress.gov",),
    "cia world factbook": ("cia.gov",),
    "pew research center": ("pewresearch.org", "pewforum.org"),
    "bbc": ("bbci.co.uk",),  # the BBC's feeds and static host
    "bloomberg": ("businessweek.com",),
    "reuters": ("trust.org",),  # news.trust.org: the Thomson Reuters Foundation's feed
    "institute for the study of war": ("understandingwar.org",),
}

# Words of a publisher's name too common to identify its site on their own.
GENERIC_WORDS = frozenset(
    re.findall(
        r"\w+",
        """the of and at for on in a an de al el la le news times post daily world journal review
        international institute university center centre press network service agency online new
        america american national research foundation association society office department
        government united states us u s org com net www library country data""",
    )
)
# A parenthesis or a tail of the publisher field naming where the copy is, not who published.
_COPY_MARKERS = re.compile(
    r"\b(via|copy|copies|mirror|mirrored|reposted|snapshot|quoting|quotation|citing|data:)",
    re.IGNORECASE,
)


def citation_warnings(dataset) -> list[str]:
    """One line per high-reliability source whose link is not the original or an archive."""
    sources: pd.DataFrame = dataset.sources
    warnings = []
    high = sources[sources["reliability"] == "high"]
    for _, row in high.iterrows():
        url = str(row["url"] or "").strip()
        if not url:
            continue  # a print source
        reason = link_problem(url, str(row["publisher"] or ""))
        if reason:
            line = int(row[LINE]) if LINE in row.index else "?"
            warnings.append(
                f"{SOURCES_FILE}:{line}: url: '{row['source_id']}' is marked high reliability "
                f"but its link is {reason}: cite the original or lower its reliability"
            )
    return warnings


def link_problem(url: str, publisher: str) -> str | None:
    """Why url is not the publisher's page or an archive ('a copy on x.com ...'), else None."""
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "not a web address"
    if _on(host, ARCHIVE_HOSTS):
        return None
    shown = host.removeprefix("www.")
    for prefix, path in SEARCH_PAGES:
        if _host_matches(host, prefix) and parts.path.startswith(path):
            return f"a search-results page on {shown} (not the publisher's site or an archive)"
    kind = _on(host, COPY_HOSTS)
    shared = _on(host, SHARED_HOSTS)
    if kind and not shared:
        return f"a {kind} on {shown} (not the publisher's site or an archive)"
    if is_publisher_host(host, publisher):
        return None
    if shared:
        return f"a {shared} on {shown} (not the publisher's site or an archive)"
    return f"on {shown}, which is neither the publisher's ({publisher}) site nor an archive"


def is_publisher_host(host: str, publisher: str) -> bool:
    """Whether host looks like the site of publisher (its name, words, initials or known host)."""
    host = host.rstrip(".").lower()
    own = _publisher_names(publisher)
    for name, hosts in PUBLISHER_HOSTS.items():
        if any(name in part for part in own) and any(_within(host, h) for h in hosts):
            return True
    labels = [label for label in host.split(".")[:-1] if label not in {"www", "m", "amp"}]
    for part in own:
        for candidate, exact in _candidates(part):
            for label in labels:
                if label == candidate or (not exact and _builds(label, candidate)):
                    return True
    return False


def _publisher_names(publisher: str) -> list[str]:
    """The publisher's names, lower-case and without accents, minus what a copy is 'via'."""
    text = unicodedata.normalize("NFKD", publisher)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    # drop parentheses that name the copy: "Reuters (via defenceWeb)", "Wikipedia (IPFS snapshot)"
    text = re.sub(r"\([^)]*\)", lambda m: "" if _COPY_MARKERS.search(m[0]) else m[0], text)
    marker = _COPY_MARKERS.search(text)  # "Wikipedia copy on goodnames...", ", via WikiLeaks"
    if marker:
        text = text[: marker.start()]
    return [p.strip() for p in re.split(r"[(),;]|\s-\s", text) if p.strip()]


def _candidates(part: str) -> list[tuple[str, bool]]:
    """Strings a host label may be built from, each with whether it must match exactly."""
    words = re.findall(r"[a-z0-9]+", part)
    if not words:
        return []
    significant = [w for w in words if w not in GENERIC_WORDS]
    found: list[tuple[str, bool]] = []
    for run in {"".join(words), "".join(w for w in words if w not in {"the", "of", "and"})}:
        if len(run) >= 4:
            found.append((run, False))
    found += [(w, len(w) < 4) for w in significant if len(w) >= 3]
    for letters in {
        "".join(w[0] for w in words),
        "".join(w[0] for w in words if w not in {"the", "of", "and", "at", "for", "on", "in"}),
    }:
        if len(letters) >= 2:
            found.append((letters, len(letters) < 3))
    return found


def _builds(label: str, candidate: str) -> bool:
    """Whether a host label starts (or, for a candidate of 4+ letters, ends) with candidate:
    bbc -> bbci, voa -> voanews, arda -> thearda, guardian -> theguardian."""
    return label.startswith(candidate) or (len(candidate) >= 4 and label.endswith(candidate))


def _on(host: str, table: dict[str, str]) -> str | None:
    """The value of the table's entry for host or one of its parent domains."""
    for known, value in table.items():
        if _within(host, known):
            return value
    return None


def _within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _host_matches(host: str, prefix: str) -> bool:
    """'google.' matches google.com, www.google.co.uk; 'bing.com' matches www.bing.com."""
    bare = host.removeprefix("www.")
    return bare.startswith(prefix) if prefix.endswith(".") else _within(host, prefix)
