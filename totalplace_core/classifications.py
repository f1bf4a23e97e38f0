"""UN COFOG divisions and groups, the organisation kinds and the bases a figure can have.

COFOG codes and names follow the UN Classification of the Functions of Government (1999),
the framework HM Treasury asked the Total Place pilots to count with.
"""

from __future__ import annotations

from dataclasses import dataclass

COFOG_DIVISIONS: dict[str, str] = {
    "01": "General public services",
    "02": "Defence",
    "03": "Public order and safety",
    "04": "Economic affairs",
    "05": "Environmental protection",
    "06": "Housing and community amenities",
    "07": "Health",
    "08": "Recreation, culture and religion",
    "09": "Education",
    "10": "Social protection",
}

COFOG_GROUPS: dict[str, str] = {
    "01.1": "Executive and legislative organs, financial and fiscal affairs, external affairs",
    "01.2": "Foreign economic aid",
    "01.3": "General services",
    "01.4": "Basic research",
    "01.5": "R&D General public services",
    "01.6": "General public services n.e.c.",
    "01.7": "Public debt transactions",
    "01.8": "Transfers of a general character between different levels of government",
    "02.1": "Military defence",
    "02.2": "Civil defence",
    "02.3": "Foreign military aid",
    "02.4": "R&D Defence",
    "02.5": "Defence n.e.c.",
    "03.1": "Police services",
    "03.2": "Fire-protection services",
    "03.3": "Law courts",
    "03.4": "Prisons",
    "03.5": "R&D Public order and safety",
    "03.6": "Public order and safety n.e.c.",
    "04.1": "General economic, commercial and labour affairs",
    "04.2": "Agriculture, forestry, fishing and hunting",
    "04.3": "Fuel and energy",
    "04.4": "Mining, manufacturing and construction",
    "04.5": "Transport",
    "04.6": "Communication",
    "04.7": "Other industries",
    "04.8": "R&D Economic affairs",
    "04.9": "Economic affairs n.e.c.",
    "05.1": "Waste management",
    "05.2": "Waste water management",
    "05.3": "Pollution abatement",
    "05.4": "Protection of biodiversity and landscape",
    "05.5": "R&D Environmental protection",
    "05.6": "Environmental protection n.e.c.",
    "06.1": "Housing development",
    "06.2": "Community development",
    "06.3": "Water supply",
    "06.4": "Street lighting",
    "06.5": "R&D Housing and community amenities",
    "06.6": "Housing and community amenities n.e.c.",
    "07.1": "Medical products, appliances and equipment",
    "07.2": "Outpatient services",
    "07.3": "Hospital services",
    "07.4": "Public health services",
    "07.5": "R&D Health",
    "07.6": "Health n.e.c.",
    "08.1": "Recreational and sporting services",
    "08.2": "Cultural services",
    "08.3": "Broadcasting and publishing services",
    "08.4": "Religious and other community services",
    "08.5": "R&D Recreation, culture and religion",
    "08.6": "Recreation, culture and religion n.e.c.",
    "09.1": "Pre-primary and primary education",
    "09.2": "Secondary education",
    "09.3": "Post-secondary non-tertiary education",
    "09.4": "Tertiary education",
    "09.5": "Education not definable by level",
    "09.6": "Subsidiary services to education",
    "09.7": "R&D Education",
    "09.8": "Education n.e.c.",
    "10.1": "Sickness and disability",
    "10.2": "Old age",
    "10.3": "Survivors",
    "10.4": "Family and children",
    "10.5": "Unemployment",
    "10.6": "Housing",
    "10.7": "Social exclusion n.e.c.",
    "10.8": "R&D Social protection",
    "10.9": "Social protection n.e.c.",
}

ORG_KINDS: tuple[str, ...] = (
    "central department",
    "NDPB",
    "EU programme",
    "regional body",
    "council",
    "NHS commissioner",
    "NHS provider",
    "police",
    "fire",
    "probation",
    "Jobcentre Plus",
    "voluntary sector",
)

BASES: tuple[str, ...] = ("actual", "estimate", "proxy")
BASIS_LABELS: dict[str, str] = {
    "actual": "Actual",
    "estimate": "Estimate",
    "proxy": "Population-based proxy",
}

NODE_TIERS: tuple[str, ...] = ("source", "intermediary", "service", "citizen")
FLOW_KINDS: tuple[str, ...] = ("grant", "commission", "contract", "benefit", "direct service")
AGE_BANDS: tuple[str, ...] = ("0-17", "18-64", "65+")


@dataclass(frozen=True)
class CofogGroup:
    code: str
    name: str
    division: str


def division_of(group_code: str) -> str:
    """'07.3' -> '07'."""
    return group_code.split(".", 1)[0]


def cofog_groups() -> list[CofogGroup]:
    return [CofogGroup(code, name, division_of(code)) for code, name in COFOG_GROUPS.items()]


def is_cofog_group(code: str) -> bool:
    return code in COFOG_GROUPS
