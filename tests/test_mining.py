"""Mining an event log into a journey (journeymap.mining): small logs written by hand, each figure
worked out by hand in tests/mining_logs.py or in the test; bad logs in tests/test_mining_errors.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap import load, save
from journeymap.analysis import analyze
from journeymap.mining import discover_dfg, guess_roles, mine, preview

from .mining_logs import CAFE_ROWS, CLINIC, SHOP, SHOP_MAPPING, cafe_xes, csv_text, gzipped, rare_rows, write

DATA = Path(__file__).parent / "data" / "eventlogs"


def _connections(journey) -> dict[tuple[str, str], float | None]:
    return {(c.from_, c.to): c.share for c in journey.connections}


def _touchpoint(journey, step_id: str):
    return journey.touchpoint(step_id)


# --- the café: steps, shares, entries, ends, the retry, waiting times ---------------------------


@pytest.fixture
def cafe(tmp_path: Path) -> Path:
    return write(tmp_path / "cafe.csv", csv_text(CAFE_ROWS))


def test_the_directly_follows_counts_of_the_cafe(cafe: Path) -> None:
    graph = discover_dfg(cafe)
    assert graph.counts == {("Browse", "Order"): 3, ("Order", "Order"): 1, ("Order", "Pay"): 3}
    # means: Browse→Order (10 + 20 + 30) / 3 = 20 min; Order→Order 5 min; Order→Pay (5 + 5 + 6) / 3 min
    assert graph.mean_seconds == {("Browse", "Order"): 1200, ("Order", "Order"): 300, ("Order", "Pay"): 320}
    assert graph.starts == {"Browse": 3, "Order": 1}
    assert graph.ends == {"Pay": 3, "Order": 1}


def test_the_cafe_journey_step_by_step(cafe: Path) -> None:
    mined = mine(cafe, goals=["pay"])  # a goal is matched ignoring case
    journey = mined.journey
    # steps in the order customers first reach them (mean place of the first visit: Browse 1,
    # Order (2+2+2+1)/4 = 1.75, Pay (3+4+2)/3 = 3); Order's retry companion right after it
    assert [t.id for t in journey.touchpoints] == ["browse", "order", "order-again", "pay"]
    assert [t.name for t in journey.touchpoints] == ["Browse", "Order", "Order (again)", "Pay"]
    assert all(t.evidence == "measured" for t in journey.touchpoints)
    # three steps, three stages, in the order customers reach them; the companion in its step's stage
    assert [(s.id, s.name) for s in journey.stages] == [("start", "Start"), ("middle", "Middle"), ("end", "End")]
    assert [t.stage for t in journey.touchpoints] == ["start", "middle", "middle", "end"]
    # entries: 3 of 4 cases start at Browse, 1 at Order
    assert [t.entry_share for t in journey.touchpoints] == [0.75, 0.25, None, None]
    assert [t.goal for t in journey.touchpoints] == [False, False, False, True]
    # Order has 5 visits (c1 1, c2 2, c3 1, c4 1): 3 move on to Pay (3/5), 1 is retried (1/5), and
    # 1 case ends there (c3: the 1/5 left, a drop-off); the retry leads back to Order with share 1
    assert _connections(journey) == {("browse", "order"): 1.0, ("order", "pay"): 0.6,
                                     ("order", "order-again"): 0.2, ("order-again", "order"): 1.0}
    assert all(c.from_ != c.to for c in journey.connections)  # never a step to itself
    labels = {(c.from_, c.to): c.label for c in journey.connections}
    assert labels[("browse", "order")] == "3 moves, mean wait 20 min"
    assert labels[("order", "pay")] == "3 moves, mean wait 5.3 min"  # 320 s
    assert labels[("order", "order-again")] == "1 repeat"
    # 4 cases starting from Monday 2024-03-04 to Sunday 2024-03-17: 14 days, 2 weeks → 2 a week
    assert journey.customers_per_week == 2
    assert all(t.staff_minutes is None for t in journey.touchpoints)  # no lifecycle: no staff time


def test_waiting_times_are_in_each_steps_notes(cafe: Path) -> None:
    journey = mine(cafe, goals=["Pay"]).journey
    # Browse is where cases start: nothing to wait for; two resources are the café's web site
    assert _touchpoint(journey, "browse").notes == (
        "Measured from the event log: 3 visits in 3 of 4 cases (75%).\nDone by 1 resource.")
    # before Order, from Browse: 10, 20, 30 min (c2's retry is not an arrival): median 20,
    # 90th percentile 20 + 0.8 × 10 = 28 min (linear between the 2nd and 3rd of three)
    assert _touchpoint(journey, "order").notes == (
        "Measured from the event log: 5 visits in 4 of 4 cases (100%).\n"
        "Waiting before this step (3 arrivals from another step): median 20 min, 90th percentile 28 min.\n"
        "Done by 2 different resources.")
    # before Pay: 5, 5, 6 min: median 5, 90th percentile 5 + 0.8 × 1 = 5.8 min
    assert _touchpoint(journey, "pay").notes == (
        "Measured from the event log: 3 visits in 3 of 4 cases (75%).\n"
        "Waiting before this step (3 arrivals from another step): median 5 min, 90th percentile 5.8 min.\n"
        "Done by 2 different resources.")
    again = _touchpoint(journey, "order-again").notes
    assert again.startswith("Measured from the event log: 1 time “Order” was done again right after itself")
    assert again.endswith("Time between the attempts: median 5 min, 90th percentile 5 min.")


def test_the_step_figures_beside_the_journey(cafe: Path) -> None:
    mined = mine(cafe, goals=["Pay"])
    order = next(step for step in mined.steps if step.id == "order")
    assert (order.visits, order.cases, order.events, order.entries, order.ends, order.repeats) == (5, 4, 5, 1, 1, 1)
    assert (order.wait_median_seconds, order.wait_p90_seconds) == (1200, 1680)
    assert order.again_id == "order-again" and order.resources == 2 and not order.goal
    assert mined.roles.as_dict() == {"case": "Case ID", "activity": "Activity", "timestamp": "Timestamp",
                                     "lifecycle": None, "resource": "Resource"}
    data = mined.as_json()
    json.dumps(data, allow_nan=False)  # plain JSON
    assert data["coverage"]["cases_share"] == 1 and data["coverage"]["events_share"] == 1


def test_the_analysis_gives_back_the_logs_own_figures(cafe: Path) -> None:
    analysis = analyze(mine(cafe, goals=["Pay"]).journey)
    by_id = {row["id"]: row for row in analysis["touchpoints"]}
    # Order: 5 visits in 4 cases → 1.25 a customer; 1 case in 4 ends there, short of the goal
    assert by_id["order"]["expected_visits"] == pytest.approx(1.25)
    assert by_id["order"]["drop_off"] == pytest.approx(0.25)
    assert by_id["order-again"]["expected_visits"] == pytest.approx(0.25)  # 1 retry in 4 cases
    assert by_id["pay"]["drop_off"] == 0 and by_id["pay"]["exit"] == pytest.approx(0.75)
    assert analysis["journey"]["completion"] == pytest.approx(0.75)
    assert analysis["journey"]["customers_per_week"] == 2


def test_without_a_goal_a_warning_says_how_ends_are_read(cafe: Path) -> None:
    mined = mine(cafe)
    assert not any(t.goal for t in mined.journey.touchpoints)
    assert any("No goal was given" in warning for warning in mined.warnings)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_with_any_delimiter_gives_the_same_journey(tmp_path: Path, cafe: Path, delimiter: str) -> None:
    other = write(tmp_path / "other.csv", csv_text(CAFE_ROWS, delimiter))
    expected = mine(cafe, goals=["Pay"]).journey
    got = mine(other, goals=["Pay"]).journey
    assert got.touchpoints == expected.touchpoints and got.connections == expected.connections


@pytest.mark.parametrize("name", ["cafe.csv.gz", "cafe.txt", "cafe.tsv"])
def test_other_names_of_csv(tmp_path: Path, cafe: Path, name: str) -> None:
    text = csv_text(CAFE_ROWS, "\t" if ".tsv" in name else ",")
    path = write(tmp_path / name, gzipped(text) if name.endswith(".gz") else text)
    assert mine(path, goals=["Pay"]).journey.connections == mine(cafe, goals=["Pay"]).journey.connections


def test_a_spreadsheets_csv_with_a_bom_crlf_and_quoted_cells(tmp_path: Path) -> None:
    rows = ['"Case ID";"Activity";"Timestamp"', '1;"Order; to go";2024-03-01 10:00', '1;"Pay ""now""";2024-03-01 10:05']
    path = write(tmp_path / "excel.csv", "\ufeff" + "\r\n".join(rows) + "\r\n")
    journey = mine(path).journey
    assert [t.name for t in journey.touchpoints] == ["Order; to go", 'Pay "now"']
    assert _connections(journey) == {("order_to_go", "pay_now"): 1.0}


