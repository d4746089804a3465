"""Open answers typed by respondents. Report quotes (sections 3.1, 3.2.2, 4.1, 4.2) plus a few
invented ones; several contain characters that exist in Windows-1252 but not in Latin-1
(„ ” ’ … – €), as text pasted from Word does."""

HR_POSITIVE = (
    "Een helder en concreet stuk.",
    "Handreiking is interessant om te lezen, of om na te slaan bij specifieke aspecten.",
    "Concreet, kort, helder.",
    "Handig naslagwerk.",
    "Het daagt uit om te lezen, maar ook te handelen.",
    "Het geeft een goede basis als checklist voor eigen lokaal beleid.",
    "Goed dat rijk en gemeenten hier samen in optrekken; de „gemeenschappelijke” agenda spreekt ons aan.",
    "Prima overzicht van wetgeving en instrumenten per thema…",
    "De handreiking is een punt van herkenning en bevestiging: we zitten op de goede koers.",
    "Bruikbaar bij het schrijven van onze nota; de hoofdstukken over werk en onderwijs het meest.",
    "Wij gebruiken de thema’s als kapstok voor de nieuwe nota.",
    "Overzichtelijk. Ook de verwijzingen naar websites zijn handig.",
)
HR_NEGATIVE = (
    "Er staat gecompriemd erg veel informatie in. Dat maakt het lezen niet gemakkelijk.",
    "De handreiking is niet slecht maar levert geen extra bijdrage (op het terrein van integratie).",
    "De handreiking is te algemeen en te veel top down.",
    "Met het benoemen van de onderscheiden thema's dreigt fragmentatie en het verdwijnen van de "
    "samenhang. Integralere aanpak is hard nodig.",
    "GIA heeft niets nieuws gebracht. Is geen leidraad geweest. Kan wel een handige inventarisatie "
    "zijn voor gemeenten die nog geen integratiebeleid hebben.",
    "Te weinig aandacht voor kleine gemeenten; veel van de „inzet” is voor ons niet haalbaar.",
)
MT_POSITIVE = (
    "Verschillende sprekers met een interessant verhaal.",
    "…informatief en maken uitwisseling met andere gemeenten mogelijk.",
    "Goede sprekers, en de staatssecretaris was er ook.",
    "Nuttig om collega’s uit de regio te spreken.",
)
MT_NEGATIVE = (
    "Weinig gemeenten aanwezig.",
    "Meer aandacht voor lokale issues die spelen bij kleinere gemeenten.",
    "De themabijeenkomsten missen continuïteit.",
    "Veel informatie was al bekend.",
    "Voor gemeenteambtenaren is op deze bijeenkomsten weinig te halen. Ze lijken zich vooral te "
    "richten op uitvoerende medewerkers in het welzijnswerk.",
    "Er is geen inhoudelijke dialoog over de vormgeving van het lokale integratiebeleid.",
)
FOLLOW_UP_OTHER = (
    "GIA gebruikt als checklist bij de evaluatie van de huidige nota",
    "Besproken in het MT; verder (nog) geen actie",
    "Ideeën overgenomen voor het thema werk",
    "Wordt meegenomen in het nieuwe collegeprogramma 2010–2014",
    "Nog niet bekend",
    "Doorgestuurd naar collega’s van onderwijs en welzijn",
    "Gebruikt bij de Wmo-nota (prestatieveld 1)",
    "Regionaal besproken in het portefeuillehoudersoverleg",
    "Ter informatie aan de raad gestuurd",
    "Onderdeel van de herijking van het participatiebeleid",
    "Alleen ter kennisname",
    "Gebruikt als naslagwerk",
)
FUNCTION_OTHER = (
    "Teamleider maatschappelijke ontwikkeling",
    "Senior beleidsadviseur",
    "Projectleider participatie",
    "Beleidsadviseur Wmo",
    "Medewerker beleid & regie",
    "Afdelingshoofd samenleving",
    "Adviseur maatschappelijke zaken",
    "Coördinator wijkgericht werken",
    "Beleidsmedewerker jeugd",
)
# Colleagues (report 1.3 note 2) answer for one of the nine policy fields.
COLLEAGUE_FUNCTIONS = (
    ("Beleidsmedewerker onderwijs", ""),
    ("Beleidsmedewerker sociale zaken", ""),
    ("Beleidsmedewerker inburgering", ""),
    ("Beleidsmedewerker welzijn", ""),
    ("Beleidsmedewerker samenleving", ""),
    ("Overig", "Beleidsmedewerker wonen"),
    ("Overig", "Beleidsmedewerker veiligheid"),
    ("Overig", "Beleidsmedewerker gezondheid / GGD"),
    ("Overig", "Beleidsmedewerker emancipatie"),
)
# General remarks by policy form (index into survey_spec.POLICY_FORMS). The first item of each
# tuple is always used, so every wave carries „ ” € … and a field with ; and " in counted rows.
REMARKS = {
    0: ("Begin 2009 hebben we een enquête uitgezet onder 26 organisaties; de conceptnota "
        '"Samen verder" gaat nu naar 200 organisaties… pas daarna naar het College.',
        "We werken op basis van het Collegeakkoord en dat was er eerder dan de GIA.",
        "We redeneren niet vanuit achterstand, maar vanuit meedoen.",
        "De GIA en onze eigen nota kwamen gelijktijdig tot stand.",
        'Onze nota heet "Iedereen doet mee"; participatie staat centraal.',
        "Met name is ingezet op algemeen waar mogelijk, specifiek waar noodzakelijk, iedereen doet "
        "mee en integratie is een tweezijdig proces.",
        "Het daadwerkelijke beleid leunt sterk op speerpunten als opleiding en werk, positie van "
        "allochtone vrouwen, samenleving in de wijk.",
        "Ik heb voor ons lokale integratiebeleid globaal de actiepunten van de handreiking gebruikt."),
    1: ("Er wordt toegewerkt naar „inclusief beleid”: al het beleid moet participatieproof zijn.",
        "Bij welzijn, onderwijs en jongerenbeleid is participatie al een helder onderdeel. Bij fysiek "
        "(wijkenaanpak, woonservicewijken) moet dat nog komen.",
        "Integratie is een paragraaf in de Wmo-nota; een aparte nota komt er niet."),
    2: ("Voor een gemeente van 9.000 inwoners is een integratienota „overkill”.",
        "Bij zo'n kleine gemeente is weinig capaciteit om beleid altijd vast te leggen in nota's. Wel "
        "is er oog voor integratievraagstukken en zijn er goede projecten, die behouden en "
        "uitgebouwd worden.",
        "De nieuwe Nederlanders die in onze gemeente komen wonen, worden gelijk door de medeburgers "
        "opgepakt onder hun vleugels. Met een huisvestingstaakstelling van 4 per jaar is er geen "
        "sprake van massale problematiek.",
        "Wij hebben ± 1% allochtonen; integratie is hier geen issue.",
        "Inburgering doen we samen met de buurgemeenten, verder geen apart beleid."),
    3: ("Geen budget: de inburgeringsmiddelen (ca. € 40.000) zijn volledig nodig voor de trajecten.",
        "Het ontbreekt aan bestuurlijke prioriteit en formatieruimte in de uitvoering. De gemeente "
        "huldigt het standpunt dat als je de inburgering goed regelt, alle vreemdelingen gebruik "
        "moeten kunnen maken van de bestaande, algemene gemeentelijke voorzieningen en dat dit "
        "voldoende is."),
}
REMARKS_PER_POLICY = {0: 8, 1: 3, 2: 7, 3: 2}
