"""The web-survey export: answer labels, columns, and the target counts taken from the report.

Everything the survey generator (`gia_rawgen.survey`) needs to know about the questionnaire
lives here, so that the contract (`gia_pipeline/defs/raw/survey/contract.yaml`) can be produced from the
same definitions (`contract_columns()`). The counts are the report's integers (sections 1.3, 3.1,
3.2.2, 4.1, 4.2, 5.2); where a printed percentage matches no integer count on its base the count
nearest to it is used (see docs/report-discrepancies.md (part A)).
"""

from dataclasses import dataclass, replace
from datetime import date

# --- answer labels, exactly as written in the export -------------------------------------------
STATUS_COMPLETE = "Voltooid"
STATUS_INCOMPLETE = "Onvolledig"
YES, NO = "Ja", "Nee"
DONT_KNOW = "Weet ik niet"

LIKERT = ("Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens")
LIKERT_COLLAPSE = {"Helemaal oneens": "Oneens", "Oneens": "Oneens", "Neutraal": "Neutraal",
                   "Eens": "Eens", "Helemaal eens": "Eens"}
DIALOGUE = ("Helemaal niet", "In geringe mate", "Neutraal", "In redelijke mate", "In sterke mate")
DIALOGUE_COLLAPSE = {"Helemaal niet": "Helemaal niet", "In geringe mate": "Helemaal niet",
                     "Neutraal": "Neutraal", "In redelijke mate": "In sterke mate",
                     "In sterke mate": "In sterke mate"}
OUT_OF_SCALE_LIKERT = "Weet niet"   # an option that is on no scale (only on excluded rows)

ROLE_COORDINATOR = "Namens de gemeente (coördinator/contactpersoon integratiebeleid)"
ROLE_COLLEAGUE = "Als collega op een beleidsterrein (op verzoek van de coördinator)"

FUNCTIONS = (
    "Algemeen coördinator integratiebeleid",
    "Beleidsmedewerker (algemeen)",
    "Beleidsmedewerker integratie",
    "Beleidsmedewerker inburgering",
    "Beleidsmedewerker samenleving",
    "Beleidsmedewerker welzijn",
    "Beleidsmedewerker sociale zaken",
    "Beleidsmedewerker onderwijs",
    "Overig",
)
# The row labels of the function table in report section 4.1, in FUNCTIONS order.
FUNCTION_REPORT_LABELS = ("Algemeen Coördinator Integratiebeleid", "Beleidsmedewerker (algemeen)",
                          "Integratie", "Inburgering", "Samenleving", "Welzijn", "Sociale Zaken",
                          "Onderwijs", "Overig")

POLICY_FORMS = (
    "Er is integraal integratiebeleid vastgelegd in nota of programma",
    "Integratiebeleid krijgt expliciet aandacht bij de uitwerking van sectorbeleid",
    "De gemeente kent geen belangrijke integratievraagstukken",
    "De gemeente geeft geen prioriteit aan integratievraagstukken",
)
INTEGRAL = 0          # index of the integral-policy answer: routes the "since when" question
POLICY_SINCE = ("<2003", "2004-2007", "2008-2009")
FOLLOW_UP = (
    "Er is een (nieuwe) integratienota vastgesteld",
    "Er wordt een (nieuwe) integratienota voorbereid",
    "Bij sectoraal beleid wordt een integratieparagraaf toegevoegd",
    "Er zijn 1 of meer integratieprojecten gestart",
    "Niet, maar dat gaat nog gebeuren",
    "Niet, en dat gaat ook niet gebeuren",
    "Anders",
)
FOLLOW_UP_OTHER = 6   # index of "Anders": its text goes into the "namelijk" column
PLAN_YEARS = ("2009", "2010", "2011 e.v.", "Onbekend")

HR_STATEMENTS = ("Prettig leesbaar", "Informatief", "Duidelijk/Helder", "Sluit aan bij lokale thema's")
MT_STATEMENTS = ("Goed opgezet", "Informatief", "Duidelijk/Helder", "Sloot aan bij lokale thema's")
VISIT_BLOCKS = 4      # the questionnaire offers four "bezochte regiobijeenkomst" blocks


# --- target counts per wave (one wave = the report's 141 valid responses) ----------------------
RESPONDENTS = 141
G4, G27 = 3, 17

# Read the handreiking / attended a meeting, by group. Intersections are a design choice
# (the report gives only the union through the follow-up base n=53 = 48 + 24 - 19).
READ = {"G31": 17, "overig": 31}
ATTEND = {"G31": 11, "overig": 13}

