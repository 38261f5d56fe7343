"""Header words, in English and French, for each field a column can be mapped to.

Keys of SYNONYMS are mapping targets; the phrases are compared after folding case and
accents and turning punctuation into spaces ("Téléphone (maison)" -> "telephone maison").
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "first_name": (
        "first name", "first", "given name", "given", "forename", "fname",
        "prenom", "prenom du client", "prenom client",
    ),
    "last_name": (
        "last name", "last", "surname", "family name", "lname",
        "nom de famille", "nom", "nom du client", "nom client",
    ),
    "full_name": (
        "name", "full name", "contact name", "client name", "contact", "client",
        "display name", "nom complet", "nom et prenom", "prenom et nom",
    ),
    "middle_name": (
        "middle name", "middle", "additional name", "second prenom", "autre prenom",
        "deuxieme prenom",
    ),
    "prefix": ("prefix", "name prefix", "salutation", "civilite", "titre de civilite"),
    "suffix": ("suffix", "name suffix", "suffixe"),
    "email": (
        "email", "email address", "e mail", "mail", "work email", "home email", "email 1",
        "courriel", "adresse courriel", "adresse electronique", "adresse email", "mel",
        "adresse de messagerie", "messagerie",
    ),
    "phone": (
        "phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "cell",
        "cell phone", "cellphone", "home phone", "work phone", "business phone",
        "primary phone", "day phone", "evening phone", "numero de telephone", "telephone",
        "cellulaire", "cell", "portable", "telephone maison", "telephone travail",
        "telephone bureau", "telephone domicile", "telephone cellulaire",
    ),
    "date_of_birth": (
        "date of birth", "birth date", "birthdate", "birthday", "dob", "born",
        "date de naissance", "naissance", "anniversaire", "date naissance",
    ),
    "address_line1": (
        "street", "street address", "address line 1", "address 1", "address1", "street 1",
        "rue", "adresse civique", "adresse ligne 1", "numero et rue", "home street",
    ),
    "address_line2": (
        "address line 2", "address 2", "address2", "street 2", "apt", "suite", "unit",
        "apartment", "appartement", "adresse ligne 2", "app", "bureau", "apt suite",
        "suite apt", "unit apt", "apt unit",
    ),
    "city": ("city", "town", "city town", "municipality", "ville", "municipalite", "localite"),
    "region": (
        "province", "state", "region", "state province", "province state", "etat",
        "province etat", "etat province",
    ),
    "postal_code": (
        "postal code", "postcode", "zip", "zip code", "postal", "code postal", "cp",
    ),
    "country": ("country", "country region", "pays", "pays region"),
    "full_address": (
        "address", "home address", "mailing address", "full address", "adresse",
        "adresse complete", "adresse postale", "adresse domicile",
    ),
    "company": (
        "company", "company name", "organization", "organisation", "employer", "business",
        "entreprise", "compagnie", "societe", "employeur", "organisme",
        "nom de l entreprise", "nom de la compagnie",
    ),
    "notes": (
        "notes", "note", "comments", "comment", "remarks", "description",
        "remarques", "remarque", "commentaires", "commentaire",
    ),
    "tags": (
        "tags", "tag", "labels", "categories", "category", "groups", "group membership",
        "etiquettes", "etiquette", "categorie", "groupes", "groupe",
    ),
    "external_id": ("id", "external id", "contact id", "lead id", "client id", "reference"),
}

# A header with one of these words describes something else (a phone's *type*, the
# *spouse's* name, the *property's* state) unless the synonym itself has the word.
NEGATING_WORDS = _words(
    """type label libelle display fax telecopieur telecopie pager yomi phonetic phonetique url web
    website site spouse conjoint conjointe partner partenaire assistant manager emergency
    urgence property propriete loan pret hypotheque mortgage referral referred agent realtor
    courtier co coborrower coemprunteur job poste position occupation fonction title
    department service"""
)

# Words that only qualify a header ("Home Phone 2", "Date of birth (MM/DD/YYYY)"): a header
# and a synonym that differ only by these are the same field.
QUALIFIER_WORDS = _words(
    """1 2 3 4 value valeur no number numero de du des la le l d mm dd yyyy yy jj aaaa
    name nom home work business personal personnel perso primary main principal other autre
    client contact borrower emprunteur customer maison travail bureau domicile"""
)

# Known exports: header (case-insensitive) -> target. Columns not listed are ignored.
GOOGLE: dict[str, str] = {
    "name": "full_name", "given name": "first_name", "first name": "first_name",
    "additional name": "middle_name", "middle name": "middle_name",
    "family name": "last_name", "last name": "last_name",
    "name prefix": "prefix", "name suffix": "suffix", "birthday": "date_of_birth",
    "notes": "notes", "group membership": "tags", "labels": "tags",
    "organization 1 - name": "company", "organization name": "company",
    "address 1 - street": "address_line1", "address 1 - extended address": "address_line2",
    "address 1 - city": "city", "address 1 - region": "region",
    "address 1 - postal code": "postal_code", "address 1 - country": "country",
    "address 1 - formatted": "full_address",
}
OUTLOOK: dict[str, str] = {
    "title": "prefix", "first name": "first_name", "middle name": "middle_name",
    "last name": "last_name", "suffix": "suffix", "company": "company",
    "birthday": "date_of_birth", "notes": "notes", "categories": "tags",
    "e-mail address": "email", "e-mail 2 address": "email", "e-mail 3 address": "email",
    "home phone": "phone", "home phone 2": "phone", "mobile phone": "phone",
    "business phone": "phone", "business phone 2": "phone", "primary phone": "phone",
    "other phone": "phone", "car phone": "phone",
    "home street": "address_line1", "home street 2": "address_line2", "home city": "city",
    "home state": "region", "home postal code": "postal_code",
    "home country/region": "country",
    "business street": "address_line1", "business street 2": "address_line2",
    "business city": "city", "business state": "region",
    "business postal code": "postal_code", "business country/region": "country",
}
LINKEDIN: dict[str, str] = {
    "first name": "first_name", "last name": "last_name", "email address": "email",
    "company": "company", "position": "notes",
}
# Lead-vendor columns about the loan or the lead itself go to notes ("Loan Type: ...").
VENDOR_NOTE_WORDS = _words(
    """loan mortgage property purchase price down payment credit amount rate term
    income date created received source campaign status type"""
)
VENDOR_ID_HEADERS = frozenset({"lead id", "leadid", "lead #", "lead number", "lead no", "id"})

FORMAT_LABELS: dict[str, str] = {
    "google": "Google Contacts",
    "outlook": "Outlook",
    "linkedin": "LinkedIn connections",
    "lead_vendor": "Lead vendor sheet",
    "vcard": "vCard (phone, Apple/iCloud, Google, Outlook)",
}
# fmt: on