def test_times_with_offsets_are_compared_as_instants(tmp_path: Path) -> None:
    # B is written 09:30 but at +00:00 it comes after A's 10:00+02:00 (08:00 UTC)
    path = write(tmp_path / "zones.csv", "case,activity,timestamp\n"
                 "1,B,2024-03-01T09:30:00+00:00\n1,A,2024-03-01T10:00:00+02:00\n")
    assert discover_dfg(path).counts == {("A", "B"): 1}


def test_events_at_the_same_time_keep_their_order_in_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "ties.csv", "case,activity,timestamp\n1,Y,2024-03-01 10:00\n1,X,2024-03-01 10:00\n"
                                        "1,Z,2024-03-01 10:00\n")
    assert discover_dfg(path).counts == {("Y", "X"): 1, ("X", "Z"): 1}


def test_day_first_times_are_read_day_first_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "eu.csv", "case,activity,timestamp\n1,A,01/03/2024 10:00\n1,B,02/03/2024 10:00\n")
    mined = mine(path)
    # 1 and 2 March (day first), not 3 January and 3 February: the case starts on 2024-03-01
    assert mined.coverage.first_start == "2024-03-01T10:00:00Z"
    assert mined.steps[1].wait_median_seconds == 86400  # one day, not a month
    assert any("could be day/month or month/day" in warning for warning in mined.warnings)