# Policy form (4.1): counts in POLICY_FORMS order.
POLICY_COUNTS = {"G31": (18, 2, 0, 0), "overig": (30, 17, 58, 16)}
# Cells (group, policy) -> (read & attend, read only, attend only). The rest neither.
CELLS = {
    ("G31", 0): (10, 7, 1),
    ("G31", 1): (0, 0, 0),
    ("overig", 0): (6, 12, 1),
    ("overig", 1): (2, 6, 1),
    ("overig", 2): (1, 3, 1),
    ("overig", 3): (0, 1, 1),
}
# Since when (4.2), of respondents with integral policy: POLICY_SINCE order, then "Weet ik niet".
SINCE_COUNTS = {"G31": (3, 7, 7, 1), "overig": (6, 7, 17, 0)}

# Functions (4.1), FUNCTIONS order; the G31 part is a design choice, totals are the report's.
FUNCTION_COUNTS = (22, 22, 17, 11, 14, 20, 19, 7, 9)
FUNCTION_COUNTS_G31 = (11, 0, 6, 1, 1, 0, 1, 0, 0)

# Handreiking appraisal (3.1), n=48, LIKERT order per statement.
HR_LIKERT_COUNTS = {
    "Prettig leesbaar": (0, 3, 15, 24, 6),             # 3 / 15 / 30
    "Informatief": (1, 5, 7, 24, 10),                  # 6 / 7 / 34 of 47 (+ 1 item non-response)
    "Duidelijk/Helder": (0, 4, 10, 27, 7),             # 4 / 10 / 34
    "Sluit aan bij lokale thema's": (2, 5, 12, 24, 5),  # 7 / 12 / 29
}
HR_DISCUSSED = {YES: 15, NO: 26, DONT_KNOW: 7}
HR_INSIGHTS = {YES: 9, NO: 37}                         # + 2 item non-responses: 9/46 = 19.6% -> "20 procent"
HR_GRADES = {6: 7, 7: 28, 8: 12}                      # + 1 item non-response: mean 334/47 = 7.11

# Dialogue (5.2), n=48 (the readers), DIALOGUE order.
DIALOGUE_COUNTS = {
    "dialogue_rijk": (2, 4, 32, 8, 2),                 # 6 / 32 / 10
    "dialogue_college": (0, 2, 20, 19, 6),             # 2 / 20 / 25 of 47 (+ 1 item non-response)
}
# Item non-response: readers (attendees for mt_grade) who were routed to a question and left it
# empty. The report prints the table's base (n = 48 readers) above shares that fit a base of 47
# exactly (13/15/72 = 6/7/34 of 47; 4/43/53 = 2/20/25 of 47) or 46 (new insights 20% = 9 of 46);
# the two grades lose one answer each without changing a printed figure (7.1, 6.8).
# The counts above are of the answers given; these are the routed respondents who gave none.
SKIPPED = {"hr_informative": 1, "dialogue_college": 1, "hr_new_insights": 2, "hr_grade": 1, "mt_grade": 1}

# Meetings (3.2.2): 24 attendees, 33 visits.
VISITS_PER_ATTENDEE = (4, 3, 2, 2, 2, 2) + (1,) * 18
MT_LIKERT_COUNTS = {
    "Goed opgezet": (1, 3, 9, 15, 5),                  # 4 / 9 / 20
    "Informatief": (0, 4, 8, 16, 5),                   # 4 / 8 / 21
    "Duidelijk/Helder": (1, 3, 9, 16, 4),              # 4 / 9 / 20
    "Sloot aan bij lokale thema's": (0, 3, 14, 13, 3),  # 3 / 14 / 16
}
MT_DISCUSSED = {YES: 11, NO: 10, DONT_KNOW: 3}
MT_INSIGHTS = {YES: 4, NO: 20}
MT_GRADES = {5: 2, 6: 6, 7: 9, 8: 6}                  # + 1 item non-response: mean 157/23 = 6.83

# Follow-up (4.2), n=53 (read or attended), FOLLOW_UP order.
FOLLOW_UP_COUNTS = (7, 5, 1, 5, 8, 12, 15)
# Planned year of a new integral policy (4.2), n=141, PLAN_YEARS order, split by whether the
# municipality already has integral policy (design: 78 without integral policy and without a
# planned year = the "55%" of the text of 4.2).
PLAN_COUNTS_INTEGRAL = (2, 19, 1, 26)
PLAN_COUNTS_OTHER = (0, 11, 4, 78)

