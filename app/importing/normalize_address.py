"""The address of a mapped row: the fullest block of address columns, cleaned."""

from __future__ import annotations

import re

from app.importing import addresses

NO_ADDRESS = addresses.AddressParts()
_HOME = re.compile(r"home|domicile|maison", re.IGNORECASE)


def address_of(
    found: list[tuple[str, str, str]], warnings: list[str], repeats: bool = True
) -> addresses.AddressParts:
    """The fullest of the address blocks (Outlook has Business and Home), cleaned.
    Without `repeats` (each field has one column) there is one block: taken as it is."""
    if not any(value for _, _, value in found):
        return NO_ADDRESS
    block = _pick_block(found) if repeats else {t: v for _, t, v in found if v}
    lines1 = block.get("address_line1", "").splitlines() or [""]
    line1 = " ".join(lines1[0].split())
    line2 = ", ".join(
        " ".join(p.split()) for p in [*lines1[1:], block.get("address_line2", "")] if p.strip()
    )
    city, region, postal = block.get("city", ""), block.get("region", ""), ""
    postal_raw, country_raw = block.get("postal_code", ""), block.get("country", "")
    if not line1 and (full := block.get("full_address", "")):
        parsed = addresses.split_address(full)
        line1, line2 = parsed.line1, line2 or parsed.line2
        city, region = city or parsed.city, region or parsed.region
        postal_raw, country_raw = postal_raw or parsed.postal_code, country_raw or parsed.country
    country = ""
    if country_raw:
        country = addresses.country_code(country_raw) or ""
        if not country:
            warnings.append(f"country '{country_raw}' was not recognised; left empty")
    region = addresses.region_code(region, country)
    postal = addresses.postal_code(postal_raw, country)
    country = country or addresses.infer_country(region, postal)
    return addresses.AddressParts(
        line1=line1,
        line2=line2,
        city=" ".join(city.split()),
        region=region,
        postal_code=postal,
        country=country,
    )


def _pick_block(found: list[tuple[str, str, str]]) -> dict[str, str]:
    blocks: list[list[tuple[str, str, str]]] = [[]]
    seen: set[str] = set()
    for cell in found:
        if cell[1] in seen and cell[1] != "address_line2":
            blocks.append([])  # the same field again: the next address starts here
            seen = set()
        seen.add(cell[1])
        blocks[-1].append(cell)
    best = blocks[0] if len(blocks) == 1 else max(blocks, key=_fullness)  # first of equals
    chosen: dict[str, str] = {}
    for _, target, value in best:
        if target == "address_line2" and value and chosen.get(target):
            chosen[target] += ", " + value
        elif value and not chosen.get(target):
            chosen[target] = value
    return chosen


def _fullness(block: list[tuple[str, str, str]]) -> tuple[int, bool]:
    """Filled fields first; between equals, the home address."""
    home = any(_HOME.search(header) for header, _, _ in block)
    return (sum(1 for _, _, value in block if value), home)
