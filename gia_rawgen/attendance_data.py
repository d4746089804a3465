"""Static word lists for the attendance generator: fake Dutch person names, organisation name
patterns, functions and places, per GIA region.

Everything here is invented or generic: person names are combinations of common first names
and surnames (no real person is meant); organisation names are either generic patterns
("Stichting Welzijn {place}") or the names of public institutions (ministries, provinces,
CMOs named in the report, ROCs and hogescholen). Every string must be encodable in cp1252
(some lists are written in that encoding): no ş, ğ, ı.
"""

FIRST_NAMES = (
    # Dutch
    "Jan", "Piet", "Kees", "Henk", "Gerard", "Hans", "Peter", "Marco", "Erik", "Rob", "Frank",
    "Maarten", "Jeroen", "Bart", "Wim", "Ton", "Joost", "Sander", "Ruud", "Mark", "Thijs", "Bas",
    "Arjen", "Harm", "Geert", "Sjoerd", "Jelle", "Wouter", "Dirk", "Johan", "Theo", "Frits",
    "René", "André", "Jos", "Huub", "Twan", "Ger", "Sjef", "Luuk", "Koen", "Niels", "Martijn",
    "Remco", "Edwin", "Roel", "Hidde", "Freek", "Auke", "Tjeerd", "Wiebe", "Hielke", "Jurjen",
    "Anja", "Marieke", "Ingrid", "Annemarie", "Els", "Mieke", "Karin", "Monique", "Petra",
    "Linda", "Sandra", "Marloes", "Esther", "Ilse", "Femke", "Anouk", "Sanne", "Lotte",
    "Marjolein", "Hanneke", "Wilma", "Astrid", "Judith", "Margriet", "Ria", "Truus", "Carla",
    "Renée", "Chantal", "Mirjam", "Nicole", "Yvonne", "Joke", "Gerda", "Hilde", "Sietske",
    "Baukje", "Froukje", "Geeske", "Ineke", "Loes", "Anke", "Maaike", "Bregje", "Noor", "Lieke",
    "Dorien", "Janneke", "Mariëlle", "Ellen", "Jolanda", "Hennie", "Trees", "Annelies",
    # Moroccan, Turkish, Surinamese, Antillean, other
    "Mohamed", "Ahmed", "Mustafa", "Hassan", "Said", "Rachid", "Abdel", "Youssef", "Karim",
    "Driss", "Mehmet", "Hüseyin", "Ali", "Kemal", "Murat", "Orhan", "Fatima", "Khadija",
    "Nadia", "Samira", "Naima", "Latifa", "Hanan", "Ayse", "Fatma", "Emine", "Gül", "Zeynep",
    "Hatice", "Songül", "Ramon", "Rajesh", "Sunita", "Shanti", "Ravi", "Kenneth", "Errol",
    "Gloria", "Marcia", "Tamara", "Carmen", "Dewi", "Amina", "Abdi", "Farah", "Hamid", "Leila",
    "Dragan", "Mirela", "Yusuf", "Soraya", "Naoual", "Bouchra", "Jamal", "Nourdin", "Sevgi",
)