def test_month_first_times_are_read_when_only_they_fit(tmp_path: Path) -> None:
    path = write(tmp_path / "us.csv", "case,activity,timestamp\n1,A,03/17/2024 9:30 AM\n1,B,03/17/2024 1:30 PM\n")
    mined = mine(path)
    assert mined.coverage.first_start == "2024-03-17T09:30:00Z"
    assert mined.steps[1].wait_median_seconds == 4 * 3600
    assert not any("day/month" in warning for warning in mined.warnings)


# --- lifecycle: start and complete events, staff time ----------------------------------------


def test_staff_minutes_from_start_and_complete_pairs(tmp_path: Path) -> None:
    mined = mine(write(tmp_path / "clinic.csv", CLINIC))
    journey = mined.journey
    assert mined.roles.lifecycle == "lifecycle" and mined.roles.resource == "staff"
    assert [(t.id, t.staff_minutes) for t in journey.touchpoints] == [("check", 10), ("fix", 25)]
    # a start and its completion are one visit: no Check → Check retry
    assert _connections(journey) == {("check", "fix"): 1.0}
    fix = next(step for step in mined.steps if step.id == "fix")
    assert (fix.visits, fix.events) == (2, 5)  # the schedule event is Fix's, but no visit
    assert (fix.wait_median_seconds, fix.wait_p90_seconds) == (600, 984)
    assert "Staff time (start to completion, 2 visits): mean 25 min." in journey.touchpoint("fix").notes
    assert "median 10 min, 90th percentile 16 min" in journey.touchpoint("fix").notes
    assert any("1 events with a lifecycle transition other than start and complete" in w for w in mined.warnings)
    # 2 cases starting 2024-05-06 and 05-07 (2 days) → 7 a week
    assert journey.customers_per_week == 7