# Partner municipalities (1.3 note 1): verbanden of (respondents, partners). One verband has two
# respondents who name each other and the same two partners.
VERBANDEN = ((1, 4), (1, 3), (1, 3), (1, 3), (1, 2), (2, 2), (1, 2))
INDIRECT = 19
# Colleague responses (1.3 note 2): 16 persons from 7 municipalities.
COLLEAGUES_PER_MUNICIPALITY = (3, 3, 2, 2, 2, 2, 2)

# Noise rows per wave.
SUPERSEDED = 2
TEST_MUNICIPALITIES = ("test", "TEST B&A")          # complete test submissions
INCOMPLETE_EMPTY = 3          # abandoned on the first page: no municipality
INCOMPLETE_UNRESOLVABLE = ("Regio Twente", "?")
INCOMPLETE_OF_RESPONDENTS_BEFORE = 3
INCOMPLETE_OF_RESPONDENTS_AFTER = 1
INCOMPLETE_TEST = ("Test",)
INCOMPLETE_OTHER = 11


# --- columns -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    field: str
    header: str
    type: str = "string"
    description: str = ""
    required: bool = True
    nullable: bool = True
    allowed: tuple | None = None
    min: int | None = None
    max: int | None = None
    formats: tuple | None = None
    on_invalid: str = "flag"
    not_before: str | None = None
    asked_when: tuple = ()       # ((field, value or None), …): routing, survey contract §5


DATETIME_FORMATS = ("%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S")
HR_FIELDS = ("hr_readable", "hr_informative", "hr_clear", "hr_local_fit")
MT_FIELDS = ("well_organised", "informative", "clear", "local_fit")


def meeting_label(m) -> str:
    """The dropdown label of a meeting: 'DD-MM-YYYY Place (Theme)'."""
    return f"{date.fromisoformat(m.date):%d-%m-%Y} {m.place} ({m.theme})"




def _visit_cols(i: int) -> list[Col]:
    # No value list: the meetings are whatever the register holds. Staging links the label to the
    # register on date + place and flags a label that matches no register meeting.
    cols = [Col(f"visit{i}_meeting", f"Bijeenkomst {i} - Welke bijeenkomst?",
                description=f"Bezochte regiobijeenkomst {i}: welke bijeenkomst? Keuzelijst met labels "
                            "'DD-MM-JJJJ Plaats (Thema)'; gekoppeld aan het bijeenkomstenregister op "
                            "datum + plaats. Alleen als 'Heeft u één of meer regiobijeenkomsten "
                            "bezocht?' = Ja; blok 1 is dan verplicht, blok 2-4 leeg als niet gebruikt.")]
    for fld, stmt in zip(MT_FIELDS, MT_STATEMENTS):
        cols.append(Col(f"visit{i}_{fld}", f"Bijeenkomst {i} - {stmt}", allowed=LIKERT,
                        description=f"Bezochte regiobijeenkomst {i}: 'De regiobijeenkomst was ... "
                                    f"{stmt.lower()}' (5-puntsschaal; leeg als blok {i} niet gebruikt)."))
    return cols


