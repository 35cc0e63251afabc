"""Small event logs written by hand for the mining tests, with what they should give worked out in
the comments (tests/test_mining*.py)."""

from __future__ import annotations

import gzip
from pathlib import Path

# A café: four customers (cases), rows deliberately out of time order (the miner sorts each case by
# time; c2's two Orders are a retry). Times are UTC (no offset).
#
#   c1  Browse 03-04 09:00  Order 09:10  Pay 09:15
#   c2  Browse 03-05 10:00  Order 10:20  Order 10:25  Pay 10:30
#   c3  Browse 03-10 11:00  Order 11:30                      (ends at Order: a drop-off)
#   c4  Order  03-17 12:00  Pay 12:06
#
# Directly-follows counts: Browse→Order 3 (c1, c2, c3), Order→Order 1 (c2), Order→Pay 3 (c1, c2, c4);
# cases start at Browse 3, Order 1; end at Pay 3, Order 1.
CAFE_ROWS = [
    ("Case ID", "Activity", "Timestamp", "Resource"),
    ("c4", "Order", "2024-03-17 12:00:00", "Kim"),
    ("c4", "Pay", "2024-03-17 12:06:00", "Kim"),
    ("c1", "Browse", "2024-03-04 09:00:00", "web"),
    ("c1", "Order", "2024-03-04 09:10:00", "Kim"),
    ("c1", "Pay", "2024-03-04 09:15:00", "Kim"),
    ("c2", "Pay", "2024-03-05 10:30:00", "Lee"),
    ("c2", "Browse", "2024-03-05 10:00:00", "web"),
    ("c2", "Order", "2024-03-05 10:20:00", "Kim"),
    ("c2", "Order", "2024-03-05 10:25:00", "Lee"),
    ("c3", "Browse", "2024-03-10 11:00:00", "web"),
    ("c3", "Order", "2024-03-10 11:30:00", "Lee"),
]


def csv_text(rows: list[tuple[str, ...]], delimiter: str = ",") -> str:
    return "".join(delimiter.join(row) + "\n" for row in rows)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


# A clinic with start and complete events (staff time) and one 'schedule' event, which is no step.
#
#   k1  Check start 05-06 09:00, complete 09:12 (12 min)   Fix start 09:30, complete 10:00 (30 min)
#   k2  Check start 05-07 10:00, complete 10:08 (8 min)    Fix schedule 10:09, start 10:10, complete 10:30 (20 min)
#
# Staff minutes: Check (12 + 8) / 2 = 10, Fix (30 + 20) / 2 = 25.
# Waiting before Fix (from Check's completion to Fix's start): 18 min and 2 min: median 10 min,
# 90th percentile 2 + 0.9 × (18 − 2) = 16.4 min = 984 s (linear between the two).
CLINIC = """case,activity,lifecycle,time,staff
k1,Check,start,2024-05-06 09:00,Ann
k1,Check,complete,2024-05-06 09:12,Ann
k1,Fix,start,2024-05-06 09:30,Bob
k1,Fix,complete,2024-05-06 10:00,Bob
k2,Check,START,2024-05-07 10:00,Ann
k2,Check,Complete,2024-05-07 10:08,Ann
k2,Fix,schedule,2024-05-07 10:09,Bob
k2,Fix,start,2024-05-07 10:10,Bob
k2,Fix,complete,2024-05-07 10:30,Bob
"""

# A shop whose log names its activities more finely than the journey does, mapped by SHOP_MAPPING:
#
#   m1  Call 06-03 09:00  Spam check 09:01  Email 09:30  Pay online 10:00
#   m2  email 06-04 09:00  Visit shop 06-05 09:00  Pay in shop 06-05 09:20
#   m3  Call 06-06 09:00  Call 06-06 11:00  Visit shop 06-07 09:00
#
# Mapped: Call, Email (and "email": matched ignoring case) → "Contact us"; Spam check ignored;
# Visit shop → "Visit the shop"; Pay online, Pay in shop → "Pay". So the cases are
#
#   m1  Contact us (Call then Email: one visit, 09:00–09:30)  Pay (10:00)
#   m2  Contact us  Visit the shop  Pay
#   m3  Contact us  Contact us again (Call twice: a retry)  Visit the shop
#
# Contact us: 4 visits, 1 repeat, moves to Pay 1 and to Visit the shop 2: shares 1/4, 2/4, again 1/4.
# Visit the shop: 2 visits, 1 to Pay (1/2), 1 end (m3, a drop-off when Pay is the goal).
# Waiting before Pay: m1 10:00 − 09:30 = 30 min, m2 20 min: median 25 min, p90 20 + 0.9 × 10 = 29 min.
# Waiting before Visit the shop: m2 24 h (from 06-04 09:00), m3 22 h (from the retry at 06-06 11:00):
# median 23 h, p90 22 + 0.9 × 2 = 23.8 h. Between m3's two Calls: 2 h.
SHOP = """Case,Event,Date
m1,Call,2024-06-03 09:00
m1,Spam check,2024-06-03 09:01
m1,Email,2024-06-03 09:30
m1,Pay online,2024-06-03 10:00
m2,email,2024-06-04 09:00
m2,Visit shop,2024-06-05 09:00
m2,Pay in shop,2024-06-05 09:20
m3,Call,2024-06-06 09:00
m3,Call,2024-06-06 11:00
m3,Visit shop,2024-06-07 09:00
"""
SHOP_MAPPING = """activity;touchpoint;stage;lane
Call;Contact us;Ask;customer
Email;Contact us;Ask;
Spam check;IGNORE;;
Visit shop;Visit the shop;Buy;frontstage
Pay online;Pay;Buy;
Pay in shop;Pay;;
Refund;Refund;After;
"""


def rare_rows() -> list[tuple[str, ...]]:
    """Ten cases: r1…r9 go A → B → C, r10 goes A → X → C (X: 1 case in 10, 1 event in 30)."""
    rows: list[tuple[str, ...]] = [("case", "activity", "timestamp")]
    for number in range(1, 11):
        middle = "X" if number == 10 else "B"
        for minute, activity in enumerate(("A", middle, "C")):
            rows.append((f"r{number}", activity, f"2024-01-{number:02d} 10:{minute:02d}"))
    return rows


def cafe_xes(*, lifecycle: bool = False) -> str:
    """The café log as XES: a trace per case (its id the trace's concept:name), an event per row,
    in time order (times with an offset, the same instants as the CSV's UTC times)."""
    cases: dict[str, list[tuple[str, str, str, str]]] = {}
    for case, activity, time, resource in CAFE_ROWS[1:]:
        cases.setdefault(case, []).append((case, activity, time, resource))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<log xes.version="1.0">',
             '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
             '  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>']
    for case in sorted(cases):
        lines += ["  <trace>", f'    <string key="concept:name" value="{case}"/>']
        for _, activity, time, resource in sorted(cases[case], key=lambda row: row[2]):
            hour = int(time[11:13]) + 1  # written at +01:00: the same instant
            written = f"{time[:10]}T{hour:02d}{time[13:]}.000+01:00"
            lines += ["    <event>", f'      <string key="concept:name" value="{activity}"/>',
                      f'      <string key="org:resource" value="{resource}"/>',
                      f'      <date key="time:timestamp" value="{written}"/>']
            if lifecycle:
                lines.append('      <string key="lifecycle:transition" value="complete"/>')
            lines.append("    </event>")
        lines.append("  </trace>")
    lines.append("</log>")
    return "\n".join(lines) + "\n"


def gzipped(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"))