def test_the_directly_follows_counts_take_every_event_as_it_is(tmp_path: Path) -> None:
    # as process-mining tools count them, a start and a complete are two events:
    # k1 Check Check Fix Fix; k2 Check Check Fix(schedule) Fix Fix
    graph = discover_dfg(write(tmp_path / "clinic.csv", CLINIC))
    assert graph.counts == {("Check", "Check"): 2, ("Check", "Fix"): 2, ("Fix", "Fix"): 3}


def test_a_lifecycle_column_without_complete_events_is_not_used(tmp_path: Path) -> None:
    path = write(tmp_path / "odd.csv", "case,activity,lifecycle,time\n1,A,begin,2024-01-01 10:00\n"
                                       "1,B,begin,2024-01-01 11:00\n")
    mined = mine(path)
    assert _connections(mined.journey) == {("a", "b"): 1.0}
    assert any("has no 'complete' events" in warning for warning in mined.warnings)


# --- the mapping file ----------------------------------------------------------------------------


def test_the_mapping_file_many_activities_to_one_touchpoint(tmp_path: Path) -> None:
    log = write(tmp_path / "shop.csv", SHOP)
    mapping = write(tmp_path / "mapping.csv", SHOP_MAPPING)
    mined = mine(log, mapping=mapping, goals=["Pay online"])  # a goal may be an activity of the step
    journey = mined.journey
    # Visit the shop and Pay are both first reached at mean place 2.5: by name
    assert [(t.id, t.name, t.stage, t.lane) for t in journey.touchpoints] == [
        ("contact_us", "Contact us", "ask", "customer"),
        ("contact_us-again", "Contact us (again)", "ask", "customer"),
        ("pay", "Pay", "buy", "customer"),
        ("visit_the_shop", "Visit the shop", "buy", "frontstage"),
    ]
    assert [(s.id, s.name) for s in journey.stages] == [("ask", "Ask"), ("buy", "Buy")]  # After: no step
    assert _connections(journey) == {("contact_us", "contact_us-again"): 0.25, ("contact_us-again", "contact_us"): 1,
                                     ("contact_us", "pay"): 0.25, ("contact_us", "visit_the_shop"): 0.5,
                                     ("visit_the_shop", "pay"): 0.5}
    assert journey.touchpoint("pay").goal and journey.touchpoint("contact_us").entry_share == 1
    assert "median 25 min, 90th percentile 29 min" in journey.touchpoint("pay").notes
    assert "median 23 h, 90th percentile 24 h" in journey.touchpoint("visit_the_shop").notes  # 23.8 h
    contact = next(step for step in mined.steps if step.name == "Contact us")
    assert sorted(contact.activities) == ["Call", "Email", "email"]
    assert (contact.visits, contact.events, contact.repeats) == (4, 5, 1)  # m1 Call Email, m2 email, m3 Call Call
    # 10 events, the Spam check ignored: 9 on the map; every case on it
    assert (mined.coverage.events, mined.coverage.ignored_events, mined.coverage.events_covered) == (10, 1, 9)
    assert mined.coverage.cases_covered == 3
    assert "1 events of activities the mapping ignores are left out" in journey.description
    assert any("not have: 'Refund'" in warning for warning in mined.warnings)


def test_without_the_mapping_each_activity_is_its_own_step(tmp_path: Path) -> None:
    journey = mine(write(tmp_path / "shop.csv", SHOP)).journey
    assert {t.name for t in journey.touchpoints} == {"Call", "Call (again)", "Spam check", "Email", "email",
                                                    "Visit shop", "Pay online", "Pay in shop"}


def test_a_mapping_matches_activities_ignoring_case_as_python_folds_it(tmp_path: Path) -> None:
    log = write(tmp_path / "street.csv",
                "case,activity,timestamp\n1,Straße,2024-01-01 10:00\n1,Ende,2024-01-01 11:00\n")
    mapping = write(tmp_path / "m.csv", "activity,touchpoint\nSTRASSE,Street\n")
    assert [t.name for t in mine(log, mapping=mapping).journey.touchpoints] == ["Street", "Ende"]


