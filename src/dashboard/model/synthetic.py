"""Synthetic events in the form of an ACLED export, for benchmarks and tests.

The rows look like a Middle East export from ACLED (2016-2024): its 31 current columns in
its order and spelling, its event and sub-event types, inter and interaction codes,
precision codes, numeric ISO codes, and dates written "YYYY-MM-DD". The values are drawn
to have the shape that makes real data costly or awkward, because a benchmark on uniform
noise would lie: countries weighted as ACLED's coverage is (Syria and Yemen first), yearly
trends and bursts (Mosul, Idlib, the October 2019 protests, Gaza), a few thousand distinct
places drawn inside the admin-1 polygons they name, a few hundred actors per country with
a heavy tail, fatalities mostly 0 with a long tail that depends on the event type, and
notes of 80-250 characters.

Everything is built with numpy and pyarrow compute in chunks of CHUNK_ROWS rows, so a
million rows take seconds and the CSV never holds all its text in memory at once. The
same seed gives the same rows, and `generate_acled` returns exactly what reading the file
of `write_acled_csv` gives: newest events first, missing values empty, inter codes as
numbers (inter2 is 0 when there is no second actor), every text value quoted.

The places, actor names and sources are drawn once per seed and reused by every chunk:
real data has a few thousand places and actors, not a million.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import shapely

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2024, 12, 31)
CHUNK_ROWS = 100_000
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / "data"
# Pseudo-regions of the boundary file that no ACLED event is coded to.
_NOT_ADMIN1 = {"Neutral Zone", "UNDOF"}
_DAYS = (LAST_DAY - FIRST_DAY).days + 1
_EPOCH_DAY = (FIRST_DAY - date(1970, 1, 1)).days
# ACLED re-published older events at these dates (column changes, yearly reviews), which
# is why many old events carry a much later timestamp.
_REVISIONS = ("2019-10-04", "2021-03-08", "2023-03-20", "2024-04-15", "2025-02-24")


# --- the countries ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Country:
    iso3: str
    name: str
    iso: int
    region: str
    share: float  # of all events, roughly as in ACLED's coverage 2016-2024
    yearly: tuple[float, ...]  # relative intensity, 2016 ... 2024
    bursts: tuple[tuple[str, int, float], ...]  # (centre, width in days, amplitude)
    # multipliers of the event types: battles, explosions, violence against civilians,
    # protests, riots, strategic developments
    mix: tuple[float, float, float, float, float, float]
    lethality: float
    locations: int
    flavour: str  # which made-up names fit: arab, persian, afghan, turkish, hebrew
    state: tuple[str, ...]  # inter 1
    rebels: tuple[str, ...]  # inter 2
    militias: tuple[str, ...]  # inter 3, before the made-up ones
    identity: tuple[str, ...]  # inter 4, before the made-up ones
    external: tuple[str, ...]  # inter 8
    generated_militias: int
    generated_identity: int
    outlets: tuple[str, ...]  # "name|scale"
    # (first day, name before, name after): a state's forces renamed with a new regime
    eras: tuple[tuple[str, str, str], ...] = ()


_ME, _NA, _CCA = "Middle East", "Northern Africa", "Caucasus and Central Asia"
_GULF_MIX = (0.05, 0.1, 0.5, 3.0, 1.0, 1.5)
_FLAT = (0.5,) * 9

# fmt: off
COUNTRIES: tuple[_Country, ...] = (
    _Country(
        "SYR", "Syria", 760, _ME, 0.34,
        (1.0, 1.0, 0.9, 0.85, 0.7, 0.55, 0.45, 0.4, 0.45),
        (("2016-11-25", 25, 0.8), ("2018-02-25", 30, 1.0), ("2019-05-15", 40, 0.6),
         ("2019-10-12", 10, 1.0), ("2020-02-10", 30, 0.8), ("2024-12-03", 10, 2.0)),
        (1.0, 1.6, 0.9, 0.25, 0.2, 1.0),
        1.2, 600, "arab",
        ("Military Forces of Syria (2000-2024)", "Police Forces of Syria (2000-2024)"),
        ("Hayat Tahrir al-Sham", "Islamic State (Syria)", "QSD: Syrian Democratic Forces",
         "Opposition Rebels (Syria)", "Syrian National Army", "National Front for Liberation",
         "Hurras al-Din", "Jaysh al-Islam", "Ahrar al-Sham"),
        ("Unidentified Armed Group (Syria)", "NDF: National Defense Forces", "Hezbollah",
         "Liwa al-Quds", "Fatemiyoun Brigade"),
        ("Unidentified Tribal Militia (Syria)", "Druze Militia (Syria)",
         "Bedouin Ethnic Militia (Syria)"),
        ("Military Forces of Russia (2000-)", "Military Forces of Turkey (2002-)",
         "Military Forces of Israel (2022-)", "Military Forces of the United States (2021-)",
         "Military Forces of Iran (1989-)"),
        220, 60,
        ("SOHR|Other", "Syrian Observatory for Human Rights|Other", "Enab Baladi|National",
         "SANA|National", "Step News Agency|Subnational", "North Press Agency|Subnational",
         "Hawar News Agency|Subnational", "Deir Ezzor 24|Subnational",
         "Smart News Agency|National", "Suwayda 24|Subnational"),
        eras=(("2024-12-08", "Military Forces of Syria (2000-2024)",
               "Military Forces of Syria (2024-)"),
              ("2024-12-08", "Police Forces of Syria (2000-2024)",
               "Police Forces of Syria (2024-)")),
    ),
    _Country(
        "YEM", "Yemen", 887, _ME, 0.2,
        (0.7, 0.8, 1.0, 1.0, 0.9, 0.85, 0.6, 0.5, 0.45),
        (("2018-06-20", 40, 0.6), ("2021-03-01", 60, 0.5), ("2022-01-20", 20, 0.6)),
        (1.2, 1.5, 0.7, 0.25, 0.1, 0.8),
        1.2, 500, "arab",
        ("Military Forces of Yemen (2017-) Supreme Political Council",
         "Military Forces of Yemen (2012-)", "Police Forces of Yemen (2012-)"),
        ("Houthi Movement", "AQAP: Al Qaeda in the Arabian Peninsula", "Islamic State (Yemen)"),
        ("Unidentified Armed Group (Yemen)", "STC: Southern Transitional Council",
         "Security Belt Forces", "Giants Brigades", "National Resistance Forces"),
        ("Unidentified Tribal Militia (Yemen)", "Murad Tribal Militia (Yemen)",
         "Abidah Tribal Militia (Yemen)"),
        ("Operation Restoring Hope", "Military Forces of Saudi Arabia (2015-)",
         "Military Forces of the United Arab Emirates (2004-)",
         "Military Forces of the United States (2021-)", "Military Forces of Israel (2022-)"),
        200, 140,
        ("Yemen Data Project|Other", "Al Masirah|National", "Saba News Agency|National",
         "Al Masdar Online|National", "Aden al-Ghad|Subnational", "Yemen Press Agency|National",
         "26 September|National", "Al Ayyam (Yemen)|Subnational"),
    ),
    _Country(
        "IRQ", "Iraq", 368, _ME, 0.11,
        (1.0, 0.9, 0.55, 0.5, 0.5, 0.4, 0.35, 0.25, 0.2),
        (("2016-10-20", 60, 0.8), ("2017-06-15", 40, 0.6), ("2019-10-25", 30, 1.5),
         ("2022-08-29", 4, 2.0)),
        (0.6, 0.9, 1.0, 1.2, 1.0, 1.0),
        0.8, 450, "arab",
        ("Military Forces of Iraq (2014-)", "Police Forces of Iraq (2014-)",
         "Military Forces of Iraq (2014-) Popular Mobilization Forces",
         "Military Forces of Iraq (2014-) Counter Terrorism Service",
         "Military Forces of Iraq (2014-) Peshmerga"),
        ("Islamic State (Iraq)", "PKK: Kurdistan Workers Party"),
        ("Unidentified Armed Group (Iraq)", "Kataib Hezbollah", "Asaib Ahl al-Haq",
         "Saraya al-Salam", "Islamic Resistance in Iraq"),
        ("Unidentified Tribal Militia (Iraq)", "Unidentified Clan Militia (Iraq)"),
        ("Military Forces of Turkey (2002-)", "Military Forces of the United States (2021-)",
         "Military Forces of Iran (1989-)", "Operation Inherent Resolve"),
        150, 80,
        ("Shafaq News|National", "Rudaw|Subnational", "Kurdistan 24|Subnational",
         "Baghdad Today|National", "Al Sumaria|National", "Iraqi News Agency|National",
         "Alsumaria News|National", "Iraq Oil Report|National", "NRT|Subnational"),
    ),
    _Country(
        "AFG", "Afghanistan", 4, _CCA, 0.1,
        (0.7, 0.9, 1.0, 1.0, 0.95, 0.9, 0.2, 0.12, 0.1),
        (("2021-07-20", 30, 1.5), ("2016-10-01", 20, 0.4)),
        (2.2, 0.7, 1.0, 0.2, 0.1, 0.8),
        1.8, 500, "afghan",
        ("Military Forces of Afghanistan (2004-2021)", "Police Forces of Afghanistan (2004-2021)"),
        ("Taliban", "Islamic State (Afghanistan)", "NRF: National Resistance Front",
         "Haqqani Network", "AFF: Afghanistan Freedom Front"),
        ("Unidentified Armed Group (Afghanistan)", "Pro-Government Militia (Afghanistan)"),
        ("Unidentified Tribal Militia (Afghanistan)", "Hazara Ethnic Militia (Afghanistan)"),
        ("Military Forces of the United States (2017-2021)",
         "Military Forces of Pakistan (2018-)", "NATO: North Atlantic Treaty Organization",
         "Military Forces of Iran (1989-)"),
        120, 80,
        ("Pajhwok Afghan News|National", "TOLOnews|National", "Khaama Press|National",
         "Ariana News|National", "Afghanistan Times|National", "Hasht-e Subh|National",
         "Afghan Islamic Press|National", "Voice of Jihad|Other"),
        eras=(("2021-08-15", "Military Forces of Afghanistan (2004-2021)",
               "Military Forces of Afghanistan (2021-)"),
              ("2021-08-15", "Police Forces of Afghanistan (2004-2021)",
               "Police Forces of Afghanistan (2021-)")),
    ),
    _Country(
        "TUR", "Turkey", 792, _ME, 0.06,
        (1.0, 0.7, 0.6, 0.6, 0.55, 0.5, 0.5, 0.55, 0.5),
        (("2016-07-16", 5, 2.5), ("2016-04-01", 60, 0.5)),
        (0.8, 0.5, 0.5, 2.5, 0.3, 1.2),
        0.6, 400, "turkish",
        ("Military Forces of Turkey (2002-)", "Police Forces of Turkey (2002-)",
         "Gendarmerie of Turkey (2002-)"),
        ("PKK: Kurdistan Workers Party", "Islamic State (Turkey)"),
        ("Unidentified Armed Group (Turkey)", "DHKP-C: Revolutionary People's Liberation Party"),
        ("Unidentified Clan Militia (Turkey)",),
        (),
        30, 10,
        ("Anadolu Agency|National", "ANF|Subnational", "Hurriyet|National", "Bianet|National",
         "Mezopotamya Agency|Subnational", "Evrensel|National", "Duvar English|National",
         "Turkish Minute|National"),
    ),
    _Country(
        "PSE", "Palestine", 275, _ME, 0.05,
        (0.6, 0.5, 0.6, 0.55, 0.5, 0.7, 0.8, 1.0, 1.2),
        (("2018-05-14", 30, 1.0), ("2021-05-15", 10, 2.5), ("2023-10-20", 45, 2.5)),
        (0.5, 0.6, 1.5, 1.5, 3.0, 1.5),
        1.0, 150, "arab",
        ("Police Forces of Palestine (2007-) Palestinian Authority",
         "Police Forces of Palestine (2007-) Hamas Government"),
        ("Hamas Movement", "Palestinian Islamic Jihad", "Al Aqsa Martyrs Brigade", "Lions' Den"),
        ("Unidentified Armed Group (Palestine)",),
        ("Settlers (Israel)", "Unidentified Clan Militia (Palestine)"),
        ("Military Forces of Israel (2022-)", "Police Forces of Israel (2022-)"),
        40, 20,
        ("WAFA|National", "Ma'an News Agency|National", "Palestinian Information Center|National",
         "Times of Israel|Regional", "Haaretz|Regional", "Palestine Chronicle|National",
         "Quds News Network|National"),
    ),
    _Country(
        "ISR", "Israel", 376, _ME, 0.02,
        (0.3, 0.3, 0.4, 0.4, 0.5, 0.6, 0.6, 0.8, 1.0),
        (("2023-03-15", 60, 1.0), ("2023-10-15", 30, 2.0), ("2024-04-14", 2, 3.0)),
        (0.2, 1.5, 0.8, 2.5, 0.8, 0.8),
        0.6, 150, "hebrew",
        ("Military Forces of Israel (2022-)", "Police Forces of Israel (2022-)"),
        ("Hamas Movement", "Palestinian Islamic Jihad"),
        ("Unidentified Armed Group (Israel)",),
        ("Unidentified Clan Militia (Israel)",),
        ("Hezbollah", "Military Forces of Iran (1989-)", "Houthi Movement"),
        15, 5,
        ("Times of Israel|National", "Haaretz|National", "Ynet|National",
         "Jerusalem Post|National", "Israel Hayom|National", "Arutz Sheva|National"),
    ),
    _Country(
        "LBN", "Lebanon", 422, _ME, 0.03,
        (0.3, 0.3, 0.3, 0.6, 0.7, 0.5, 0.4, 0.7, 1.0),
        (("2019-10-25", 25, 3.0), ("2024-10-01", 45, 3.0), ("2020-08-08", 5, 2.0)),
        (0.3, 2.0, 0.5, 2.0, 1.2, 0.8),
        0.8, 150, "arab",
        ("Military Forces of Lebanon (2016-)", "Police Forces of Lebanon (2016-)"),
        (),
        ("Hezbollah", "Unidentified Armed Group (Lebanon)", "Amal Movement", "Lebanese Forces"),
        ("Unidentified Clan Militia (Lebanon)",),
        ("Military Forces of Israel (2022-)", "Military Forces of Syria (2000-2024)",
         "UNIFIL: United Nations Interim Force in Lebanon"),
        40, 15,
        ("NNA|National", "L'Orient-Le Jour|National", "Naharnet|National",
         "Al Akhbar (Lebanon)|National", "The Daily Star (Lebanon)|National", "LBCI|National"),
    ),
    _Country(
        "IRN", "Iran", 364, _ME, 0.04,
        (0.3, 0.4, 0.6, 0.6, 0.5, 0.6, 1.0, 0.6, 0.5),
        (("2018-01-01", 7, 3.0), ("2019-11-17", 7, 3.0), ("2022-10-15", 45, 3.0)),
        (0.4, 0.1, 1.0, 3.0, 1.5, 1.0),
        0.6, 300, "persian",
        ("Military Forces of Iran (1989-)", "Police Forces of Iran (1989-)",
         "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps",
         "Military Forces of Iran (1989-) Basij"),
        ("Jaish al-Adl", "PJAK: Free Life Party of Kurdistan",
         "KDPI: Democratic Party of Iranian Kurdistan"),
        ("Unidentified Armed Group (Iran)",),
        ("Baloch Ethnic Militia (Iran)", "Kurdish Ethnic Militia (Iran)"),
        ("Military Forces of Israel (2022-)",),
        30, 20,
        ("HRANA|Other", "Iran International|International", "IRNA|National", "Hengaw|Other",
         "Kurdistan Human Rights Network|Other", "Radio Farda|International",
         "Fars News Agency|National", "Haalvsh|Subnational"),
    ),
    _Country(
        "EGY", "Egypt", 818, _NA, 0.015,
        (0.9, 0.8, 0.6, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4),
        (("2019-09-21", 3, 2.0),),
        (1.0, 0.4, 1.0, 1.5, 0.5, 1.0),
        1.0, 200, "arab",
        ("Military Forces of Egypt (2014-)", "Police Forces of Egypt (2014-)"),
        ("Islamic State (Egypt)", "Hasm Movement"),
        ("Unidentified Armed Group (Egypt)",),
        ("Unidentified Clan Militia (Egypt)", "Sinai Tribal Union"),
        (),
        40, 20,
        ("Ahram Online|National", "Mada Masr|National", "Egypt Independent|National",
         "Sinai Foundation for Human Rights|Subnational", "Al Masry Al Youm|National"),
    ),
    _Country(
        "SAU", "Saudi Arabia", 682, _ME, 0.012,
        (0.6, 0.6, 0.8, 0.9, 0.9, 1.0, 0.5, 0.3, 0.3),
        (("2019-09-14", 5, 1.5),),
        (0.5, 3.0, 0.5, 0.3, 0.1, 1.5),
        0.5, 150, "arab",
        ("Military Forces of Saudi Arabia (2015-)", "Police Forces of Saudi Arabia (2015-)"),
        (),
        ("Unidentified Armed Group (Saudi Arabia)",),
        ("Unidentified Tribal Militia (Saudi Arabia)",),
        ("Houthi Movement",),
        20, 10,
        ("Saudi Press Agency|National", "Arab News|National", "Al Arabiya|Regional",
         "Okaz|National", "Al Masirah|Regional"),
    ),
    _Country(
        "JOR", "Jordan", 400, _ME, 0.007,
        (0.6, 0.6, 0.8, 0.8, 0.7, 0.7, 0.7, 0.8, 1.0),
        (("2018-06-03", 5, 2.0), ("2023-10-20", 40, 1.5)),
        (0.3, 0.1, 0.5, 3.5, 0.8, 1.5),
        0.4, 100, "arab",
        ("Military Forces of Jordan (1999-)", "Police Forces of Jordan (1999-)"),
        (),
        ("Unidentified Armed Group (Jordan)",),
        ("Unidentified Tribal Militia (Jordan)",),
        (),
        15, 15,
        ("Jordan Times|National", "Roya News|National", "Petra News Agency|National",
         "Ammon News|National"),
    ),
    _Country(
        "BHR", "Bahrain", 48, _ME, 0.006,
        (0.7, 0.6, 0.5, 0.5, 0.4, 0.4, 0.4, 0.5, 0.5),
        (),
        _GULF_MIX,
        0.3, 60, "arab",
        ("Police Forces of Bahrain (1999-)", "Military Forces of Bahrain (1999-)"),
        (),
        ("Unidentified Armed Group (Bahrain)", "Saraya al-Ashtar"),
        (),
        (),
        8, 0,
        ("Bahrain Mirror|National", "Al Wasat (Bahrain)|National", "Lualua TV|National",
         "Bahrain News Agency|National"),
    ),
    _Country(
        "KWT", "Kuwait", 414, _ME, 0.002,
        _FLAT,
        (),
        _GULF_MIX,
        0.3, 40, "arab",
        ("Police Forces of Kuwait (2006-)", "Military Forces of Kuwait (2006-)"),
        (),
        ("Unidentified Armed Group (Kuwait)",),
        (),
        (),
        6, 0,
        ("Kuwait Times|National", "Arab Times|National", "KUNA|National"),
    ),
    _Country(
        "OMN", "Oman", 512, _ME, 0.001,
        _FLAT,
        (),
        _GULF_MIX,
        0.3, 60, "arab",
        ("Police Forces of Oman (2020-)", "Military Forces of Oman (2020-)"),
        (),
        ("Unidentified Armed Group (Oman)",),
        (),
        (),
        6, 0,
        ("Times of Oman|National", "Muscat Daily|National", "Oman Observer|National"),
    ),
    _Country(
        "ARE", "United Arab Emirates", 784, _ME, 0.0008,
        _FLAT,
        (("2022-01-20", 7, 2.0),),
        (0.05, 0.5, 0.5, 3.0, 1.0, 1.5),
        0.3, 50, "arab",
        ("Police Forces of the United Arab Emirates (2004-)",
         "Military Forces of the United Arab Emirates (2004-)"),
        (),
        ("Unidentified Armed Group (United Arab Emirates)",),
        (),
        ("Houthi Movement",),
        5, 0,
        ("Gulf News|National", "The National (UAE)|National", "WAM|National"),
    ),
    _Country(
        "QAT", "Qatar", 634, _ME, 0.0004,
        _FLAT,
        (),
        _GULF_MIX,
        0.3, 30, "arab",
        ("Police Forces of Qatar (2013-)", "Military Forces of Qatar (2013-)"),
        (),
        ("Unidentified Armed Group (Qatar)",),
        (),
        (),
        4, 0,
        ("The Peninsula (Qatar)|National", "Qatar News Agency|National", "Doha News|National"),
    ),
)
_INTERNATIONAL = ("Reuters|International", "AFP|International", "Associated Press|International",
                  "Al Jazeera|Regional", "BBC News|International", "Xinhua|International",
                  "Anadolu Agency|Regional", "Asharq Al-Awsat|Regional", "The New Arab|Regional")
# fmt: on


# --- the codebook -------------------------------------------------------------------------

_PV, _DEM, _SD = "Political violence", "Demonstrations", "Strategic developments"
_PV_DEM = "Political violence; Demonstrations"
_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)


@dataclass(frozen=True)
class _SubEvent:
    event_type: int  # index into _TYPES
    name: str
    disorder: str
    share: float  # of all events before the country's mix
    dyads: tuple[tuple[int, int, float], ...]  # (inter1, inter2 or 0, weight)
    fatalities: float  # mean
    dispersion: float  # negative binomial's n: smaller, longer tail


# fmt: off
SUB_EVENTS: tuple[_SubEvent, ...] = (
    _SubEvent(0, "Armed clash", _PV, 14.0,
              ((1, 2, 3), (1, 3, 3), (2, 3, 1.5), (3, 3, 2), (1, 8, 0.5), (2, 8, 0.7),
               (3, 8, 0.5), (1, 4, 0.7), (3, 4, 1), (4, 4, 1.5), (2, 2, 1)),
              1.6, 0.3),
    _SubEvent(0, "Government regains territory", _PV, 0.3,
              ((1, 2, 2), (1, 3, 1)),
              2.0, 0.4),
    _SubEvent(0, "Non-state actor overtakes territory", _PV, 0.3,
              ((2, 1, 2), (3, 1, 1), (2, 3, 1), (3, 3, 0.5), (2, 0, 0.5)),
              2.0, 0.4),
    _SubEvent(1, "Chemical weapon", _PV, 0.02,
              ((1, 7, 1), (1, 2, 0.5)),
              8.0, 0.4),
    _SubEvent(1, "Air/drone strike", _PV, 10.0,
              ((1, 2, 2), (1, 3, 1), (8, 2, 2), (8, 3, 1), (1, 0, 1), (8, 0, 1), (1, 7, 1),
               (8, 7, 0.7), (2, 1, 0.5), (2, 0, 0.5)),
              1.2, 0.25),
    _SubEvent(1, "Suicide bomb", _PV, 0.3,
              ((2, 1, 1), (2, 7, 1), (3, 7, 0.3)),
              6.0, 0.5),
    _SubEvent(1, "Shelling/artillery/missile attack", _PV, 22.0,
              ((1, 2, 2), (1, 0, 3), (2, 1, 1.5), (1, 3, 1), (3, 1, 0.5), (8, 2, 0.8), (8, 0, 1),
               (2, 0, 1.5), (1, 7, 0.5), (2, 7, 0.5), (8, 1, 0.3), (3, 0, 0.6)),
              0.35, 0.15),
    _SubEvent(1, "Remote explosive/landmine/IED", _PV, 4.0,
              ((3, 1, 2), (3, 7, 2), (2, 1, 1), (3, 0, 1.5), (2, 7, 0.5), (3, 3, 0.5), (3, 8, 0.2)),
              0.8, 0.3),
    _SubEvent(1, "Grenade", _PV, 0.5,
              ((3, 7, 1), (3, 1, 0.5), (3, 0, 0.3), (1, 7, 0.2)),
              0.3, 0.3),
    _SubEvent(2, "Sexual violence", _PV, 0.1,
              ((1, 7, 1), (3, 7, 1), (2, 7, 0.3)),
              0.05, 0.5),
    _SubEvent(2, "Attack", _PV, 7.0,
              ((3, 7, 4), (1, 7, 1.5), (2, 7, 1), (4, 7, 1), (8, 7, 0.3)),
              0.9, 0.9),
    _SubEvent(2, "Abduction/forced disappearance", _PV, 2.0,
              ((3, 7, 2), (1, 7, 1.5), (2, 7, 1), (4, 7, 0.5)),
              0.0, 1.0),
    _SubEvent(3, "Peaceful protest", _DEM, 20.0,
              ((6, 0, 1),),
              0.0, 1.0),
    _SubEvent(3, "Protest with intervention", _DEM, 2.0,
              ((6, 1, 1),),
              0.0, 1.0),
    _SubEvent(3, "Excessive force against protesters", _PV_DEM, 0.3,
              ((6, 1, 1),),
              0.6, 0.3),
    _SubEvent(4, "Violent demonstration", _DEM, 3.0,
              ((5, 0, 2), (5, 1, 1), (5, 5, 0.2), (5, 7, 0.3)),
              0.02, 0.2),
    _SubEvent(4, "Mob violence", _PV_DEM, 0.8,
              ((5, 7, 2), (5, 5, 0.3), (5, 1, 0.3)),
              0.3, 0.3),
    _SubEvent(5, "Agreement", _SD, 0.3,
              ((1, 2, 1), (2, 3, 1), (1, 3, 1), (1, 8, 0.5)),
              0.0, 1.0),
    _SubEvent(5, "Arrests", _SD, 1.5,
              ((1, 6, 1), (1, 7, 2), (1, 3, 1), (1, 2, 0.5), (2, 7, 0.3)),
              0.0, 1.0),
    _SubEvent(5, "Change to group/activity", _SD, 1.5,
              ((1, 0, 1), (2, 0, 1), (3, 0, 1), (3, 3, 0.3)),
              0.0, 1.0),
    _SubEvent(5, "Disrupted weapons use", _SD, 2.0,
              ((1, 0, 2), (8, 0, 1), (1, 2, 1), (8, 2, 1), (1, 3, 0.5), (2, 0, 0.5)),
              0.05, 0.2),
    _SubEvent(5, "Headquarters or base established", _SD, 0.2,
              ((2, 0, 1), (3, 0, 1), (8, 0, 0.5)),
              0.0, 1.0),
    _SubEvent(5, "Looting/property destruction", _SD, 1.5,
              ((1, 7, 1), (3, 7, 1.5), (2, 7, 0.5), (4, 7, 0.3), (3, 0, 0.5), (5, 7, 0.3)),
              0.0, 1.0),
    _SubEvent(5, "Non-violent transfer of territory", _SD, 0.3,
              ((2, 0, 0.5), (3, 0, 0.5), (1, 3, 0.5), (2, 3, 1), (1, 2, 0.3)),
              0.0, 1.0),
    _SubEvent(5, "Other", _SD, 0.6,
              ((1, 0, 1), (3, 0, 0.5), (1, 7, 0.5), (8, 0, 0.3)),
              0.0, 1.0),
)
# fmt: on

# How the notes tell each sub-event: {A}/{B} the actors as a sentence names them, {L} the
# location, {R} its admin-1 region, {D} and {E} a detail drawn from the lists beside it.
# A variant whose text has {B} serves only events with a second actor, and vice versa.
# fmt: off
_NOTES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Armed clash": (
        ("On {date}, {A} clashed with {B} in {L} ({R}){D}.",
         "On {date}, fighting broke out between {A} and {B} near {L} ({R}){D}."),
        ("", " using medium and heavy weapons", " on the outskirts of the town",
         " near a military position", " after an attack on a checkpoint",
         " during a raid on the village"),
        (),
    ),
    "Government regains territory": (
        ("On {date}, {A} regained control of {L} ({R}) from {B}{D}.",),
        ("", " after several days of fighting", " following heavy clashes", " with air support"),
        (),
    ),
    "Non-state actor overtakes territory": (
        ("On {date}, {A} took control of {L} ({R}) from {B}{D}.",
         "On {date}, {A} seized {L} ({R}){D}."),
        ("", " after the withdrawal of the local garrison", " following an overnight assault"),
        (),
    ),
    "Chemical weapon": (
        ("On {date}, {A} reportedly used chemical weapons against {B} in {L} ({R}){D}.",),
        ("", ", causing cases of suffocation", " with munitions containing chlorine"),
        (),
    ),
    "Air/drone strike": (
        ("On {date}, {A} carried out {D} targeting {B} in {L} ({R}).",
         "On {date}, {A} carried out {D} on {L} ({R}), hitting farmland and several houses."),
        ("an air strike", "a drone strike", "several air strikes", "a drone strike on a vehicle",
         "air strikes on positions"),
        (),
    ),
    "Suicide bomb": (
        ("On {date}, a suicide bomber of {A} detonated {D} targeting {B} in {L} ({R}).",),
        ("an explosive belt", "a car bomb (VBIED)", "an explosive vest"),
        (),
    ),
    "Shelling/artillery/missile attack": (
        ("On {date}, {A} shelled positions of {B} in {L} ({R}) {D}.",
         "On {date}, {A} shelled {L} ({R}) {D}. Material damage was reported."),
        ("with artillery", "with rockets", "with mortars", "with heavy weapons", "with missiles"),
        (),
    ),
    "Remote explosive/landmine/IED": (
        ("On {date}, an IED planted by {A} exploded targeting {B} in {L} ({R}){D}.",
         "On {date}, an IED planted by {A} exploded in {L} ({R}){D}."),
        ("", " on a main road", " near a market", " as a patrol passed"),
        (),
    ),
    "Grenade": (
        ("On {date}, {A} threw a hand grenade at {B} in {L} ({R}){D}.",
         "On {date}, {A} threw a hand grenade at a house in {L} ({R}){D}."),
        ("", " during a dispute", " at night"),
        (),
    ),
    "Sexual violence": (
        ("On {date}, {A} sexually assaulted a woman among {B} in {L} ({R}){D}.",),
        ("", " at a checkpoint", " during a raid on her home"),
        (),
    ),
    "Attack": (
        ("On {date}, {A} {D} {B} in {L} ({R}){E}.",),
        ("shot at", "attacked", "opened fire on", "assaulted", "fired on a car carrying"),
        ("", " over a personal dispute", " for unknown reasons", " near their home",
         " at a checkpoint"),
    ),
    "Abduction/forced disappearance": (
        ("On {date}, {A} abducted {B} in {L} ({R}){D}.",),
        (" from their home", " and took them to an unknown location", " at a checkpoint",
         " during a raid on the neighbourhood"),
        (),
    ),
    "Peaceful protest": (
        ("On {date}, {A} held a demonstration in {L} ({R}) {D}.",
         "On {date}, {A} gathered in front of the governorate building in {L} ({R}) {D}."),
        ("to demand better public services", "against corruption and unemployment",
         "in solidarity with Gaza", "to denounce rising prices",
         "calling for the release of detainees", "against power cuts",
         "demanding unpaid salaries", "against the government's policies",
         "to commemorate the victims of a recent attack", "against water shortages"),
        (),
    ),
    "Protest with intervention": (
        ("On {date}, {A} protested in {L} ({R}) {D}. {B} dispersed the protest{E}.",),
        ("against corruption and unemployment", "demanding unpaid salaries", "against power cuts",
         "against the government's policies"),
        ("", " with tear gas", " and arrested several people", " with water cannons"),
    ),
    "Excessive force against protesters": (
        ("On {date}, {B} opened fire on {A} protesting in {L} ({R}) {D}.",),
        ("against corruption and unemployment", "demanding the fall of the government",
         "against the killing of a young man"),
        (),
    ),
    "Violent demonstration": (
        ("On {date}, {A} {D} in {L} ({R}) {E}.",),
        ("blocked roads and burned tyres", "threw stones at security forces",
         "stormed a government building", "set fire to a party office"),
        ("to protest against power cuts", "after the arrest of a local man",
         "against the results of the elections", "demanding jobs"),
    ),
    "Mob violence": (
        ("On {date}, a mob of {A} attacked {B} in {L} ({R}){D}.",
         "On {date}, {A} attacked and beat {B} in {L} ({R}){D}."),
        ("", " over a land dispute", " following a quarrel", " accusing them of theft"),
        (),
    ),
    "Agreement": (
        ("On {date}, {A} and {B} reached an agreement in {L} ({R}) {D}.",),
        ("on a ceasefire", "on the exchange of prisoners", "to hand over positions",
         "to reopen the main road"),
        (),
    ),
    "Arrests": (
        ("On {date}, {A} arrested {D} of {B} in {L} ({R}){E}.",),
        ("several people", "a number of people", "two people", "at least five people"),
        ("", " during a security campaign", " on charges of terrorism", " at a checkpoint"),
    ),
    "Change to group/activity": (
        ("On {date}, {A} {D} in {L} ({R}){E}.",),
        ("imposed a curfew", "deployed reinforcements", "held a military parade",
         "announced the formation of a new unit", "closed the main crossing"),
        (" following recent attacks in the area", " ahead of planned operations",
         " for security reasons", " amid rising tensions with rival groups"),
    ),
    "Disrupted weapons use": (
        ("On {date}, {A} {D} in {L} ({R}){E}.",
         "On {date}, {A} {D} belonging to {B} in {L} ({R}){E}."),
        ("defused an IED", "intercepted a drone", "seized a weapons cache",
         "dismantled explosive devices", "shot down a drone"),
        (" before it could cause any harm", " near a military position", " on the main road",
         " during a search operation"),
    ),
    "Headquarters or base established": (
        ("On {date}, {A} established a new base in {L} ({R}){D}.",),
        ("", " near the main road", " in a former school building"),
        (),
    ),
    "Looting/property destruction": (
        ("On {date}, {A} {D} belonging to {B} in {L} ({R}){E}.",
         "On {date}, {A} {D} in {L} ({R}){E}."),
        ("looted shops", "burned houses", "demolished homes", "destroyed farmland",
         "seized property"),
        (" during a raid on the area", " after taking control of the area", " as residents fled",
         " in retaliation for a recent attack"),
    ),
    "Non-violent transfer of territory": (
        ("On {date}, {A} handed over {L} ({R}) to {B}{D}.",
         "On {date}, {A} entered {L} ({R}) without fighting{D}."),
        ("", " under a local agreement", " after the withdrawal of rival forces"),
        (),
    ),
    "Other": (
        ("On {date}, {A} {D} in {L} ({R}).", "On {date}, {A} {D} involving {B} in {L} ({R})."),
        ("carried out a search operation", "held a meeting with tribal elders",
         "reported an incident", "conducted a security sweep"),
        (),
    ),
}
# fmt: on
# The fatality sentence after the note, by (0, 1, more) fatalities and a variant.
# fmt: off
_FATAL_PRE = ((" No fatalities were reported.", " No casualties were reported.", ""),
              (" 1 person was killed.", " One fatality was reported.", " 1 fatality."),
              (" ", " ", " At least "))
_FATAL_POST = (("", "", ""), ("", "", ""),
               (" people were killed.", " fatalities were reported.", " people were killed."))
_CROWDS = ("crowd size=no report", "crowd size=no report", "crowd size=no report",
           "crowd size=no report", "crowd size=dozens", "crowd size=around 100",
           "crowd size=hundreds", "crowd size=thousands", "crowd size=more than 50",
           "crowd size=around 20", "crowd size=large")
_PROTEST_GROUPS = ("Labor Group", "Teachers", "Students", "Women", "Health Workers", "Lawyers",
                   "Farmers", "Journalists", "Refugees/IDPs", "Sunni Muslim Group",
                   "Shia Muslim Group", "Kurdish Ethnic Group", "Retirees", "Merchants",
                   "Prisoners' Families")
_CIVILIAN_GROUPS = ("Women", "Children", "Farmers", "Journalists", "Health Workers",
                    "Refugees/IDPs", "Shepherds", "Aid Workers", "Fishers", "Labor Group")
# fmt: on


# --- made-up names ------------------------------------------------------------------------

# fmt: off
_STEMS = {
    "arab": (("Ham", "Zay", "Sal", "Kar", "Nas", "Jab", "Far", "Rash", "Mah", "Qud", "Sab", "Dar",
              "Tah", "Wal", "Kha", "Baq", "Had", "Jar", "Shu", "Mun", "Ras", "Zub", "Ghaz",
              "Najm", "Tam", "Fad", "Ruk", "Ghan", "Mash", "Qar"),
             ("ad", "ir", "an", "ur", "ah", "id", "im", "ar", "aj", "ush", "iya", "ra", "un",
              "al", "ayn", "at"),
             ("Al ", "Tal ", "Kafr ", "Deir ", "Ain ", "Bir ", "Khirbet ", "Jabal ", "Umm ",
              "Abu ", "Ras ", "Beit ", "Qaryat ", "", "", "", "")),
    "persian": (("Deh", "Kal", "Sar", "Bag", "Shir", "Mir", "Gol", "Zar", "Kuh", "Now", "Par",
                 "Ab", "Rud", "Khosh", "Dar", "Tak", "Jan", "Gar", "Far", "Mah"),
                ("abad", "an", "ak", "gah", "shahr", "van", "kan", "dasht", "rud", "zar", "in"),
                ("", "", "", "Deh-e ", "Qal'eh-ye ", "Kalateh-ye ", "Chah-e ")),
    "afghan": (("Kar", "Sang", "Shah", "Gul", "Zar", "Nur", "Mir", "Khan", "Dost", "Bagh", "Spin",
                "Tor", "Sur", "Qad", "Jal", "Pir", "Mush", "Shin"),
               ("abad", "khel", "zai", "kot", "ghar", "dara", "bagh", "ak", "an", "i"),
               ("", "", "", "Qala-i-", "Deh-e ", "Kariz-e ")),
    "turkish": (("Kara", "Yeni", "Ak", "Kızıl", "Çam", "Yazı", "Sarı", "Koca", "Gök", "Taş",
                 "Demir", "Yıldız", "Bağ", "Göl", "Orta", "Aşağı", "Yukarı", "Kuş"),
                ("köy", "tepe", "dere", "pınar", "ova", "kent", "yurt", "lı", "ca", "su", "bağ",
                 "kaya"),
                ("", "")),
    "hebrew": (("Sha", "Ela", "Ora", "Yar", "Tal", "Gil", "Ner", "Dan", "Mor", "Ezr", "Hod", "Ram"),
               ("on", "im", "it", "a", "el", "ot", "ya"),
               ("Kfar ", "Ramat ", "Givat ", "Neve ", "Mitzpe ", "Beit ", "Kiryat ", "", "")),
}
_MILITIA_FORMS = ("Liwa {S}", "Kataib {S}", "Saraya {S}", "Jaysh {S}", "{S} Brigade",
                  "{S} Battalion", "Ahrar {S}", "Ansar {S}", "Sons of {P}", "{P} Revolutionaries",
                  "{S} Martyrs Brigade", "{P} Local Defense Group")
_OTHER_MILITIA_FORMS = {
    "afghan": ("{S} Uprising Forces", "{P} Local Militia", "Arbaki of {P}", "{S} Front",
               "{S} Group"),
    "persian": ("{S} Group", "Ansar-e {S}", "{P} Armed Group", "{S} Front"),
    "turkish": ("{S} Group", "{P} Village Guards", "{S} Front", "{P} Armed Group"),
    "hebrew": ("{S} Hilltop Youth", "{P} Settler Group", "{S} Group"),
}
_IDENTITY_FORMS = ("{S} Tribal Militia ({C})", "{S} Clan Militia ({C})",
                   "Al {S} Tribal Militia ({C})", "Bani {S} Tribal Militia ({C})")
# fmt: on


def _words(rng: np.random.Generator, flavour: str, count: int, *, prefixed: bool) -> list[str]:
    """count distinct made-up names in the style of flavour (a place or a group)."""
    heads, tails, prefixes = _STEMS[flavour]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        word = str(rng.choice(heads)) + str(rng.choice(tails))
        if rng.random() < 0.35:
            word += str(rng.choice(tails)).lower()
        if prefixed:
            word = str(rng.choice(prefixes)) + word
        if word not in seen:
            seen.add(word)
            names.append(word)
    return names


# --- the world: places, actors, sources, built once per seed -----------------------------


@dataclass(frozen=True)
class _World:
    countries: tuple[_Country, ...]
    cell_p: np.ndarray  # (days, countries): probability of an event on that day there
    template_p: np.ndarray  # (countries, templates)
    template_sub: np.ndarray  # sub-event of each template
    template_inter: np.ndarray  # (templates, 2)
    loc_offset: np.ndarray
    loc_size: np.ndarray
    loc_admin1: pa.Array
    loc_admin2: pa.Array
    loc_admin3: pa.Array
    loc_name: pa.Array
    loc_lat: np.ndarray
    loc_lon: np.ndarray
    names: pa.Array  # every actor and associated-actor name
    labels: pa.Array  # the same as a note names them
    pool_offset: np.ndarray  # (countries, 9): where the actors of inter code i start
    pool_size: np.ndarray
    assoc_offset: np.ndarray  # (countries, 9): associated actors for an actor of inter i
    assoc_size: np.ndarray
    source_offset: np.ndarray
    source_size: np.ndarray
    sources: pa.Array
    source_scales: pa.Array
    id_base: np.ndarray
    eras: tuple[tuple[int, int, int, int], ...]  # (country, first day, actor before, after)


def _admin1_regions(data_dir: Path) -> dict[str, list[tuple[str, str, shapely.Geometry]]]:
    """Each country's admin-1 (code, name, polygon), from the boundary file of data_dir."""
    import geopandas as gpd

    frame = gpd.read_file(data_dir / "geo" / "admin1.geojson")
    regions: dict[str, list[tuple[str, str, shapely.Geometry]]] = {}
    for code, iso3, name, geometry in zip(
        frame["adm1_code"], frame["iso3"], frame["name"], frame.geometry
    ):
        if name in _NOT_ADMIN1 or geometry is None or geometry.is_empty:
            continue
        regions.setdefault(iso3, []).append((code, name, geometry))
    return regions


