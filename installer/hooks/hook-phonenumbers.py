# Leadkeeper's override of the contrib phonenumbers hook. phonenumbers loads its region
# metadata by module name at run time, so everything under phonenumbers.data and
# phonenumbers.shortdata is listed. The geocoder, carrier and time-zone data (40 MB of
# source, once most of the build time) are left out: Leadkeeper only parses and formats
# numbers. Code that starts importing phonenumbers.geocoder (or carrier, or timezone)
# gets that module but not its data modules: take the name out of _UNUSED then.
from PyInstaller.utils.hooks import collect_submodules

_UNUSED = tuple(
    f"phonenumbers.{name}"
    for name in ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")
)

hiddenimports = collect_submodules("phonenumbers", filter=lambda name: not name.startswith(_UNUSED))