# --- keeping a big log readable: --min-share, --top, coverage ------------------------------------


@pytest.fixture
def rare(tmp_path: Path) -> Path:
    return write(tmp_path / "rare.csv", csv_text(rare_rows()))


def test_min_share_drops_rare_steps_and_moves_and_says_what_is_left(rare: Path) -> None:
    mined = mine(rare, min_share=0.2)
    journey = mined.journey
    # X (1 case in 10) goes; r10 is then A → C, a move of 1 case in 10, which goes too
    assert [t.id for t in journey.touchpoints] == ["a", "b", "c"]
    # A's 10 visits all move on: the left-off move's customer is counted with the kept move
    assert _connections(journey) == {("a", "b"): 1.0, ("b", "c"): 1.0}
    coverage = mined.coverage
    assert (coverage.cases, coverage.cases_covered, coverage.events, coverage.events_covered) == (10, 9, 30, 29)
    assert (coverage.steps_in_log, coverage.steps_on_map, coverage.moves_in_log, coverage.moves_on_map) == (4, 3, 4, 2)
    assert ("The map shows 3 of the log's 4 steps and 2 of its 4 moves: 90% of the cases go only through steps "
            "and moves on the map, and 96.6% of the events are on its steps.") in journey.description  # 29/30
    assert "Kept: steps and moves that at least 20% of the cases take." in journey.description


def test_top_keeps_the_steps_most_cases_pass(rare: Path) -> None:
    mined = mine(rare, top=3)
    # A and C: 10 cases, B 9, X 1: X goes; r10's A → C is kept (no --min-share)
    assert _connections(mined.journey) == {("a", "b"): 0.9, ("a", "c"): 0.1, ("b", "c"): 1.0}
    assert (mined.coverage.cases_covered, mined.coverage.events_covered) == (9, 29)
    assert "Kept: the 3 steps most cases pass." in mined.journey.description


def test_a_goal_is_kept_whatever_top_says(rare: Path) -> None:
    mined = mine(rare, top=1, goals=["X"])
    # ranked A and C (10 cases; by name), B 9, X 1: A is the top 1, X is the goal; B and C go
    assert [t.id for t in mined.journey.touchpoints] == ["a", "x"]
    assert _connections(mined.journey) == {("a", "x"): 0.1}  # r10; r1…r9 are then A alone
    assert mined.coverage.cases_covered == 0  # every case passes B or C
    assert mined.coverage.events_covered == 11  # A 10, X 1


def test_a_whole_log_is_all_covered(rare: Path) -> None:
    mined = mine(rare)
    assert mined.coverage.cases_share == 1 and mined.coverage.events_share == 1
    assert "100% of the cases" in mined.journey.description


# --- Parquet and XES ---------------------------------------------------------------------------


def test_parquet_with_typed_columns(tmp_path: Path, cafe: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = CAFE_ROWS[1:]
    table = pa.table({
        "case:concept:name": pa.array([int(row[0][1:]) for row in rows], pa.int64()),  # numbers, not text
        "concept:name": [row[1] for row in rows],
        "time:timestamp": pa.array([__import__("datetime").datetime.fromisoformat(row[2] + "+00:00") for row in rows],
                                   pa.timestamp("us", tz="UTC")),
        "org:resource": [row[3] for row in rows],
    })
    path = tmp_path / "cafe.parquet"
    pq.write_table(table, path)
    mined = mine(path, goals=["Pay"])
    expected = mine(cafe, goals=["Pay"]).journey
    assert mined.format == "parquet"
    assert mined.journey.touchpoints == expected.touchpoints and mined.journey.connections == expected.connections


def test_parquet_written_by_duckdb_with_text_times(tmp_path: Path, cafe: Path) -> None:
    import duckdb

    path = tmp_path / "cafe.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{cafe}', all_varchar = true)) TO '{path}' (FORMAT parquet)")
    assert discover_dfg(path).counts == {("Browse", "Order"): 3, ("Order", "Order"): 1, ("Order", "Pay"): 3}


