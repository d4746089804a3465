"""Facts transcribed from the evaluation report that constrain the generated raw files.

Only the generator reads this module. The pipeline never imports it: it must recompute every
figure from the raw rows (the reconciliation compares against data/reference/published_figures.csv).
"""

from dataclasses import dataclass

# The eight attendee categories, as headed in the table of report section 3.2.1.
CATEGORIES = (
    "Wethouders",
    "Overig gemeente",
    "CMO",
    "FORUM",
    "Provincie",
    "Rijk",
    "Welzijnsinstelling",
    "Onderwijs/commercieel",
)

# GIA regions of report section 2.4: provinces and organising CMOs.
REGIONS = {
    "Noord": (("Friesland", "Groningen", "Drenthe"),
              ("CMO Partoer", "CMO Groningen", "CMO Stamm", "Enova")),
    "Zuid-Holland": (("Zuid-Holland",), ("CMO Stimulans", "RMO Meander")),
    "Midden": (("Flevoland", "Utrecht"), ("Axion CMO Flevoland", "Alleato CMO Utrecht")),
    "Oost": (("Gelderland", "Overijssel"), ("Enzovoort", "Osmose", "Variya")),
    "Limburg": (("Limburg",), ("EMOL", "Provinciaal Platform Minderheden")),
    "Zeeland & Noord-Brabant": (("Zeeland", "Noord-Brabant"), ("Palet",)),
    "Noord-Holland": (("Noord-Holland",), ("BMC",)),
}


@dataclass(frozen=True)
class Meeting:
    date: str            # ISO date
    place: str           # as printed in the report's table
    theme: str
    region: str
    headcount: int       # "Aantal aanwezigen" (reported headcount)
    list_status: str     # complete | incomplete | none
    municipalities: int | None          # "Aantal gemeenten" (None: no list)
    categories: tuple[int, ...] | None  # counts in CATEGORIES order (None: no list)


M = Meeting
# The table of section 3.2.1, row by row (empty cells are 0).
MEETINGS = (
    M("2008-10-06", "Den Bosch", "Startbijeenkomst", "Zeeland & Noord-Brabant", 25, "incomplete", 18, (6, 12, 0, 2, 1, 2, 0, 0)),
    M("2009-01-23", "Oss", "Inburgering", "Zeeland & Noord-Brabant", 38, "incomplete", 15, (3, 22, 3, 1, 0, 2, 0, 9)),
    M("2009-10-14", "Gilze Rijen", "Onderwijs", "Zeeland & Noord-Brabant", 25, "incomplete", 12, (1, 12, 1, 1, 0, 2, 0, 9)),
    M("2008-09-29", "Lelystad", "Emancipatie", "Midden", 73, "complete", 8, (1, 15, 10, 1, 1, 3, 24, 6)),
    M("2009-02-05", "Utrecht", "Zorg", "Midden", 99, "complete", 10, (4, 14, 9, 3, 4, 2, 40, 14)),
    M("2009-06-18", "Almere", "Werk", "Midden", 79, "complete", 7, (1, 14, 9, 3, 4, 2, 30, 10)),
    M("2009-01-21", "Delft", "Mannenemancipatie", "Zuid-Holland", 93, "complete", 10, (6, 9, 11, 2, 0, 5, 38, 6)),
    M("2009-05-20", "Rotterdam", "Actief Burgerschap", "Zuid-Holland", 74, "complete", 12, (4, 13, 7, 5, 0, 2, 19, 24)),
    M("2008-09-11", "Deventer", "Startbijeenkomst", "Oost", 90, "complete", 14, (1, 18, 5, 4, 5, 1, 21, 18)),
    M("2008-11-26", "Arnhem", "Vrouwenemancipatie", "Oost", 96, "complete", 15, (2, 25, 13, 3, 2, 4, 35, 11)),
    M("2009-06-29", "Arnhem", "Zorg", "Oost", 159, "complete", 14, (1, 24, 18, 4, 4, 4, 46, 24)),
    M("2009-11-05", "Deventer", "Wonen", "Oost", 30, "complete", 6, (1, 8, 8, 1, 2, 2, 3, 4)),
    M("2009-01-30", "Maastricht", "Startbijeenkomst", "Limburg", 32, "complete", 18, (11, 11, 8, 1, 3, 2, 2, 3)),
    M("2009-06-25", "Helden", "Actief Burgerschap", "Limburg", 52, "complete", 13, (9, 13, 3, 1, 1, 1, 10, 4)),
    M("2009-10-09", "Venlo", "Vrouwenemancipatie", "Limburg", 56, "complete", 8, (5, 11, 3, 2, 0, 1, 23, 11)),
    M("2008-09-29", "Assen", "Emancipatie", "Noord", 50, "none", None, None),
    M("2009-03-02", "Drachten", "Werk", "Noord", 149, "complete", 25, (17, 56, 17, 1, 3, 3, 41, 30)),
    M("2009-06-15", "Groningen", "Zorg", "Noord", 72, "complete", 13, (7, 13, 15, 1, 0, 1, 29, 6)),
    M("2009-10-08", "Meppel", "Onderwijs", "Noord", 50, "none", None, None),
    M("2009-11-04", "Zaanstad", "Inburgering", "Noord-Holland", 35, "complete", 7, (1, 13, 1, 2, 1, 4, 6, 6)),
    M("2009-11-23", "Haarlem", "Informatiemarkt", "Noord-Holland", 36, "complete", 6, (0, 11, 3, 2, 1, 2, 8, 4)),
)

# Attendance facts stated in the text of section 3.2.1.
DISTINCT_MUNICIPALITIES_ATTENDING = 147
REGION_REACH = {"Limburg": 22, "Noord-Holland": 9}   # distinct municipalities of the region
OWN_PROVINCE_ONLY = {"Drachten": "Friesland", "Groningen": "Groningen", "Meppel": "Drenthe"}

# Survey facts (sections 1.3, 3, 4, 5.2).
POPULATION = 441
RESPONDENTS = 141
RESPONDENTS_G4 = 3
RESPONDENTS_G27 = 17
INDIRECT_MUNICIPALITIES = 19