def _points_inside(
    rng: np.random.Generator, polygon: shapely.Geometry, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """count points inside polygon, at ACLED's 4 decimals (checked after rounding)."""
    shapely.prepare(polygon)
    minx, miny, maxx, maxy = polygon.bounds
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    found = 0
    while found < count:
        x = np.round(rng.uniform(minx, maxx, 4 * count + 16), 4)
        y = np.round(rng.uniform(miny, maxy, 4 * count + 16), 4)
        inside = shapely.contains_xy(polygon, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        found += int(inside.sum())
    return np.concatenate(ys)[:count], np.concatenate(xs)[:count]


def _nearest(lat: np.ndarray, lon: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """The index into seeds of the nearest seed point of each point."""
    d = (lat[:, None] - lat[seeds][None, :]) ** 2 + (lon[:, None] - lon[seeds][None, :]) ** 2
    return seeds[np.argmin(d, axis=1)]


def _places(data_dir: Path) -> dict[str, list[tuple[str, float, float]]]:
    """Real cities of data/places.csv by admin-1 code: (name, lat, lon)."""
    path = data_dir / "places.csv"
    if not path.exists():
        return {}
    places = pd.read_csv(path, dtype=str, keep_default_na=False)
    cities: dict[str, list[tuple[str, float, float]]] = {}
    for row in places.itertuples():
        if row.kind == "city" and row.admin1:
            cities.setdefault(row.admin1, []).append((row.name, float(row.lat), float(row.lon)))
    return cities


def _locations(rng: np.random.Generator, country: _Country, regions, cities) -> dict:
    """A country's places: names, admin 1-3 and coordinates, most eventful first."""
    areas = np.array([geometry.area for _code, _name, geometry in regions])
    share = np.sqrt(areas) / np.sqrt(areas).sum()
    counts = np.maximum(1, np.round(share * country.locations)).astype(int)
    names = _words(rng, country.flavour, int(counts.sum()) + 50, prefixed=True)
    rows: dict[str, list] = {k: [] for k in ("name", "admin1", "admin2", "admin3", "lat", "lon")}
    real_rows: list[int] = []
    used = 0
    for (code, region, geometry), count in zip(regions, counts):
        lat, lon = _points_inside(rng, geometry, int(count))
        region_names = names[used : used + count]
        used += count
        real_here = 0
        for city, city_lat, city_lon in cities.get(code, []):
            if shapely.contains_xy(geometry, round(city_lon, 4), round(city_lat, 4)):
                region_names.insert(0, city)
                lat = np.insert(lat, 0, round(city_lat, 4))
                lon = np.insert(lon, 0, round(city_lon, 4))
                real_here += 1
        real_rows += range(len(rows["name"]), len(rows["name"]) + real_here)
        k = len(region_names)
        # Districts named for their chief place, as ACLED's admin2 often are.
        district = _nearest(lat, lon, np.arange(max(1, round(k / 8))))
        sub = _nearest(lat, lon, np.arange(max(1, round(k / 3))))
        rows["name"] += region_names
        rows["admin1"] += [region] * k
        rows["admin2"] += [region_names[i] for i in district]
        if country.iso3 in ("SYR", "YEM"):
            rows["admin3"] += [region_names[i] for i in sub]
        else:
            rows["admin3"] += [None] * k
        rows["lat"] += list(lat)
        rows["lon"] += list(lon)
    # The order is the popularity: real cities first, then chance.
    real = set(real_rows)
    rest = [i for i in rng.permutation(len(rows["name"])).tolist() if i not in real]
    order = real_rows + rest
    return {k: [v[i] for i in order] for k, v in rows.items()}


def _label(name: str, inter: int) -> str:
    """An actor as a sentence of the notes names it."""
    if inter == 7:
        return "civilians"
    if inter == 6:
        return "protesters"
    if inter == 5:
        return "rioters"
    if name.startswith("Unidentified"):
        return "an unidentified " + re.sub(r"^Unidentified | \(.*\)$", "", name).lower()
    return re.sub(r" \([^()]*\)$", "", re.sub(r" \(\d{4}-(\d{4})?\)", "", name))


def _daily_weights(country: _Country, rng: np.random.Generator) -> np.ndarray:
    """Relative chance of an event on each day: the yearly trend times bursts."""
    t = np.arange(_DAYS, dtype=float)
    mid_year = np.array([(date(y, 7, 1) - FIRST_DAY).days for y in range(2016, 2025)], float)
    weights = np.interp(t, mid_year, np.array(country.yearly))
    surge = np.ones(_DAYS)
    for centre, width, amplitude in country.bursts:
        c = (date.fromisoformat(centre) - FIRST_DAY).days
        surge += amplitude * np.exp(-0.5 * ((t - c) / width) ** 2)
    # Short flare-ups nobody scheduled: a few days of two to four times the usual.
    for c, width, amplitude in zip(
        rng.integers(0, _DAYS, 14), rng.uniform(1, 6, 14), rng.uniform(0.5, 3.0, 14)
    ):
        surge += amplitude * np.exp(-0.5 * ((t - c) / width) ** 2)
    weights = weights * surge * rng.gamma(8.0, 1 / 8.0, _DAYS)  # day-to-day noise
    return weights / weights.sum()


@functools.lru_cache(maxsize=4)
def _world(seed: int, data_dir: Path) -> _World:
    """Everything that does not change from event to event, drawn once for a seed."""
    rng = np.random.default_rng([seed, 1])
    regions = _admin1_regions(data_dir)
    cities = _places(data_dir)
    countries = tuple(c for c in COUNTRIES if c.iso3 in regions)
    if not countries:
        raise ValueError(f"no admin-1 regions of the mapped countries in {data_dir}")
    shares = np.array([c.share for c in countries])
    shares /= shares.sum()
    cell_p = np.stack([_daily_weights(c, rng) for c in countries], axis=1) * shares

    # Templates: one per (sub-event, dyad); each country weighs them by its mix.
    template_sub, template_inter, weights = [], [], []
    for s, sub in enumerate(SUB_EVENTS):
        total = sum(w for _i, _j, w in sub.dyads)
        for i, j, w in sub.dyads:
            template_sub.append(s)
            template_inter.append((i, j))
            weights.append(sub.share * w / total)

    names: list[str] = []
    labels: list[str] = []
    pool_offset = np.zeros((len(countries), 9), np.int64)
    pool_size = np.zeros((len(countries), 9), np.int64)
    assoc_offset = np.zeros((len(countries), 9), np.int64)
    assoc_size = np.zeros((len(countries), 9), np.int64)
    locs: dict[str, list] = {k: [] for k in ("name", "admin1", "admin2", "admin3", "lat", "lon")}
    loc_offset, loc_size = [], []
    sources: list[str] = []
    scales: list[str] = []
    source_offset, source_size = [], []
    template_p = np.zeros((len(countries), len(template_sub)))
    eras: list[tuple[int, int, int, int]] = []

    for c, country in enumerate(countries):
        places = _locations(rng, country, regions[country.iso3], cities)
        loc_offset.append(len(locs["name"]))
        loc_size.append(len(places["name"]))
        for k in locs:
            locs[k] += places[k]

        stems = _words(rng, country.flavour, country.generated_militias + 40, prefixed=False)
        place_names = places["name"]
        forms = _OTHER_MILITIA_FORMS.get(country.flavour, _MILITIA_FORMS)
        militias = list(country.militias)
        for n in range(country.generated_militias):
            form = forms[int(rng.integers(len(forms)))]
            militias.append(form.format(S=stems[n], P=place_names[n % len(place_names)]))
        identity = list(country.identity)
        tribes = _words(rng, country.flavour, country.generated_identity, prefixed=False)
        for tribe in tribes:
            form = _IDENTITY_FORMS[int(rng.integers(len(_IDENTITY_FORMS)))]
            identity.append(form.format(S=tribe, C=country.name))
        pools = {
            1: list(country.state),
            2: list(country.rebels),
            3: list(dict.fromkeys(militias)),
            4: list(dict.fromkeys(identity)),
            5: [f"Rioters ({country.name})"],
            6: [f"Protesters ({country.name})"],
            7: [f"Civilians ({country.name})"],
            8: list(country.external),
        }
        for inter, pool in pools.items():
            pool_offset[c, inter] = len(names)
            pool_size[c, inter] = len(pool)
            names += pool
            labels += [_label(name, inter) for name in pool]
        # Associated actors: groups of people for protesters, rioters and civilians, the
        # country's own armed groups for armed actors.
        people = len(names)
        groups = [f"{g} ({country.name})" for g in _PROTEST_GROUPS]
        names += groups
        labels += groups
        victims = len(names)
        names += [f"{g} ({country.name})" for g in _CIVILIAN_GROUPS]
        labels += [f"{g} ({country.name})" for g in _CIVILIAN_GROUPS]
        for inter in (5, 6):
            assoc_offset[c, inter], assoc_size[c, inter] = people, len(_PROTEST_GROUPS)
        assoc_offset[c, 7], assoc_size[c, 7] = victims, len(_CIVILIAN_GROUPS)
        for inter in (1, 2, 3, 4, 8):
            assoc_offset[c, inter] = pool_offset[c, 3]
            assoc_size[c, inter] = pool_size[c, 3] + pool_size[c, 4]
        assoc_offset[c, 1], assoc_size[c, 1] = pool_offset[c, 1], pool_size[c, 1]

        for first_day, before, after in country.eras:
            eras.append(
                (
                    c,
                    (date.fromisoformat(first_day) - FIRST_DAY).days,
                    names.index(before),
                    len(names),
                )
            )
            names.append(after)
            labels.append(_label(after, 1))
        mix = np.array(country.mix)
        for t, (s, (i, j)) in enumerate(zip(template_sub, template_inter)):
            sub = SUB_EVENTS[s]
            usable = pool_size[c, i] > 0 and (j == 0 or pool_size[c, j] > 0)
            if sub.name == "Chemical weapon" and country.iso3 != "SYR":
                usable = False
            template_p[c, t] = weights[t] * mix[sub.event_type] if usable else 0.0
        template_p[c] /= template_p[c].sum()

        outlets = list(country.outlets) + list(_INTERNATIONAL)
        source_offset.append(len(sources))
        source_size.append(60)
        for _ in range(60):
            k = int(rng.choice([1, 2, 3], p=[0.55, 0.35, 0.10]))
            picked = list(
                dict.fromkeys(outlets[int(len(outlets) ** rng.random()) - 1] for _ in range(k))
            )
            sources.append("; ".join(p.split("|")[0] for p in picked))
            scale = list(dict.fromkeys(p.split("|")[1] for p in picked))
            scales.append("-".join(scale))

    return _World(
        countries=countries,
        cell_p=cell_p,
        template_p=template_p,
        template_sub=np.array(template_sub),
        template_inter=np.array(template_inter),
        loc_offset=np.array(loc_offset),
        loc_size=np.array(loc_size),
        loc_admin1=pa.array(locs["admin1"], pa.string()),
        loc_admin2=pa.array(locs["admin2"], pa.string()),
        loc_admin3=pa.array(locs["admin3"], pa.string()),
        loc_name=pa.array(locs["name"], pa.string()),
        loc_lat=np.array(locs["lat"]),
        loc_lon=np.array(locs["lon"]),
        names=pa.array(names, pa.string()),
        labels=pa.array(labels, pa.string()),
        pool_offset=pool_offset,
        pool_size=pool_size,
        assoc_offset=assoc_offset,
        assoc_size=assoc_size,
        source_offset=np.array(source_offset),
        source_size=np.array(source_size),
        sources=pa.array(sources, pa.string()),
        source_scales=pa.array(scales, pa.string()),
        id_base=rng.integers(1000, 20000, len(countries)),
        eras=tuple(eras),
    )


# --- the events ---------------------------------------------------------------------------


def _plan(world: _World, events: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day, country and per-country number of every event, newest first."""
    rng = np.random.default_rng([seed, 2])
    counts = rng.multinomial(events, world.cell_p.ravel() / world.cell_p.sum())
    cell = np.repeat(np.arange(counts.size), counts)  # oldest first
    day, country = np.divmod(cell, len(world.countries))
    number = np.empty(events, np.int64)
    order = np.argsort(country, kind="stable")
    starts = np.searchsorted(country[order], np.arange(len(world.countries)))
    number[order] = np.arange(events) - np.repeat(
        starts, np.bincount(country, minlength=len(starts))
    )
    number += world.id_base[country]
    return day[::-1].copy(), country[::-1].copy(), number[::-1].copy()


def _zipf(rng: np.random.Generator, offset: np.ndarray, size: np.ndarray) -> np.ndarray:
    """An index into each pool [offset, offset + size), small indices far likelier (1/k)."""
    k = np.floor((size + 1.0) ** rng.random(size.shape)).astype(np.int64) - 1
    return offset + np.clip(k, 0, np.maximum(size - 1, 0))


def _choice_rows(rng: np.random.Generator, p: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each i, an index drawn with the probabilities of row rows[i] of the table p."""
    u = rng.random(rows.size)
    chosen = np.empty(rows.size, np.int64)
    for row in np.unique(rows):
        mine = rows == row
        cumulative = np.cumsum(p[row])
        chosen[mine] = np.searchsorted(cumulative, u[mine] * cumulative[-1], side="right")
    return np.minimum(chosen, p.shape[1] - 1)


def _join(*parts) -> pa.Array:
    """Concatenate string arrays and literals element-wise."""
    return pc.binary_join_element_wise(*parts, "", null_handling="replace")


def _notes(world, rng, sub, inter2, day, a1, a2, loc, fatalities) -> pa.Array:
    """The notes column: a sentence per sub-event variant, then a fatality sentence."""
    n = sub.size
    variant = rng.integers(0, 2, n)
    pick_d = rng.random(n)
    pick_e = rng.random(n)
    a1_label = world.labels.take(pa.array(a1))
    a2_label = world.labels.take(pa.array(np.where(a2 < 0, 0, a2)))
    date_words = _DATE_WORDS.take(pa.array(day))
    loc_name = world.loc_name.take(pa.array(loc))
    admin1 = world.loc_admin1.take(pa.array(loc))
    fields = {"date": date_words, "A": a1_label, "B": a2_label, "L": loc_name, "R": admin1}
    pieces: list[pa.Array] = []
    positions: list[np.ndarray] = []
    for s, sub_event in enumerate(SUB_EVENTS):
        texts, details, extras = _NOTES[sub_event.name]
        with_b = [t for t in texts if "{B}" in t] or list(texts)
        without_b = [t for t in texts if "{B}" not in t] or list(texts)
        for has_b, choices in ((True, with_b), (False, without_b)):
            for v, text in enumerate(choices):
                rows = np.flatnonzero(
                    (sub == s) & ((inter2 > 0) == has_b) & (variant % len(choices) == v)
                )
                if rows.size == 0:
                    continue
                taken = pa.array(rows)
                parts: list = []
                for literal, field in re.findall(r"([^{]*)(?:\{(\w+)\})?", text):
                    if literal:
                        parts.append(literal)
                    if field in ("D", "E"):
                        words = details if field == "D" else extras
                        index = (pick_d if field == "D" else pick_e)[rows] * len(words)
                        parts.append(pa.array(words).take(pa.array(index.astype(np.int64))))
                    elif field:
                        parts.append(fields[field].take(taken))
                pieces.append(_join(*parts))
                positions.append(rows)
    order = np.concatenate(positions)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size)
    main = pa.concat_arrays(pieces).take(pa.array(inverse))
    bucket = np.minimum(fatalities, 2)
    style = rng.integers(0, 3, n)
    # Events that never kill say nothing of fatalities.
    style = np.where(np.array([s.fatalities for s in SUB_EVENTS])[sub] == 0, 2, style)
    pre = pa.array([p for row in _FATAL_PRE for p in row]).take(pa.array(bucket * 3 + style))
    post = pa.array([p for row in _FATAL_POST for p in row]).take(pa.array(bucket * 3 + style))
    number = pc.if_else(pa.array(bucket == 2), pc.cast(pa.array(fatalities), pa.string()), "")
    return _join(main, pre, number, post)


def _date_strings(fmt: str) -> pa.Array:
    days = [FIRST_DAY + timedelta(days=i) for i in range(_DAYS)]
    if fmt == "words":
        return pa.array([f"{d.day} {d:%B %Y}" for d in days])
    return pa.array([d.isoformat() for d in days])


_DATE_WORDS = _date_strings("words")
_DATE_ISO = _date_strings("iso")


def _assoc(world, rng, country, inter, actor, share: dict[int, float]) -> pa.Array:
    """Associated actors of one side: mostly none, else one to three joined by '; '."""
    n = country.size
    chance = np.array([share.get(i, 0.0) for i in range(9)])[inter]
    count = np.where(rng.random(n) < chance, rng.choice([1, 2, 3], n, p=[0.7, 0.2, 0.1]), 0)
    offset = world.assoc_offset[country, inter]
    size = world.assoc_size[country, inter]
    count = np.where(size > 0, count, 0)
    first = _zipf(rng, offset, size)
    first = np.where(first == actor, offset + (first - offset + 1) % np.maximum(size, 1), first)
    second = offset + (first - offset + 1 + rng.integers(0, np.maximum(size - 1, 1))) % np.maximum(
        size, 1
    )
    third = offset + (second - offset + 1) % np.maximum(size, 1)
    parts = []
    for k, index in enumerate((first, second, third)):
        valid = (count > k) & ((index != first) if k else True)
        names = world.names.take(pa.array(np.where(valid, index, 0)))
        if k:
            names = _join("; ", names)
        parts.append(pc.if_else(pa.array(valid), names, ""))
    return _join(*parts)


def _nullify_empty(array: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)


def _chunk(world: _World, day, country, number, rng: np.random.Generator) -> pa.Table:
    """One chunk of events for the planned days, countries and numbers."""
    n = day.size
    template = _choice_rows(rng, world.template_p, country)
    sub = world.template_sub[template]
    inter1 = world.template_inter[template, 0]
    inter2 = world.template_inter[template, 1]

    a1 = _zipf(rng, world.pool_offset[country, inter1], world.pool_size[country, inter1])
    a2 = _zipf(rng, world.pool_offset[country, inter2], world.pool_size[country, inter2])
    same = (inter1 == inter2) & (a1 == a2) & (world.pool_size[country, inter2] > 1)
    offset2, size2 = world.pool_offset[country, inter2], world.pool_size[country, inter2]
    a2 = np.where(same, offset2 + (a2 - offset2 + 1) % np.maximum(size2, 1), a2)
    a2 = np.where(inter2 == 0, -1, a2)
    for c, first_day, before, after in world.eras:
        later = (country == c) & (day >= first_day)
        a1 = np.where(later & (a1 == before), after, a1)
        a2 = np.where(later & (a2 == before), after, a2)
    low, high = np.minimum(inter1, inter2), np.maximum(inter1, inter2)
    interaction = np.where(inter2 == 0, inter1 * 10, low * 10 + high)

    # Places: a gentle tail (p ~ 1/sqrt(rank)), so thousands of places recur.
    size = world.loc_size[country]
    loc = world.loc_offset[country] + np.minimum(
        (size * rng.random(n) ** 2).astype(np.int64), size - 1
    )

    mean = np.array([s.fatalities for s in SUB_EVENTS])[sub]
    mean = mean * np.array([c.lethality for c in world.countries])[country]
    dispersion = np.array([s.dispersion for s in SUB_EVENTS])[sub]
    fatalities = rng.negative_binomial(dispersion, dispersion / (dispersion + mean))
    fatalities = np.minimum(fatalities, 1500).astype(np.int64)

    violent = np.array([s.disorder.startswith(_PV) for s in SUB_EVENTS])
    targeted = (inter2 == 7) & violent[sub]

    time_precision = rng.choice([1, 2, 3], n, p=[0.9, 0.08, 0.02])
    geo_precision = rng.choice([1, 2, 3], n, p=[0.78, 0.18, 0.04])

    source = world.source_offset[country] + np.minimum(
        (world.source_size[country] * rng.random(n) ** 2.5).astype(np.int64),
        world.source_size[country] - 1,
    )

    is_crowd = np.isin(np.array([s.event_type for s in SUB_EVENTS])[sub], (3, 4))
    crowd = rng.integers(0, len(_CROWDS), n)
    tags = pc.if_else(
        pa.array(is_crowd),
        pa.array(_CROWDS).take(pa.array(crowd)),
        pa.scalar(None, pa.string()),
    )
    local = (~is_crowd) & (sub == _SUB_INDEX["Attack"]) & (rng.random(n) < 0.05)
    tags = pc.if_else(pa.array(local), "local administrators", tags)

    # Last edit: a weekly upload a few days after the event, or a later revision.
    upload = _EPOCH_DAY + day + 2 + np.minimum(rng.geometric(0.2, n), 60)
    revision = _REVISION_DAYS[rng.integers(0, len(_REVISION_DAYS), n)]
    revised = (rng.random(n) < 0.25) & (revision > upload)
    timestamp = np.where(revised, revision, upload) * 86400 + rng.integers(0, 86400, n)

    iso3 = pa.array([c.iso3 for c in world.countries]).take(pa.array(country))
    columns = {
        "event_id_cnty": _join(iso3, pc.cast(pa.array(number), pa.string())),
        "event_date": _DATE_ISO.take(pa.array(day)),
        "year": pa.array(_day_years()[day]),
        "time_precision": pa.array(time_precision),
        "disorder_type": pa.array([s.disorder for s in SUB_EVENTS]).take(pa.array(sub)),
        "event_type": pa.array(_TYPES, pa.string()).take(
            pa.array(np.array([s.event_type for s in SUB_EVENTS])[sub])
        ),
        "sub_event_type": pa.array([s.name for s in SUB_EVENTS]).take(pa.array(sub)),
        "actor1": world.names.take(pa.array(a1)),
        "assoc_actor_1": _nullify_empty(_assoc(world, rng, country, inter1, a1, _ASSOC_SHARE)),
        "inter1": pa.array(inter1),
        "actor2": world.names.take(pa.array(np.maximum(a2, 0), mask=a2 < 0)),
        "assoc_actor_2": _nullify_empty(_assoc(world, rng, country, inter2, a2, _ASSOC_SHARE)),
        "inter2": pa.array(inter2),
        "interaction": pa.array(interaction),
        "civilian_targeting": pc.if_else(
            pa.array(targeted), "Civilian targeting", pa.scalar(None, pa.string())
        ),
        "iso": pa.array(np.array([c.iso for c in world.countries])[country]),
        "region": pa.array([c.region for c in world.countries]).take(pa.array(country)),
        "country": pa.array([c.name for c in world.countries]).take(pa.array(country)),
        "admin1": world.loc_admin1.take(pa.array(loc)),
        "admin2": world.loc_admin2.take(pa.array(loc)),
        "admin3": world.loc_admin3.take(pa.array(loc)),
        "location": world.loc_name.take(pa.array(loc)),
        "latitude": pa.array(world.loc_lat[loc]),
        "longitude": pa.array(world.loc_lon[loc]),
        "geo_precision": pa.array(geo_precision),
        "source": world.sources.take(pa.array(source)),
        "source_scale": world.source_scales.take(pa.array(source)),
        "notes": _notes(world, rng, sub, inter2, day, a1, a2, loc, fatalities),
        "fatalities": pa.array(fatalities),
        "tags": tags,
        "timestamp": pa.array(timestamp.astype(np.int64)),
    }
    return pa.table({name: columns[name] for name in COLUMNS})


_SUB_INDEX = {s.name: i for i, s in enumerate(SUB_EVENTS)}
_ASSOC_SHARE = {1: 0.12, 2: 0.1, 3: 0.12, 4: 0.15, 5: 0.35, 6: 0.55, 7: 0.3, 8: 0.08}
_REVISION_DAYS = np.array(
    [(date.fromisoformat(d) - date(1970, 1, 1)).days for d in _REVISIONS], np.int64
)


@functools.cache
def _day_years() -> np.ndarray:
    """The year of each day since FIRST_DAY."""
    return np.array([(FIRST_DAY + timedelta(days=i)).year for i in range(_DAYS)], np.int64)


def _tables(events: int, seed: int, data_dir: Path | None):
    """The events as pyarrow tables of up to CHUNK_ROWS rows, newest first."""
    if events < 0:
        raise ValueError("events must be zero or more")
    world = _world(seed, Path(data_dir or DEFAULT_DATA_DIR).resolve())
    day, country, number = _plan(world, events, seed)
    for k, start in enumerate(range(0, events, CHUNK_ROWS)):
        stop = start + CHUNK_ROWS
        rng = np.random.default_rng([seed, 3, k])
        yield _chunk(world, day[start:stop], country[start:stop], number[start:stop], rng)


def generate_acled(events: int, *, seed: int = 0, data_dir: Path | None = None) -> pd.DataFrame:
    """events synthetic rows with ACLED's export columns, as reading its CSV gives them."""
    tables = list(_tables(events, seed, data_dir))
    if not tables:
        return pd.DataFrame({name: pd.Series(dtype=_EMPTY_DTYPES[name]) for name in COLUMNS})
    return pa.concat_tables(tables).to_pandas()


def write_acled_csv(
    path: Path, events: int, *, seed: int = 0, data_dir: Path | None = None
) -> None:
    """Write generate_acled(events, seed=seed) as a UTF-8 CSV, one chunk at a time."""
    with open(path, "wb") as handle:
        handle.write((",".join(COLUMNS) + "\n").encode())
        writer = None
        options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
        for table in _tables(events, seed, data_dir):
            if writer is None:
                writer = pa_csv.CSVWriter(handle, table.schema, write_options=options)
            writer.write_table(table)
        if writer is not None:
            writer.close()


_INTEGER_COLUMNS = {
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "iso",
    "geo_precision",
    "fatalities",
    "timestamp",
}
_EMPTY_DTYPES = {
    name: "int64"
    if name in _INTEGER_COLUMNS
    else "float64"
    if name in ("latitude", "longitude")
    else "str"
    for name in COLUMNS
}