@pytest.mark.parametrize("name", ["cafe.xes", "cafe.xes.gz", "CAFE.XES"])
def test_xes_gives_the_same_journey_as_csv(tmp_path: Path, cafe: Path, name: str) -> None:
    text = cafe_xes()
    path = write(tmp_path / name, gzipped(text) if name.endswith(".gz") else text)
    mined = mine(path, goals=["Pay"])
    expected = mine(cafe, goals=["Pay"]).journey
    assert mined.format == "xes"
    assert mined.roles.as_dict() == {"case": "case:concept:name", "activity": "concept:name",
                                     "timestamp": "time:timestamp", "lifecycle": None, "resource": "org:resource"}
    assert mined.journey.touchpoints == expected.touchpoints and mined.journey.connections == expected.connections


def test_xes_with_complete_events_only(tmp_path: Path, cafe: Path) -> None:
    mined = mine(write(tmp_path / "cafe.xes", cafe_xes(lifecycle=True)), goals=["Pay"])
    assert mined.roles.lifecycle == "lifecycle:transition"
    assert mined.journey.connections == mine(cafe, goals=["Pay"]).journey.connections
    assert all(t.staff_minutes is None for t in mined.journey.touchpoints)  # no start events


def test_xes_the_careful_reader_takes_comments_and_cdata(tmp_path: Path, cafe: Path) -> None:
    text = cafe_xes().replace("<trace>", "<!-- a case --><trace>", 1)
    mined = mine(write(tmp_path / "cafe.xes", text), goals=["Pay"])
    assert mined.journey.connections == mine(cafe, goals=["Pay"]).journey.connections


# --- the real log: the textbook's running example ----------------------------------------------

# van der Aalst, Process Mining (2016), table 1.1: six requests for compensation, 42 events.
#   1  register, examine thoroughly, check ticket, decide, reject
#   2  register, check ticket, examine casually, decide, pay compensation
#   3  register, examine casually, check ticket, decide, reinitiate, examine thoroughly, check ticket,
#      decide, pay compensation
#   4  register, check ticket, examine thoroughly, decide, reject
#   5  register, examine casually, check ticket, decide, reinitiate, check ticket, examine casually,
#      decide, reinitiate, examine casually, check ticket, decide, reject
#   6  register, examine casually, check ticket, decide, pay compensation
# Counted by hand from these (36 pairs in all: 42 events − 6 cases):
RUNNING_EXAMPLE_DFG = {
    ("register request", "examine thoroughly"): 1,  # 1
    ("register request", "check ticket"): 2,  # 2, 4
    ("register request", "examine casually"): 3,  # 3, 5, 6
    ("examine thoroughly", "check ticket"): 2,  # 1, 3
    ("examine thoroughly", "decide"): 1,  # 4
    ("examine casually", "check ticket"): 4,  # 3, 5 twice, 6
    ("examine casually", "decide"): 2,  # 2, 5
    ("check ticket", "decide"): 6,  # 1, 3 twice, 5 twice, 6
    ("check ticket", "examine casually"): 2,  # 2, 5
    ("check ticket", "examine thoroughly"): 1,  # 4
    ("decide", "reject request"): 3,  # 1, 4, 5
    ("decide", "pay compensation"): 3,  # 2, 3, 6
    ("decide", "reinitiate request"): 3,  # 3, 5 twice
    ("reinitiate request", "examine thoroughly"): 1,  # 3
    ("reinitiate request", "check ticket"): 1,  # 5
    ("reinitiate request", "examine casually"): 1,  # 5
}


def test_the_running_example_directly_follows_counts() -> None:
    graph = discover_dfg(DATA / "running-example.xes")
    assert graph.counts == RUNNING_EXAMPLE_DFG
    assert sum(graph.counts.values()) == 36
    assert graph.starts == {"register request": 6}
    assert graph.ends == {"reject request": 3, "pay compensation": 3}


