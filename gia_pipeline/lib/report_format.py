"""What the stakeholders' report calls things and how it prints numbers — shared by the page
(report_html.py) and its charts (report_charts.py).

Formatting follows the 2010 report: a share is ``34% (48)`` (percentage rounded half up, as the
report does), a statistic has one decimal and a decimal comma (``7,1``), a plain count is the
integer; a figure that cannot be known shows why (``geen lijst``), never a 0.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable

# ---------------------------------------------------------------------------------------------
# what the report contains

#: table_id -> (Dutch title, English title, section of the report)
TABLES: dict[str, tuple[str, str, str]] = {
    "response": ("Respons op de webenquête", "Survey response", "1.3, 3.1"),
    "read_handreiking": ("Heeft u de publicatie ‘Datgene wat ons bindt’ gelezen?",
                         "Read the handreiking", "3.1"),
    "attended_meeting": ("Heeft u één of meer regiobijeenkomsten bezocht?",
                         "Attended one or more regional meetings", "3.2.2"),
    "handreiking_appraisal": ("De handreiking is…", "Appraisal of the handreiking", "3.1"),
    "handreiking_discussed": ("Is de handreiking binnen de gemeente besproken?",
                              "Handreiking discussed within the municipality", "3.1"),
    "handreiking_new_insights": ("Heeft de handreiking tot nieuwe inzichten geleid?",
                                 "New insights from the handreiking", "3.1"),
    "handreiking_grade": ("Rapportcijfer voor de handreiking", "Grade given to the handreiking", "3.1"),
    "attendance_meetings": ("Regiobijeenkomsten: gehouden en met aanwezigheidslijst",
                            "Regional meetings held and with an attendance list", "3.2"),
    "attendance_by_meeting": ("Aanwezigen per regiobijeenkomst", "Attendance per regional meeting", "3.2.1"),
    "attendance_reach": ("Verschillende gemeenten per GIA-regio die een bijeenkomst bezochten",
                         "Distinct municipalities per GIA region that attended a meeting", "3.2.1"),
    "persons_reached": ("Bezoeken en verschillende personen per GIA-regio en categorie (niet in het rapport)",
                        "Visits and distinct persons reached, per region and category (not in the report)",
                        "3.2.1"),
    "meeting_appraisal": ("De regiobijeenkomst was…", "Appraisal of the regional meetings", "3.2.2"),
    "meeting_discussed": ("Is de bijeenkomst binnen de gemeente besproken?",
                          "Meeting discussed within the municipality", "3.2.2"),
    "meeting_new_insights": ("Heeft de bijeenkomst tot nieuwe inzichten geleid?",
                             "New insights from the meeting", "3.2.2"),
    "meeting_grade": ("Rapportcijfer voor de regiobijeenkomsten", "Grade given to the regional meetings", "3.2.2"),
    "visit_confirmation": ("Bevestigt de aanwezigheidslijst het gemelde bezoek? (niet in het rapport)",
                           "Reported visits confirmed by the attendance lists (not in the report)", "3.2.2"),
    "policy_form": ("Vorm van het lokale integratiebeleid", "Form of local integration policy", "4.1"),
    "respondent_function": ("Functie van de respondent", "Respondent's function", "4.1"),
    "policy_since": ("Sinds wanneer is er integratiebeleid?", "Integration policy in place since", "4.2"),
    "gia_followup": ("Op welke wijze heeft de gemeente vervolg gegeven aan de GIA?",
                     "Follow-up given to the GIA", "4.2"),
    "new_policy_year": ("In welk jaar zal een (nieuw) integraal integratiebeleid worden opgesteld?",
                        "Year of a new integral integration policy", "4.2"),
    "dialogue": ("In hoeverre…", "Dialogue between the state and municipalities", "5.2"),
    "gia_target": ("Groeipad Integratienota: aandeel gemeenten dat met de GIA werkt (doel, %)",
                   "Integratienota growth path: target share of municipalities (%)", "2.1"),
}
#: the report's order; any other table_id follows, in order of first appearance
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

SECTIONS: dict[str, str] = {
    "1.3": "Onderzoeksverantwoording",
    "3.1": "Bereik, gebruik en waardering van de handreiking",
    "3.2": "Bereik, gebruik en waardering regiobijeenkomsten",
    "3.2.1": "Analyse van de aanwezigheidslijsten",
    "3.2.2": "Resultaten van de webenquête en interviews",
    "4.1": "Stand van zaken lokaal integratiebeleid",
    "4.2": "Doorwerking van de GIA in lokaal integratiebeleid",
    "5.2": "Dialoog: zenden en ontvangen",
    "2.1": "Het ontstaan van de GIA",
}

#: display labels for the technical keys; the report's own labels pass through unchanged
LABELS: dict[str, str] = {
    "total": "Totaal", "overig": "Overig", "respondents": "Respondenten", "indirect": "Indirect",
    "colleague_responses": "Antwoorden van collega’s", "colleague_municipalities": "Gemeenten van collega’s",
    "mean": "Gemiddeld", "min": "Minimum", "max": "Maximum",
    "held": "Gehouden", "with_list": "Met aanwezigheidslijst",
    "attendees": "Aanwezigen", "listed": "Op de lijst", "municipalities": "Gemeenten",
    "n": "Aantal cijfers (n)", "visits": "Bezoeken", "persons": "Personen",
    "several_meetings": "Op meer bijeenkomsten", "unsure_pairs": "Twijfelparen",
    "no_list": "Zonder lijst", "confirmed": "Bevestigd", "not_confirmed": "Niet op de lijst",
}

ATTENDANCE_CATEGORIES: tuple[str, ...] = (
    "Wethouders", "Overig gemeente", "CMO", "FORUM", "Provincie", "Rijk", "Welzijnsinstelling",
    "Onderwijs/commercieel")

STATUSES: tuple[str, ...] = ("match", "rounding", "mismatch")
STATUS_LABELS = {"match": "klopt · match", "rounding": "afronding · rounding", "mismatch": "verschil · mismatch"}

TITLE = "GIA tussenevaluatie 2010 — herberekend uit de ruwe bestanden"
PUBLISHED_FIGURES = "data/reference/published_figures.csv"

# ---------------------------------------------------------------------------------------------
# number formatting


def pct_half_up(count: int, n: int) -> int:
    """100·count/n rounded half up to a whole percent, exactly (integer arithmetic)."""
    count, n = int(count), int(n)
    return (200 * count + n) // (2 * n) if count >= 0 else -pct_half_up(-count, n)


def decimal_comma(value: float, places: int = 1) -> str:
    """``7.05`` -> ``7,1``: rounded half up on the printed decimal, Dutch decimal comma."""
    q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{q:f}".replace(".", ",")


def format_cell(count: int | None, n: int | None, value: float | None, note: str | None = None) -> str:
    """A cell of marts.evaluation_tables as the report prints it (plain text, not escaped); a
    figure that cannot be known shows its note (`geen lijst`), never a 0."""
    if count is None and value is None and note:
        return note
    if count is not None and n is not None:
        if n == 0:
            return f"– ({count})"
        return f"{pct_half_up(int(count), int(n))}% ({count})"
    if count is not None:
        return str(int(count))
    if value is not None:
        return decimal_comma(value)
    return "–"


def label(key: Any) -> str:
    text = "" if key is None else str(key)
    return LABELS.get(text, text)


def num(value: float | None, places: int = 1) -> str:
    if value is None:
        return "–"
    return decimal_comma(value, places).rstrip("0").rstrip(",") if places else decimal_comma(value, 0)




def first_seen(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(values))