def columns() -> list[Col]:
    """The export's columns, in the order the generator writes them."""
    cols = [
        Col("response_id", "Respondentnummer", "integer", "Volgnummer van de inzending, door de "
            "enquêtetool toegekend (uniek over alle exportbestanden).", nullable=False, min=1, on_invalid="refuse"),
        Col("wave", "Golf", "integer", "Golf (replica) van de gegenereerde enquête: 1 in een echte "
            "export; bij scale=k lopen de golven 1..k, elk een volledige, onafhankelijke respons "
            "(uniciteit per gemeente geldt binnen een golf).", nullable=False, min=1, on_invalid="refuse"),
        Col("started_at", "Startdatum", "datetime", "Moment waarop de respondent de enquête opende.",
            nullable=False, formats=DATETIME_FORMATS, on_invalid="refuse"),
        Col("submitted_at", "Einddatum", "datetime", "Moment van verzenden; leeg als de inzending "
            "niet is voltooid; niet vóór de Startdatum.", formats=DATETIME_FORMATS, on_invalid="refuse",
            not_before="started_at"),
        Col("status", "Status", "string", "Voltooid = verzonden via de laatste pagina; Onvolledig = "
            "afgebroken (telt niet mee).", nullable=False,
            allowed=(STATUS_COMPLETE, STATUS_INCOMPLETE), on_invalid="refuse"),
        Col("duration_min", "Invulduur (min)", "decimal", "Invulduur in minuten (Einddatum - "
            "Startdatum), één decimaal, decimale komma in csv; leeg bij onvolledig.", min=0),
        Col("municipality_text", "Voor welke gemeente vult u de enquête in?", "string",
            "Vrij tekstveld: de gemeente van de respondent zoals getypt; wordt herleid naar een "
            "CBS-gemeentecode (zie contract-survey.md)."),
        Col("respondent_role", "In welke rol vult u de enquête in?", "string",
            "Rol: namens de gemeente (de coördinator/contactpersoon aan wie de enquête is gericht) "
            "of als collega op een beleidsterrein op verzoek van de coördinator (telt niet mee).",
            allowed=(ROLE_COORDINATOR, ROLE_COLLEAGUE)),
        Col("function", "Wat is uw functie?", "string", "Functie van de invuller.", allowed=FUNCTIONS),
        Col("function_other", "Wat is uw functie? - Anders, namelijk", "string",
            "Toelichting bij functie 'Overig'.", required=False),
        Col("partner_municipalities_text", "Namens welke andere gemeenten in uw intergemeentelijk "
            "samenwerkingsverband vult u de enquête mede in?", "string",
            "Vrij tekstveld, leeg als de respondent alleen namens de eigen gemeente antwoordt. "
            "Gemeentenamen gescheiden door ; , / of een regeleinde."),
        Col("policy_form", "Op welke wijze wordt op gemeentelijk niveau vorm gegeven aan integratiebeleid?",
            "string", "Vorm van het lokale integratiebeleid (één antwoord).", allowed=POLICY_FORMS),
        Col("policy_since", "Sinds wanneer is er integraal integratiebeleid?", "string",
            "Alleen als er integraal integratiebeleid is vastgelegd in nota of programma.",
            allowed=POLICY_SINCE + (DONT_KNOW,)),
        Col("read_handreiking", "Heeft u de publicatie 'Datgene wat ons bindt' gelezen?", "string",
            "Heeft u de publicatie 'Datgene wat ons bindt' (de handreiking) gelezen?", allowed=(YES, NO)),
    ]
    for fld, stmt in zip(HR_FIELDS, HR_STATEMENTS):
        cols.append(Col(fld, f"De handreiking is... - {stmt}", "string",
                        f"'De handreiking is ... {stmt.lower()}' (5-puntsschaal; alleen als gelezen).",
                        allowed=LIKERT))
    cols += [
        Col("hr_discussed", "Is de handreiking binnen uw gemeente besproken?", "string",
            "Is de handreiking binnen uw gemeente besproken? (alleen als gelezen)",
            allowed=(YES, NO, DONT_KNOW)),
        Col("hr_new_insights", "Heeft de handreiking geleid tot nieuwe inzichten?", "string",
            "Heeft de handreiking geleid tot nieuwe inzichten? (alleen als gelezen)", allowed=(YES, NO)),
        Col("hr_grade", "Welk rapportcijfer geeft u de handreiking?", "integer",
            "Rapportcijfer 1-10 voor de handreiking (alleen als gelezen).", min=1, max=10),
        Col("hr_remarks", "Opmerkingen over de handreiking", "string",
            "Open antwoord over de handreiking (alleen als gelezen).", required=False),
        Col("attended_meeting", "Heeft u één of meer regiobijeenkomsten van de GIA bezocht?", "string",
            "Heeft u één of meer regiobijeenkomsten van de GIA bezocht?", allowed=(YES, NO)),
    ]
    for i in range(1, VISIT_BLOCKS + 1):
        cols += _visit_cols(i)
    cols += [
        Col("mt_discussed", "Zijn de regiobijeenkomsten binnen uw gemeente besproken?", "string",
            "Zijn de bezochte regiobijeenkomsten binnen uw gemeente besproken? (alleen als bezocht)",
            allowed=(YES, NO, DONT_KNOW)),
        Col("mt_new_insights", "Hebben de regiobijeenkomsten geleid tot nieuwe inzichten?", "string",
            "Hebben de bezochte regiobijeenkomsten geleid tot nieuwe inzichten? (alleen als bezocht)",
            allowed=(YES, NO)),
        Col("mt_grade", "Welk rapportcijfer geeft u de regiobijeenkomsten?", "integer",
            "Rapportcijfer 1-10 voor de bezochte regiobijeenkomsten (alleen als bezocht).", min=1, max=10),
        Col("mt_remarks", "Opmerkingen over de regiobijeenkomsten", "string",
            "Open antwoord over de regiobijeenkomsten (alleen als bezocht).", required=False),
        Col("dialogue_rijk", "In hoeverre wordt in de handreiking en tijdens de bijeenkomsten vorm "
            "gegeven aan de dialoog tussen gemeenten en het Rijk?", "string",
            "In hoeverre wordt in de handreiking en tijdens de bijeenkomsten vorm gegeven aan de "
            "dialoog tussen gemeenten en het Rijk? (5-puntsschaal; alleen als handreiking gelezen)",
            allowed=DIALOGUE),
        Col("dialogue_college", "In hoeverre sluiten de visie en ambities zoals die zijn weergegeven in "
            "'Datgene wat ons bindt' aan bij de visie en ambities van uw college?", "string",
            "In hoeverre sluiten de visie en ambities zoals die zijn weergegeven in 'Datgene wat ons "
            "bindt' aan bij de visie en ambities van uw college? (5-puntsschaal; alleen als "
            "handreiking gelezen)", allowed=DIALOGUE),
        Col("follow_up", "Op welke wijze heeft de gemeente vervolg gegeven aan de GIA (leidraad en/of "
            "bijeenkomsten)?", "string", "Op welke wijze heeft de gemeente vervolg gegeven aan de GIA "
            "(leidraad en/of bijeenkomsten)? (alleen als handreiking gelezen of bijeenkomst bezocht)",
            allowed=FOLLOW_UP),
        Col("follow_up_other", "Op welke wijze heeft de gemeente vervolg gegeven aan de GIA? - Anders, "
            "namelijk", "string", "Toelichting bij vervolg 'Anders'.", required=False),
        Col("policy_plan_year", "In welk jaar zal een (nieuw) integraal integratiebeleid worden opgesteld?",
            "string", "In welk jaar zal een (nieuw) integraal integratiebeleid worden opgesteld?",
            allowed=PLAN_YEARS),
        Col("remarks", "Heeft u nog overige opmerkingen?", "string", "Open antwoord, overige opmerkingen.",
            required=False),
    ]
    routing = _routing()
    return [replace(c, asked_when=routing[c.field]) if c.field in routing else c for c in cols]


