"""Name, place and domain lists for the de-duplication benchmark's generator."""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


MALE = _words(
    """
James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel
Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy
Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin
Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry
Tyler Aaron Henry Douglas Peter Adam Nathan Zachary Walter Kyle Harold Carl Jeremy Gerald
Keith Roger Arthur Terry Lawrence Sean Christian Ethan Austin Joe Albert Jesse Willie Billy
Bryan Bruce Noah Jordan Dylan Ralph Roy Alan Wayne Eugene Juan Gabriel Louis Russell Randy
Vincent Philip Logan Bobby Harry Johnny Jean Pierre François Jacques Michel André Luc Marc
Claude Yves Gaétan Réjean Sylvain Stéphane Mathieu Guillaume Étienne Olivier Sébastien
Benoît Maxime Simon Hugo Félix Antoine Julien Vincent Denis Normand Gilles Serge Marcel
Alain Jean-François Jean-Philippe Pierre-Luc Marc-André Louis-Philippe Raj Arjun Vikram Amit
Sanjay Wei Jun Hao Ming Chen Mohammed Ahmed Omar Ali Hassan Youssef Karim Diego Carlos Luis
Miguel Javier Mateo Giovanni Marco Paolo Luca Ivan Dmitri Sergei Kwame Kofi Tunde Emeka Liam
Owen Connor Declan Finn Rhys
"""
)

FEMALE = _words(
    """
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah
Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma
Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather
Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith
Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn
Janice Jean Abigail Alice Judy Sophia Grace Denise Amber Doris Marilyn Danielle Beverly
Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori Marie-Ève Marie-
Claude Geneviève Isabelle Nathalie Sylvie Chantal Josée Manon Johanne Francine Lise Diane
Ginette Céline Hélène Louise Mélanie Valérie Caroline Julie Annie Véronique Émilie Catherine
Sophie Audrey Camille Chloé Léa Gabrielle Jeanne Simone Josiane Priya Anjali Deepa Sunita
Mei Ling Xin Yan Fatima Aisha Leila Mariam Zainab Sofia Lucia Carmen Elena Paola Giulia
Francesca Olga Natasha Irina Ama Abena Chioma Aoife Siobhan Niamh Fiona Ciara Bronwyn
"""
)

SURNAMES = _words(
    """
Smith Brown Tremblay Martin Roy Wilson MacDonald Gagnon Johnson Taylor Côté Campbell
Anderson Leblanc Lee Jones White Williams Miller Thompson Gauthier Young Van Morin Bouchard
Scott Stewart Bélanger Reid Pelletier Moore Lavoie King Robinson Lévesque Murphy Fortin
Gagné Wong Clark Johnston Clarke Ross Walker Thomas Boucher Landry Poirier Girard Mitchell
Simard Chan Kelly Graham Paquette Allen Bergeron Wright Ouellet Gallant Rousseau Leclerc
Bernier Lapointe Ali Singh Patel Nguyen Tran Li Zhang Wang Liu Chen Huang Yang Kim Park Kaur
Sharma Gill Dhillon Sandhu Grewal Hernandez Garcia Rodriguez Martinez Lopez Gonzalez Perez
Sanchez Ramirez Torres Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino
Greco Ivanov Petrov Kowalski Nowak Wiśniewski O'Brien O'Connor Ryan Byrne Walsh McCarthy
Doyle Kennedy Lynch Murray Quinn Hughes Evans Davies Roberts Edwards Lewis Harris Jackson
Hall Green Baker Adams Nelson Hill Carter Phillips Turner Parker Collins Morris Rogers Cook
Morgan Bell Bailey Cooper Richardson Cox Howard Ward Peterson Gray James Watson Brooks
Sanders Price Bennett Wood Barnes Henderson Coleman Jenkins Perry Powell Long Patterson
Fisher Hamilton Ford Harrison Gibson Ellis Wallace Fraser Grant Hunter Cameron Duncan
Sinclair Chisholm McLean McKenzie Boudreau Arsenault Cormier Richard Savard Dubois Thibault
Caron Beaulieu Cloutier Dion Fournier Lefebvre Mercier Morel Lambert Dufour Bérubé Proulx
Hébert Lachance Dupuis Desjardins Vachon Bouchard Paradis Renaud Nadeau Charbonneau Séguin
Lemieux Giroux Bilodeau Demers Boivin Côté Larocque St-Pierre Blais Turcotte Brassard Guay
Laflamme Labelle Trudel Gosselin Plante Lacroix Champagne Deschamps Robitaille Mailloux
Bisson Bourque Picard Marchand
"""
)

AREA_CODES = _words(
    """
416 647 437 905 289 365 613 343 519 226 705 249 807 514 438 450 579 418 581 819 873 604 778
236 250 403 587 825 780 306 639 204 431 506 902 782 709
"""
)

CITIES = _words(
    """
Toronto Montréal Vancouver Calgary Edmonton Ottawa Winnipeg Québec Hamilton Kitchener London
Victoria Halifax Oshawa Windsor Saskatoon Regina Sherbrooke Barrie Kelowna Laval Gatineau
Longueuil Burnaby Surrey Markham Mississauga Brampton Moncton Fredericton
"""
)

DOMAINS = _words(
    """
gmail.com hotmail.com yahoo.ca outlook.com icloud.com videotron.ca bell.net rogers.com
shaw.ca telus.net sympatico.ca live.ca protonmail.com
"""
)

STREETS = [
    s.strip()
    for s in """
Main Street
King Street West
Queen Street
Maple Avenue
Oak Drive
Elm Street
Rue Saint-Denis
Boulevard René-Lévesque
Rue Sherbrooke
Yonge Street
Bay Street
Bloor Street
Pine Road
Cedar Crescent
Birch Lane
Lakeshore Boulevard
Church Street
Park Avenue
Rue Principale
Chemin du Lac
Victoria Avenue
Wellington Street
Dundas Street
Spruce Court
Willow Way
Rue Notre-Dame
Avenue du Parc
Granville Street
Jasper Avenue
Portage Avenue
""".strip().splitlines()
]

_ONSETS = _words(
    """
b br c ch d dr f g gr h k l m n p pr r s st t tr v w z
"""
)
_VOWELS = _words(
    """
a e i o u ou ai ie
"""
)
_CODAS = _words(
    """
n r l s t ck m rd ng x nd
"""
)


def synthetic_surname(rng: random.Random) -> str:
    """A made-up but pronounceable family name, for the long tail of rare names."""
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 3))]
    name = "".join(parts) + rng.choice(_CODAS)
    return name.capitalize()
