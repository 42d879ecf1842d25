"""The police forces a case can be allocated to: the 43 territorial forces of England and Wales,
British Transport Police, Police Scotland and the Police Service of Northern Ireland.

Codes are the data.police.uk slugs (stable across renames, so allocations recorded years ago
still point at the right force). Police Scotland has no data.police.uk slug; `police-scotland`
is the hub's own choice.
"""

from __future__ import annotations

from graph.reference import Force


def _england(code: str, name: str) -> Force:
    return Force(code, name, "England", "territorial")


def _wales(code: str, name: str) -> Force:
    return Force(code, name, "Wales", "territorial")


FORCES: tuple[Force, ...] = (
    _england("avon-and-somerset", "Avon and Somerset Constabulary"),
    _england("bedfordshire", "Bedfordshire Police"),
    _england("cambridgeshire", "Cambridgeshire Constabulary"),
    _england("cheshire", "Cheshire Constabulary"),
    _england("city-of-london", "City of London Police"),
    _england("cleveland", "Cleveland Police"),
    _england("cumbria", "Cumbria Constabulary"),
    _england("derbyshire", "Derbyshire Constabulary"),
    _england("devon-and-cornwall", "Devon and Cornwall Police"),
    _england("dorset", "Dorset Police"),
    _england("durham", "Durham Constabulary"),
    _england("essex", "Essex Police"),
    _england("gloucestershire", "Gloucestershire Constabulary"),
    _england("greater-manchester", "Greater Manchester Police"),
    _england("hampshire", "Hampshire and Isle of Wight Constabulary"),
    _england("hertfordshire", "Hertfordshire Constabulary"),
    _england("humberside", "Humberside Police"),
    _england("kent", "Kent Police"),
    _england("lancashire", "Lancashire Constabulary"),
    _england("leicestershire", "Leicestershire Police"),
    _england("lincolnshire", "Lincolnshire Police"),
    _england("merseyside", "Merseyside Police"),
    _england("metropolitan", "Metropolitan Police Service"),
    _england("norfolk", "Norfolk Constabulary"),
    _england("north-yorkshire", "North Yorkshire Police"),
    _england("northamptonshire", "Northamptonshire Police"),
    _england("northumbria", "Northumbria Police"),
    _england("nottinghamshire", "Nottinghamshire Police"),
    _england("south-yorkshire", "South Yorkshire Police"),
    _england("staffordshire", "Staffordshire Police"),
    _england("suffolk", "Suffolk Constabulary"),
    _england("surrey", "Surrey Police"),
    _england("sussex", "Sussex Police"),
    _england("thames-valley", "Thames Valley Police"),
    _england("warwickshire", "Warwickshire Police"),
    _england("west-mercia", "West Mercia Police"),
    _england("west-midlands", "West Midlands Police"),
    _england("west-yorkshire", "West Yorkshire Police"),
    _england("wiltshire", "Wiltshire Police"),
    _wales("dyfed-powys", "Dyfed-Powys Police"),
    _wales("gwent", "Gwent Police"),
    _wales("north-wales", "North Wales Police"),
    _wales("south-wales", "South Wales Police"),
    Force("btp", "British Transport Police", "Great Britain", "special"),
    Force("police-scotland", "Police Scotland", "Scotland", "territorial"),
    Force("northern-ireland", "Police Service of Northern Ireland", "Northern Ireland",
          "territorial"),
)

_BY_CODE = {force.code: force for force in FORCES}


def force_by_code(code: str) -> Force | None:
    return _BY_CODE.get(code)