def _routing() -> dict[str, tuple]:
    """Which question is put to whom (survey contract §5, "Routing"): field -> the answers of
    earlier questions that route a respondent to it (any one; None: any answer)."""
    read, attended = ("read_handreiking", YES), ("attended_meeting", YES)
    routing = {"function_other": (("function", FUNCTIONS[-1]),),           # Overig
               "policy_since": (("policy_form", POLICY_FORMS[INTEGRAL]),),
               "follow_up": (read, attended),
               "follow_up_other": (("follow_up", FOLLOW_UP[FOLLOW_UP_OTHER]),)}
    routing.update({f: (read,) for f in (*HR_FIELDS, "hr_discussed", "hr_new_insights", "hr_grade", "hr_remarks",
                                         "dialogue_rijk", "dialogue_college")})
    routing.update({f: (attended,) for f in ("mt_discussed", "mt_new_insights", "mt_grade", "mt_remarks")})
    for i in range(1, VISIT_BLOCKS + 1):      # a block: the meeting, then its four statements
        routing[f"visit{i}_meeting"] = (attended,)
        routing.update({f"visit{i}_{f}": ((f"visit{i}_meeting", None),) for f in MT_FIELDS})
    return routing


FIELDS = tuple(c.field for c in columns())
HEADERS = tuple(c.header for c in columns())


def contract_columns() -> list[dict]:
    """The `columns:` list of gia_pipeline/defs/raw/survey/contract.yaml, from the definitions above."""
    out = []
    for c in columns():
        d = {"field": c.field, "headers": [c.header], "type": c.type, "required": c.required,
             "nullable": c.nullable}
        if c.allowed is not None:
            d["allowed"] = list(c.allowed)
        if c.min is not None:
            d["min"] = c.min
        if c.max is not None:
            d["max"] = c.max
        if c.formats is not None:
            d["formats"] = list(c.formats)
        if c.not_before is not None:
            d["not_before"] = c.not_before
        if c.asked_when:
            d["asked_when"] = [{"field": f} if v is None else {"field": f, "value": v} for f, v in c.asked_when]
        d["on_invalid"] = c.on_invalid
        d["personal"] = False
        d["description"] = c.description
        out.append(d)
    return out