def test_the_running_example_as_a_journey(tmp_path: Path) -> None:
    mined = mine(DATA / "running-example.xes", goals=["pay compensation"])
    journey = mined.journey
    by_name = {t.name: t for t in journey.touchpoints}
    assert len(journey.touchpoints) == 8  # no activity directly repeats itself: no companion step
    assert by_name["register request"].entry_share == 1
    shares = {(c.from_, c.to): c.share for c in journey.connections}
    # decide: 9 visits, a third each to pay, reject and reinitiate (rounded to add up to 1)
    assert sorted(shares[("decide", target)] for target in ("pay_compensation", "reject_request",
                                                             "reinitiate_request")) == [0.333333, 0.333333, 0.333334]
    # check ticket: 9 visits, 6 to decide, 2 to examine casually, 1 to examine thoroughly
    assert shares[("check_ticket", "decide")] == 0.666667 and shares[("check_ticket", "examine_casually")] == 0.222222
    # every pair of the log is a connection with its count
    assert {(c.from_, c.to): int(c.label.split()[0]) for c in journey.connections} == {
        (a.replace(" ", "_"), b.replace(" ", "_")): count for (a, b), count in RUNNING_EXAMPLE_DFG.items()}
    # the six cases start 2010-12-30 (three) and 2011-01-06 (three): 8 days → 6 / (8/7) = 5.25 a week
    assert journey.customers_per_week == 5.25
    analysis = analyze(journey)
    reject = next(row for row in analysis["touchpoints"] if row["id"] == "reject_request")
    # half the cases end at reject request, short of the goal (up to the shares' 6 decimals)
    assert reject["drop_off"] == pytest.approx(0.5, abs=1e-5)
    assert analysis["journey"]["completion"] == pytest.approx(0.5, abs=1e-5)


def test_a_mined_journey_is_a_valid_journey_file(tmp_path: Path, cafe: Path) -> None:
    journey = mine(cafe, goals=["Pay"]).journey
    path = tmp_path / "mined.json"
    save(journey, path)
    assert load(path) == journey


# --- the preview and the column guess ---------------------------------------------------------


def test_preview_shows_the_first_rows_and_the_guessed_roles(cafe: Path) -> None:
    seen = preview(cafe, rows=2)
    assert seen.format == "csv" and seen.columns == ["Case ID", "Activity", "Timestamp", "Resource"]
    assert seen.rows == [["c4", "Order", "2024-03-17 12:00:00", "Kim"], ["c4", "Pay", "2024-03-17 12:06:00", "Kim"]]
    assert seen.roles.case == "Case ID" and seen.missing == []


def test_preview_of_xes_names_trace_attributes_case() -> None:
    seen = preview(DATA / "running-example.xes", rows=1)
    assert seen.roles.case == "case:concept:name" and seen.roles.activity == "concept:name"
    assert seen.rows[0][seen.columns.index("concept:name")] == "register request"


@pytest.mark.parametrize(("columns", "expected"), [
    (["Case ID", "Activity", "Timestamp"], ("Case ID", "Activity", "Timestamp")),
    (["case_id", "activity_name", "time_stamp"], ("case_id", "activity_name", "time_stamp")),
    (["Ticket", "Status", "Created at", "Agent"], ("Ticket", "Status", "Created at")),
    (["CaseID", "Event", "Date"], ("CaseID", "Event", "Date")),
])
def test_column_roles_are_guessed_from_common_names(columns: list[str], expected: tuple[str, str, str]) -> None:
    roles = guess_roles(columns)
    assert (roles.case, roles.activity, roles.timestamp) == expected


def test_columns_can_be_named(tmp_path: Path) -> None:
    path = write(tmp_path / "own.csv", "who,what,when,kind\n1,A,2024-01-01 10:00,x\n1,B,2024-01-01 10:05,y\n")
    mined = mine(path, columns={"case": "who", "activity": "WHAT", "timestamp": "when"})
    assert mined.roles.activity == "what"  # matched ignoring case, kept as the log writes it
    assert _connections(mined.journey) == {("a", "b"): 1.0}