# (tussenvoegsel, surname)
SURNAMES = (
    ("de", "Vries"), ("", "Jansen"), ("van", "Dijk"), ("", "Bakker"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"),
    ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"),
    ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
    ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"),
    ("", "Vermeulen"), ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Berg"),
    ("van", "Dam"), ("", "Schouten"), ("van", "Vliet"), ("", "Hoekstra"), ("", "Maas"),
    ("", "Verhoeven"), ("", "Koster"), ("van", "Beek"), ("van der", "Heijden"), ("", "Willems"),
    ("", "Prins"), ("", "Postma"), ("", "Kuipers"), ("", "Huisman"), ("van", "Wijk"),
    ("", "Timmermans"), ("", "Wouters"), ("", "Sanders"), ("", "Kramer"), ("", "Vink"),
    ("", "Hermans"), ("ter", "Horst"), ("", "Kuijpers"), ("van den", "Bosch"), ("", "Janssens"),
    ("", "Claessens"), ("", "Lemmens"), ("", "Gerards"), ("", "Hoogland"), ("", "Schipper"),
    ("", "Bouma"), ("", "Zijlstra"), ("de", "Jong"), ("", "Wiersma"), ("", "Terpstra"),
    ("", "Bosma"), ("van", "Rijn"), ("", "Verbeek"), ("van", "Schaik"), ("in 't", "Veld"),
    ("van 't", "Hof"), ("den", "Hartog"), ("op den", "Camp"), ("", "Nijenhuis"),
    ("", "Oosterhuis"), ("", "Brinkman"), ("", "Huijsmans"), ("", "Pijnenburg"), ("van", "Gils"),
    ("", "Schepers"), ("", "Wolters"), ("", "Kampen"), ("", "Evers"), ("", "Driessen"),
    ("", "Geurts"), ("", "Hoeks"), ("", "Vissers"), ("", "Rutten"), ("", "Coenen"),
    ("", "Stassen"), ("", "Houben"), ("", "Peeters"), ("", "Jongsma"), ("", "Veenstra"),
    ("", "Kingma"), ("", "Boersma"), ("", "Hofstra"), ("", "Sikkema"), ("van der", "Wal"),
    ("", "Oldenburger"), ("", "Nijland"), ("", "Wessels"), ("", "Lammers"), ("", "Bulten"),
    ("ten", "Brinke"), ("", "Mensink"), ("", "Klein Gunnewiek"), ("", "Hulshof"),
    ("van", "Rossum"), ("", "Verschuren"), ("van", "Hest"), ("", "Mutsaers"), ("", "Swinkels"),
    ("van", "Eck"), ("de", "Bruijn"), ("", "Koning"), ("", "Blom"), ("de", "Ruiter"),
    ("", "Yilmaz"), ("", "Kaya"), ("", "Demir"), ("", "Çelik"), ("", "Öztürk"), ("", "Aydin"),
    ("", "Arslan"), ("", "Dogan"), ("", "Kiliç"), ("", "Sahin"), ("", "Yildiz"),
    ("", "El Amrani"), ("", "Bouzid"), ("", "Ouali"), ("", "Benali"), ("", "El Idrissi"),
    ("", "Azzouzi"), ("", "Tahiri"), ("", "Bakkali"), ("", "Chaoui"), ("", "Ait Ouaddou"),
    ("", "El Khatib"), ("", "Boukhari"), ("", "Ramdin"), ("", "Sewnarain"), ("", "Kartosen"),
    ("", "Pinas"), ("", "Monsels"), ("", "Biharie"), ("", "Doekhi"), ("", "Martina"),
    ("", "Isenia"), ("", "Maduro"), ("", "Nguyen"), ("", "Mohamud"), ("", "Petrovic"),
    ("", "Haidari"), ("", "Tjon"), ("", "Wong"),
)

PARTIES = ("PvdA", "CDA", "VVD", "GroenLinks", "SP", "D66", "ChristenUnie")

WETHOUDER_FUNCTIONS = (
    "Wethouder", "wethouder", "Wethouder integratie", "wethouder Onderwijs en Integratie",
    "Wethouder Zorg en Welzijn", "wethouder Werk en Inkomen", "wethouder WMO",
    "Wethouder / loco-burgemeester", "wethouder sociale zaken", "WETHOUDER",
)

COORDINATOR_FUNCTIONS = (
    "coördinator integratiebeleid", "coordinator integratie", "Coördinator Integratie",
    "beleidsmedewerker integratie", "Beleidsmedewerker Integratie & Diversiteit",
)

OFFICIAL_FUNCTIONS = {
    "": ("beleidsmedewerker", "Beleidsmedewerker", "senior beleidsmedewerker",
         "beleidsadviseur", "teamleider Maatschappelijke Ontwikkeling",
         "afdelingshoofd Welzijn", "medewerker diversiteit", "projectleider wijkaanpak",
         "beleidsmedewerker maatschappelijke ontwikkeling"),
    "Inburgering": ("beleidsmedewerker inburgering", "consulent inburgering",
                    "klantmanager inburgering", "regisseur inburgering"),
    "Onderwijs": ("beleidsmedewerker onderwijs", "leerplichtambtenaar",
                  "beleidsadviseur onderwijs en jeugd"),
    "Zorg": ("beleidsmedewerker WMO", "beleidsadviseur zorg", "WMO-consulent",
             "beleidsmedewerker gezondheid"),
    "Werk": ("beleidsadviseur werk en inkomen", "accountmanager werkgevers",
             "klantmanager", "beleidsmedewerker participatie"),
    "Emancipatie": ("beleidsmedewerker emancipatie", "beleidsmedewerker diversiteit"),
    "Vrouwenemancipatie": ("beleidsmedewerker emancipatie", "beleidsmedewerker diversiteit"),
    "Mannenemancipatie": ("beleidsmedewerker emancipatie", "beleidsmedewerker jeugd"),
    "Wonen": ("beleidsmedewerker wonen", "wijkcoördinator", "beleidsadviseur volkshuisvesting"),
    "Actief Burgerschap": ("beleidsmedewerker burgerschap", "wijkcoördinator",
                           "beleidsmedewerker vrijwilligerswerk"),
    "Startbijeenkomst": ("beleidsmedewerker", "beleidsadviseur integratie"),
    "Informatiemarkt": ("beleidsmedewerker participatie", "beleidsadviseur WMO"),
}

RAAD_FUNCTIONS = ("raadslid", "Raadslid", "fractievoorzitter", "raadslid / woordvoerder integratie")
ASSISTANT_FUNCTIONS = ("bestuursassistent wethouder", "secretaris van de wethouder")

CMO_FUNCTIONS = ("adviseur diversiteit", "projectleider GIA", "consulent integratie",
                 "senior adviseur", "adviseur maatschappelijke ontwikkeling", "projectmedewerker",
                 "directeur", "adviseur", "secretariaat", "projectleider")
FORUM_COORDINATOR_FUNCTION = "coördinator GIA-regiobijeenkomsten"
FORUM_FUNCTIONS = ("vakspecialist werk", "vakspecialist onderwijs", "adviseur gemeenten",
                   "medewerker Servicecentrum Integratie", "projectleider emancipatie",
                   "vakspecialist zorg", "adviseur")
PROVINCIE_FUNCTIONS = ("beleidsmedewerker sociaal beleid", "beleidsadviseur samenleving",
                       "gedeputeerde", "senior beleidsmedewerker")
WELZIJN_FUNCTIONS = ("opbouwwerker", "coördinator vrijwilligers", "maatschappelijk werker",
                     "directeur", "teamleider", "consulent", "voorzitter", "vrijwilliger",
                     "projectleider", "ouderenadviseur", "jongerenwerker", "vrouwenwerker",
                     "bestuurslid", "sociaal raadsvrouw", "manager", "zorgconsulent")
EDU_FUNCTIONS = ("docent", "directeur", "adviseur", "onderzoeker", "lector", "teamleider",
                 "projectmanager", "student", "opleidingsmanager")
COM_FUNCTIONS = ("adviseur", "consultant", "eigenaar", "directeur", "projectmanager",
                 "senior consultant", "onderzoeker", "trainer")

# Rijk: ministry -> organisation spellings (first = canonical)
MINISTRIES = {
    "WWI": ("Ministerie van VROM / WWI", "VROM/WWI", "Ministerie voor WWI", "WWI",
            "Min. VROM-WWI"),
    "VROM": ("Ministerie van VROM", "VROM"),
    "SZW": ("Ministerie van SZW", "SZW", "Min. SZW"),
    "VWS": ("Ministerie van VWS", "VWS"),
    "OCW": ("Ministerie van OCW", "OC&W", "Min. OCW"),
    "BZK": ("Ministerie van BZK",),
}
RIJK_FUNCTIONS = {
    "WWI": ("beleidsmedewerker DG WWI", "senior beleidsmedewerker inburgering",
            "beleidsmedewerker integratie", "medewerker directie Integratie"),
    "VROM": ("beleidsmedewerker wonen", "senior beleidsmedewerker"),
    "SZW": ("beleidsmedewerker participatie", "senior beleidsmedewerker"),
    "VWS": ("beleidsmedewerker diversiteit in de zorg", "senior beleidsmedewerker"),
    "OCW": ("beleidsmedewerker emancipatie", "beleidsmedewerker onderwijs"),
    "BZK": ("beleidsmedewerker",),
}
THEME_MINISTRY = {
    "Zorg": "VWS", "Werk": "SZW", "Onderwijs": "OCW", "Emancipatie": "OCW",
    "Vrouwenemancipatie": "OCW", "Mannenemancipatie": "OCW", "Inburgering": "WWI",
    "Wonen": "VROM", "Actief Burgerschap": "BZK", "Startbijeenkomst": "WWI",
    "Informatiemarkt": "SZW",
}

FORUM_ORGS = ("FORUM", "Forum", "FORUM, Instituut voor Multiculturele Vraagstukken",
              "FORUM / Servicecentrum Integratie")

# CMO spellings per CMO (first = canonical); the CMO's seat (place text).
CMOS = {
    "CMO Partoer": (("CMO Partoer", "Partoer", "Partoer CMO Fryslân"), "Leeuwarden"),
    "CMO Groningen": (("CMO Groningen", "cmo groningen"), "Groningen"),
    "CMO Stamm": (("CMO Stamm", "Stamm"), "Assen"),
    "Enova": (("Enova", "Enova emancipatie adviesbureau"), "Assen"),
    "CMO Stimulans": (("CMO Stimulans", "Stimulans"), "Den Haag"),
    "RMO Meander": (("RMO Meander",), "Rotterdam"),
    "Axion CMO Flevoland": (("Axion CMO Flevoland", "Axion"), "Lelystad"),
    "Alleato CMO Utrecht": (("Alleato CMO Utrecht", "Alleato"), "Utrecht"),
    "Enzovoort": (("Enzovoort",), "Deventer"),
    "Osmose": (("Osmose",), "Zwolle"),
    "Variya": (("Variya",), "Nijmegen"),
    "EMOL": (("EMOL", "Emol"), "Sittard"),
    "Provinciaal Platform Minderheden": (("Provinciaal Platform Minderheden", "PPM Limburg"), "Roermond"),
    "Palet": (("Palet", "Palet, adviseurs diversiteit", "PALET"), "Eindhoven"),
    "BMC": (("BMC", "BMC Advies"), "Amersfoort"),
    "CMO ACB": (("ACB Kenniscentrum", "CMO ACB"), "Amsterdam"),
}

# Per GIA region: the CMOs whose staff come to its meetings, places (municipalities and
# villages) for organisations' seats, the provinces' own spellings, ROCs and hogescholen.
REGION_INFO = {
    "Zeeland & Noord-Brabant": dict(
        cmos=("Palet",),
        places=("'s-Hertogenbosch", "Den Bosch", "Oss", "Tilburg", "Breda", "Eindhoven", "Helmond",
                "Rijen", "Gilze", "Uden", "Veghel", "Roosendaal", "Middelburg", "Vlissingen",
                "Goes", "Waalwijk", "Boxtel", "Rosmalen"),
        provinces={"Noord-Brabant": ("Provincie Noord-Brabant", "Prov. Noord-Brabant"),
                   "Zeeland": ("Provincie Zeeland",)},
        seats={"Noord-Brabant": "'s-Hertogenbosch", "Zeeland": "Middelburg"},
        roc=("ROC Koning Willem I College", "ROC West-Brabant", "ROC Eindhoven", "ROC Zeeland"),
        hbo=("Avans Hogeschool", "Fontys Hogescholen", "Hogeschool Zeeland",
             "Universiteit van Tilburg"),
    ),
    "Midden": dict(
        cmos=("Axion CMO Flevoland", "Alleato CMO Utrecht"),
        places=("Utrecht", "Amersfoort", "Lelystad", "Almere", "Nieuwegein", "Zeist", "Dronten",
                "Emmeloord", "Houten", "Veenendaal", "Almere-Buiten", "Overvecht"),
        provinces={"Utrecht": ("Provincie Utrecht",), "Flevoland": ("Provincie Flevoland",)},
        seats={"Utrecht": "Utrecht", "Flevoland": "Lelystad"},
        roc=("ROC Midden Nederland", "ROC Flevoland", "ROC ASA"),
        hbo=("Hogeschool Utrecht", "Universiteit Utrecht", "Christelijke Hogeschool Windesheim Flevoland"),
    ),
    "Zuid-Holland": dict(
        cmos=("CMO Stimulans", "RMO Meander"),
        places=("Rotterdam", "Den Haag", "Delft", "Leiden", "Dordrecht", "Schiedam", "Zoetermeer",
                "Gouda", "Vlaardingen", "Rijswijk", "Spijkenisse", "Rotterdam-Zuid"),
        provinces={"Zuid-Holland": ("Provincie Zuid-Holland",)},
        seats={"Zuid-Holland": "Den Haag"},
        roc=("ROC Mondriaan", "Albeda College", "ROC Zadkine"),
        hbo=("Hogeschool Rotterdam", "Haagse Hogeschool", "Erasmus Universiteit Rotterdam",
             "Hogeschool Inholland Delft"),
    ),
    "Oost": dict(
        cmos=("Enzovoort", "Osmose", "Variya"),
        places=("Arnhem", "Nijmegen", "Deventer", "Zwolle", "Enschede", "Hengelo", "Apeldoorn",
                "Ede", "Almelo", "Doetinchem", "Tiel", "Zutphen", "Velp", "Colmschate"),
        provinces={"Gelderland": ("Provincie Gelderland", "Prov. Gelderland"),
                   "Overijssel": ("Provincie Overijssel",)},
        seats={"Gelderland": "Arnhem", "Overijssel": "Zwolle"},
        roc=("ROC Rijn IJssel", "ROC Nijmegen", "ROC van Twente", "ROC Aventus", "ROC A12"),
        hbo=("Hogeschool van Arnhem en Nijmegen", "Saxion Hogeschool", "Radboud Universiteit",
             "Hogeschool Windesheim"),
    ),
    "Limburg": dict(
        cmos=("EMOL", "Provinciaal Platform Minderheden"),
        places=("Venlo", "Maastricht", "Heerlen", "Roermond", "Sittard", "Geleen", "Weert",
                "Venray", "Panningen", "Kerkrade", "Tegelen", "Blerick", "Brunssum", "Helden"),
        provinces={"Limburg": ("Provincie Limburg", "Prov. Limburg")},
        seats={"Limburg": "Maastricht"},
        roc=("ROC Leeuwenborgh", "ROC Gilde Opleidingen", "Arcus College"),
        hbo=("Zuyd Hogeschool", "Fontys Hogeschool Venlo", "Universiteit Maastricht"),
    ),
    "Noord": dict(
        cmos=("CMO Partoer", "CMO Groningen", "CMO Stamm", "Enova"),
        places=("Leeuwarden", "Drachten", "Heerenveen", "Sneek", "Franeker", "Dokkum", "Harlingen",
                "Joure", "Wolvega", "Burgum", "Groningen", "Hoogezand", "Veendam", "Winschoten",
                "Delfzijl", "Stadskanaal", "Leek", "Haren", "Assen", "Emmen", "Hoogeveen", "Meppel"),
        # the Noord meetings draw locally: places per province of the meeting
        places_by_province={
            "Friesland": ("Leeuwarden", "Drachten", "Heerenveen", "Sneek", "Franeker", "Dokkum",
                          "Harlingen", "Joure", "Wolvega", "Burgum", "Grou", "Bolsward"),
            "Groningen": ("Groningen", "Hoogezand", "Veendam", "Winschoten", "Delfzijl",
                          "Stadskanaal", "Leek", "Haren", "Appingedam", "Zuidhorn"),
            "Drenthe": ("Assen", "Emmen", "Hoogeveen", "Meppel"),
        },
        provinces={"Friesland": ("Provincie Fryslân", "Provincie Friesland"),
                   "Groningen": ("Provincie Groningen",), "Drenthe": ("Provincie Drenthe",)},
        seats={"Friesland": "Leeuwarden", "Groningen": "Groningen", "Drenthe": "Assen"},
        roc=("ROC Friese Poort", "ROC Friesland College", "Noorderpoort College", "Alfa-college"),
        hbo=("NHL Hogeschool", "Hanzehogeschool Groningen", "Stenden Hogeschool",
             "Rijksuniversiteit Groningen"),
        roc_by_province={"Friesland": ("ROC Friese Poort", "ROC Friesland College"),
                         "Groningen": ("Noorderpoort College", "Alfa-college")},
        hbo_by_province={"Friesland": ("NHL Hogeschool", "Stenden Hogeschool"),
                         "Groningen": ("Hanzehogeschool Groningen", "Rijksuniversiteit Groningen")},
    ),
    "Noord-Holland": dict(
        cmos=("BMC", "CMO ACB"),
        places=("Haarlem", "Zaandam", "Zaandijk", "Amsterdam", "Alkmaar", "Hoofddorp",
                "Purmerend", "Hoorn", "Den Helder", "IJmuiden", "Wormerveer", "Heemstede"),
        provinces={"Noord-Holland": ("Provincie Noord-Holland",)},
        seats={"Noord-Holland": "Haarlem"},
        roc=("ROC Nova College", "ROC Regio College Zaanstreek-Waterland", "ROC van Amsterdam"),
        hbo=("Hogeschool Inholland", "Hogeschool van Amsterdam", "Universiteit van Amsterdam"),
    ),
}

# Organisation patterns; {p} = a place of the region, {prov} = a province of the region.
WELZIJN_PATTERNS = (
    "Stichting Welzijn {p}", "Welzijn {p}", "Welzijnsgroep {p}", "Vluchtelingenwerk {p}",
    "Stichting Vluchtelingenwerk {p}", "MEE {prov}", "MEE", "Zorgbelang {prov}", "GGD {p}",
    "Thuiszorg {p}", "Stichting Maatschappelijk Werk {p}", "Humanitas afdeling {p}",
    "Vrouwencentrum {p}", "Stichting Turkse Ouderen {p}", "Marokkaanse Vrouwenvereniging {p}",
    "Buurtwerk {p}", "Jongerenwerk {p}", "Zorggroep {p}", "Moskeevereniging {p}",
    "Stichting Migrantenplatform {p}", "Platform Allochtone Ouderen {p}",
    "Surinaamse Vereniging {p}", "Antilliaanse Vereniging {p}", "Steunpunt Mantelzorg {p}",
    "Wijkcentrum De Ontmoeting {p}", "Stichting Welzijn Ouderen {p}", "Stichting Vrouw en Werk {p}",
    "Stichting Kleurrijk {p}",
)
EDU_PATTERNS = (
    "{roc}", "{hbo}", "Basisschool De Regenboog {p}", "Taalschool {p}",
    "Stichting Openbaar Onderwijs {p}", "Scholengemeenschap {firm}", "Volksuniversiteit {p}",
)
COM_PATTERNS = (
    "Adviesbureau {firm}", "{firm} Advies", "Onderzoeksbureau {firm}", "{firm} Consultancy",
    "{firm} B.V.", "Bureau {firm}", "Woonstichting {p}", "Woningcorporatie {firm}",
    "Uitzendbureau {firm}", "Trainingsbureau {firm}", "{firm} Consult", "ZZP / eigen bedrijf",
)
FIRM_WORDS = ("Meerwaarde", "Kompas", "Horizon", "De Brug", "Samenspel", "Dialoog",
              "Perspectief", "Verbinding", "Duo", "Integra", "Diversa", "Lokaal", "Kader",
              "Regenboog", "Wereldwijs", "Kleurwijs", "Anders", "Vooruit", "Koers", "Plein")
