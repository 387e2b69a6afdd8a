"""Where a GPE or LOC is: ISO 3166-1 country codes and STIX regions for the exporters.

STIX 2.1 locations need a country, a region or coordinates; FollowTheMoney
wants country codes. The store has names (and QIDs), so this small table maps
the names the knowledge base and the demo corpus use. A place it does not
know is exported without a code (see docs/export.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..resolve.normalize import norm

# name | ISO 3166-1 alpha-2 | STIX region-ov  (countries and territories)
_COUNTRIES = """
Afghanistan|af|southern-asia
Algeria|dz|northern-africa
Argentina|ar|south-america
Armenia|am|western-asia
Australia|au|australia-new-zealand
Azerbaijan|az|western-asia
Bahrain|bh|western-asia
Belgium|be|western-europe
Brazil|br|south-america
Canada|ca|northern-america
China|cn|eastern-asia
Cyprus|cy|western-asia
Egypt|eg|northern-africa
France|fr|western-europe
Georgia|ge|western-asia
Germany|de|western-europe
Hong Kong|hk|eastern-asia
India|in|southern-asia
Indonesia|id|south-eastern-asia
Iran|ir|southern-asia
Iraq|iq|western-asia
Israel|il|western-asia
Italy|it|southern-europe
Japan|jp|eastern-asia
Jordan|jo|western-asia
Kuwait|kw|western-asia
Lebanon|lb|western-asia
Libya|ly|northern-africa
Malaysia|my|south-eastern-asia
Netherlands|nl|western-europe
Nigeria|ng|western-africa
North Korea|kp|eastern-asia
Oman|om|western-asia
Pakistan|pk|southern-asia
Palestine|ps|western-asia
Gaza Strip|ps|western-asia
West Bank|ps|western-asia
Qatar|qa|western-asia
Russia|ru|eastern-europe
Saudi Arabia|sa|western-asia
Somalia|so|eastern-africa
South Africa|za|southern-africa
Spain|es|southern-europe
Sudan|sd|northern-africa
Switzerland|ch|western-europe
Syria|sy|western-asia
Tajikistan|tj|central-asia
Thailand|th|south-eastern-asia
Turkey|tr|western-asia
United Arab Emirates|ae|western-asia
United Kingdom|gb|northern-europe
United States|us|northern-america
Venezuela|ve|south-america
Yemen|ye|western-asia
"""

# cities, provinces and districts: name | country code
_PLACES = """
Abu Kamal|sy
Aleppo|sy
Anbar|iq
Baghdad|iq
Baghdad International Airport|iq
Basra|iq
Beirut|lb
Bekaa Valley|lb
Damascus|sy
Deir ez-Zor|sy
Diyala|iq
Dubai|ae
Erbil|iq
Hodeidah|ye
Ilam Province|ir
Jerusalem|il
Karbala|iq
Kermanshah|ir
Kirkuk|iq
London|gb
Maysan|iq
Mosul|iq
Najaf|iq
New York|us
Qom|ir
Sadr City|iq
Sanaa|ye
Tehran|ir
Tehran city|ir
Washington|us
Yerevan|am
"""

# regions and bodies of water: name | STIX region-ov
_REGIONS = """
Africa|africa
Arabian Peninsula|western-asia
Bab el-Mandeb|western-asia
Europe|europe
Gulf|western-asia
Gulf of Aden|western-asia
Levant|western-asia
Middle East|western-asia
Persian Gulf|western-asia
Red Sea|western-asia
South Asia|southern-asia
Strait of Hormuz|western-asia
"""


@dataclass(frozen=True)
class Place:
    kind: str  # country | city | region
    country: str | None  # ISO 3166-1 alpha-2, lower case
    region: str | None  # STIX 2.1 region-ov value


def _table() -> dict[str, Place]:
    out: dict[str, Place] = {}
    region_of: dict[str, str] = {}
    for line in _COUNTRIES.strip().splitlines():
        name, code, region = line.split("|")
        out[norm(name)] = Place("country", code, region)
        region_of[code] = region
    for line in _PLACES.strip().splitlines():
        name, code = line.split("|")
        out[norm(name)] = Place("city", code, region_of.get(code))
    for line in _REGIONS.strip().splitlines():
        name, region = line.split("|")
        out[norm(name)] = Place("region", None, region)
    return out


PLACES = _table()


def place_of(name: str, aliases: list[str] | tuple[str, ...] = ()) -> Place | None:
    """The place a GPE/LOC name (or, failing that, one of its aliases) stands for."""
    for n in (name, *aliases):
        p = PLACES.get(norm(n))
        if p is not None:
            return p
    return None
