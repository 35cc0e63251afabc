"""The ``journeymap`` command line: validate, analyze, render, convert, calibrate, mine, schema, app, store.

Exit codes: 0 success, 1 invalid input, 2 usage error. Bad input never gives a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_MIN_ANSWERS, DEFAULT_RISK_THRESHOLD, LOG_ROLES

# Everything else is imported by the command that needs it: `journeymap --version` and `--help`
# answer without loading pydantic, JSON or even the error classes (benchmarks/bench_cli.py).
if TYPE_CHECKING:
    from journeymap.model import Journey

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# Characters a file could use to drive the terminal it is printed on (escape sequences, C1
# controls, bidirectional overrides that reorder what is shown): printed as visible escapes.
_UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    r"""``text`` with every character that could control a terminal written as a visible escape.

    Examples
    --------
    >>> terminal_text("pay\x1b[31m now\tplease")
    'pay\\x1b[31m now\tplease'
    >>> terminal_text("\u202eevil")
    '\\u202eevil'
    """
    return _UNSAFE_FOR_TERMINAL.sub(_visible_escape, text)


def _visible_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _say(text: str, *, error: bool = False, end: str = "\n") -> None:
    """Print to stdout (or stderr) with user text made safe for the terminal."""
    print(terminal_text(text), file=sys.stderr if error else sys.stdout, end=end)


def _json_text(data: object) -> str:
    r"""JSON for the terminal: UTF-8 text, with the few characters JSON leaves raw but a terminal
    obeys (C1 controls, line separators, bidirectional overrides) as \u escapes: still the same JSON."""
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    return _UNSAFE_FOR_TERMINAL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse reports usage errors itself, then exits 2
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    from journeymap.errors import JourneyFileError, JourneyMapError

    try:
        return int(args.handler(args))
    except JourneyFileError as error:
        for line in error.lines():
            _say(line, error=True)
        return EXIT_INVALID
    except JourneyMapError as error:
        _say(f"journeymap: {error}", error=True)
        return EXIT_INVALID
    except BrokenPipeError:  # `journeymap analyze x | head`
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Map a customer journey with empathy and decide, step by step, what to automate.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser("validate", help="check journey files (any format convert reads); list every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(handler=_validate)

    analyze = commands.add_parser("analyze", help="figures, pain points and automation advice for a journey")
    analyze.add_argument("file", metavar="FILE")
    analyze.add_argument("--json", action="store_true", help="print the analysis as JSON instead of a report")
    _add_threshold_options(analyze)
    analyze.set_defaults(handler=_analyze)

    render = commands.add_parser("render", help="draw the annotated journey map as an image (.png, .svg or .pdf)")
    render.add_argument("file", metavar="FILE")
    render.add_argument("-o", "--output", required=True, metavar="OUT", help="image to write: OUT.png, OUT.svg or OUT.pdf")
    render.add_argument("--scale", type=_image_scale, default=2.0, metavar="N",
                        help="pixel multiplier of PNG images, above 0 and at most 4 (default 2)")
    render.add_argument("--size-by", choices=("friction", "volume"), default="friction",
                        help="what the size of each step shows (default friction)")
    render.add_argument("--rows", type=_map_rows, default=None, metavar="N|auto",
                        help="wrap the stages into N rows of the map, or 'auto' (nearest an A3 page's shape); "
                             "by default a map wider than 4,000 pixels is wrapped, 'auto'")
    _add_threshold_options(render)
    render.set_defaults(handler=_render)

    schema = commands.add_parser("schema", help="print the JSON Schema of the journey file format")
    schema.set_defaults(handler=_schema)

    convert = commands.add_parser(
        "convert", help="convert a journey between formats, chosen by extension",
        description="Read IN and write OUT, each in the format its extension says. Reads .json, .mmd (Mermaid "
                    "user journey), .csv (touchpoints, with NAME.connections.csv, NAME.stages.csv and "
                    "NAME.journey.csv beside it when present), .zip (those CSV tables) and .xlsx; writes those "
                    "and the workshop report as .html or .md (with its map image as NAME.png beside it).")
    convert.add_argument("source", metavar="IN")
    convert.add_argument("target", metavar="OUT")
    _add_threshold_options(convert, "for reports: ")
    convert.set_defaults(handler=_convert)

    _add_calibrate_command(commands)
    _add_mine_command(commands)

    app = commands.add_parser("app", help="start the workshop app in the browser")
    app.add_argument("file", nargs="?", metavar="FILE", help="journey to open first")
    kept = app.add_mutually_exclusive_group()
    kept.add_argument("--workspace", metavar="DIR", help="folder where journeys are saved (default ./journeys)")
    kept.add_argument("--database", metavar="URL",
                      help="keep journeys and their history in a database instead: sqlite:///team.db or "
                           "postgresql+psycopg://user:password@host/db (default $JOURNEYMAP_DATABASE_URL, if set)")
    app.add_argument("--port", type=_port, default=8501, metavar="N", help="port to serve on (default 8501)")
    app.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                     help="address to serve on (default 127.0.0.1: this computer only; "
                          "0.0.0.0: every device on the network, e.g. for a live workshop; "
                          "then visitors need the team's access key, $JOURNEYMAP_ACCESS_KEY)")
    app.add_argument("--trusted-network", action="store_true",
                     help="serve beyond this computer without an access key: everyone who can reach it "
                          "sees every journey")
    app.set_defaults(handler=_app)

    _add_store_commands(commands)
    return parser


def _add_calibrate_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    calibrate = commands.add_parser(
        "calibrate", help="turn survey answers (CSAT, CES, NPS or a range) into each step's emotion and friction",
        description="Read SURVEY (CSV or .xlsx, a row per answer: the touchpoint's id or name, a score, its scale "
                    "and a comment) and say, step by step, what it changes in JOURNEY: the mean score becomes the "
                    "step's emotion (-5 to +5; for CES also its friction, 0 to 10), the number of answers and the "
                    "95%% interval are kept in the step's survey, its evidence becomes measured, and comments "
                    "join its quotes with e-mail addresses, phone numbers and what look like names masked. "
                    "A step with fewer answers than --min-answers keeps its values. Nothing is written without "
                    "-o. docs/calibrate.md has the mapping.")
    calibrate.add_argument("file", metavar="JOURNEY")
    calibrate.add_argument("survey", metavar="SURVEY")
    calibrate.add_argument("-o", "--output", metavar="OUT",
                           help="write the calibrated journey to OUT, in the format its extension says (as convert; "
                                "OUT may be JOURNEY itself); without it nothing is written")
    calibrate.add_argument("--min-answers", type=_min_answers, default=DEFAULT_MIN_ANSWERS, metavar="N",
                           help=f"the fewest answers that set a step's values (default {DEFAULT_MIN_ANSWERS})")
    calibrate.add_argument("--scale", metavar="SCALE",
                           help="the scale of every answer: CSAT (1-5), CES (1-7), NPS (0-10) or a range such as "
                                "1-10 (default: the Scale column, else the score column's heading)")
    for role in ("touchpoint", "score", "scale", "comment"):
        calibrate.add_argument(f"--{role}-column", metavar="COLUMN", dest=f"{role}_column",
                               help=f"the heading of the {role} column (default: found by its name)")
    calibrate.add_argument("--json", action="store_true", help="print what changes as JSON instead of text")
    calibrate.set_defaults(handler=_calibrate)


#: What each role's column holds, for the help of ``mine``'s options.
_ROLE_HELP = {
    "case": "the case: the customer, order, ticket or visit each event belongs to",
    "activity": "the activity: what happened (a step of the journey)",
    "timestamp": "the date and time of the event",
    "lifecycle": "the lifecycle transition (start, complete): staff time from start to complete",
    "resource": "the resource: who (or which system) did it",
}


def _add_mine_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mine = commands.add_parser(
        "mine", help="mine an event log (CSV, Parquet, XES) into a journey",
        description="Read an event log (.csv with any delimiter, .parquet, .xes or .xes.gz; a row per event) and "
                    "write the journey it shows: a step per activity, the flow's shares from how often one "
                    "activity directly follows another, where cases start and end, waiting and staff times. "
                    "Columns are found by their names (case:concept:name, Case ID, concept:name, Activity, "
                    "time:timestamp, Timestamp …) unless named with the options below. docs/mining.md")
    mine.add_argument("log", metavar="LOG")
    mine.add_argument("-o", "--output", required=True, metavar="OUT",
                      help="journey file to write: OUT.json (or .csv, .zip, .xlsx, .mmd)")
    columns = mine.add_argument_group("columns", "the column of each role, when its name is not one journeymap "
                                                 "knows (matched ignoring case)")
    for role in LOG_ROLES:
        columns.add_argument(f"--{role}", metavar="COLUMN", help=f"the column of {_ROLE_HELP[role]}")
    mine.add_argument("--mapping", metavar="FILE",
                      help="CSV file naming each activity's touchpoint, stage and lane, or 'ignore' (columns "
                           "activity, touchpoint, stage, lane)")
    mine.add_argument("--goal", action="append", default=[], metavar="ACTIVITY",
                      help="an activity (or mapped touchpoint) where a journey succeeds; cases ending elsewhere "
                           "drop off; repeat for several")
    mine.add_argument("--min-share", type=_min_share, default=0.0, metavar="X",
                      help="leave off the steps and moves fewer than this share of the cases take: 0.05 or 5%% "
                           "(default 0: all)")
    mine.add_argument("--top", type=_top, default=None, metavar="N",
                      help="keep only the N steps most cases pass (goals are always kept)")
    mine.add_argument("--title", metavar="TITLE", help="the journey's title (default: 'Journey mined from LOG')")
    mine.add_argument("--json", action="store_true",
                      help="print what was mined as JSON: columns, coverage, each step's figures, warnings")
    mine.set_defaults(handler=_mine)


def _add_store_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    store = commands.add_parser("store", help="work on a store of journeys (a folder or a database)")
    actions = store.add_subparsers(dest="action", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy", help="copy every journey, with its whole history, from one store into another",
        description="Copy every journey of FROM, every revision with its time, author and summary, into TO. "
                    "Each is a folder of journeys or a database URL: sqlite:///FILE or "
                    "postgresql+psycopg://USER:PASSWORD@HOST/DATABASE. Nothing is copied if TO already "
                    "has a journey of the same name.")
    copy.add_argument("source", metavar="FROM")
    copy.add_argument("target", metavar="TO")
    copy.set_defaults(handler=_store_copy)


def _add_threshold_options(parser: argparse.ArgumentParser, purpose: str = "") -> None:
    """The automation advice's two thresholds, the same on every command that gives advice."""
    parser.add_argument("--fit-threshold", type=_score_0_100, default=DEFAULT_FIT_THRESHOLD, metavar="N",
                        help=f"{purpose}automation fit (0-100) from which a step counts as a good fit "
                             f"(default {DEFAULT_FIT_THRESHOLD:g})")
    parser.add_argument("--risk-threshold", type=_score_0_100, default=DEFAULT_RISK_THRESHOLD, metavar="N",
                        help=f"{purpose}empathy risk (0-100) from which a step counts as risky "
                             f"(default {DEFAULT_RISK_THRESHOLD:g})")


def _read(path: str) -> Journey:
    """A journey in any format journeymap reads, by extension; any other name is read as JSON."""
    from journeymap.formats import read_journey

    return read_journey(path, unknown_as_json=True)


def _validate(args: argparse.Namespace) -> int:
    from journeymap.errors import JourneyFileError

    status = EXIT_OK
    for name in args.files:
        try:
            journey = _read(name)
        except JourneyFileError as error:
            for line in error.lines():
                _say(line, error=True)
            status = EXIT_INVALID
        else:
            _say(f"{name}: valid ({len(journey.touchpoints)} touchpoints, {len(journey.connections)} connections)")
    return status


def _analyze(args: argparse.Namespace) -> int:
    from journeymap.analysis import analyze
    from journeymap.reports.text import format_report

    result = analyze(_read(args.file), fit_threshold=args.fit_threshold, risk_threshold=args.risk_threshold)
    if args.json:
        _say(_json_text(result))
    else:
        _say(format_report(result), end="")
    return EXIT_OK


def _score_0_100(text: str) -> float:
    """An argparse type: a number from 0 to 100 (else a usage error, exit 2)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number; give a number from 0 to 100") from None
    if not 0 <= value <= 100:  # also rejects nan
        raise argparse.ArgumentTypeError(f"{text} is outside 0-100; give a number from 0 to 100")
    return value


def _render(args: argparse.Namespace) -> int:
    from journeymap.analysis import analyze
    from journeymap.charts.images import image_format, render_image

    try:
        image_format(args.output)
    except ValueError as error:
        _say(f"journeymap: {error}", error=True)
        return EXIT_USAGE
    journey = _read(args.file)
    analysis = analyze(journey, fit_threshold=args.fit_threshold, risk_threshold=args.risk_threshold)
    try:
        path = render_image(journey, Path(args.output), scale=args.scale, analysis=analysis, size_by=args.size_by, rows=args.rows)
    except OSError as error:
        _say(f"journeymap: cannot write '{args.output}': {error.strerror or error}", error=True)
        return EXIT_INVALID
    _say(f"wrote {path}")
    return EXIT_OK


def _map_rows(text: str) -> int | str:
    """An argparse type: 'auto' or a whole number of rows from 1 (else a usage error, exit 2)."""
    if text == "auto":
        return text
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is neither a number of rows nor 'auto'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} rows: give 1 or more, or 'auto'")
    return value


def _image_scale(text: str) -> float:
    """An argparse type: a PNG scale above 0 and at most 4 (else a usage error, exit 2)."""
    from journeymap.charts.images import MAX_SCALE

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number; give a scale such as 1, 2 or 3") from None
    if not 0 < value <= MAX_SCALE:  # also rejects nan
        raise argparse.ArgumentTypeError(f"{text} is out of range; give a scale above 0 and at most {MAX_SCALE:g}")
    return value


def _schema(args: argparse.Namespace) -> int:
    from journeymap.model.validation import json_schema

    _say(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    from journeymap.convert import write_journey
    from journeymap.formats import UnknownFormatError, file_format, read_journey

    try:
        file_format(args.source)
        file_format(args.target, writing=True)
    except UnknownFormatError as error:
        _say(f"journeymap: {error}", error=True)
        return EXIT_USAGE
    journey = read_journey(args.source)
    try:
        written = write_journey(journey, args.target, fit_threshold=args.fit_threshold,
                                risk_threshold=args.risk_threshold)
    except OSError as error:
        _say(f"journeymap: cannot write '{args.target}': {error.strerror or error}", error=True)
        return EXIT_INVALID
    for path in written:
        _say(f"wrote {path}")
    return EXIT_OK


def _calibrate(args: argparse.Namespace) -> int:
    from journeymap.convert import write_journey
    from journeymap.formats import UnknownFormatError, file_format
    from journeymap.mining.survey.calibrate import calibrate, calibrated
    from journeymap.mining.survey.summary import calibration_data, calibration_lines
    from journeymap.mining.survey.table import SurveyColumns

    if args.output is not None:
        try:
            file_format(args.output, writing=True)
        except UnknownFormatError as error:
            _say(f"journeymap: {error}", error=True)
            return EXIT_USAGE
    journey = _read(args.file)
    columns = SurveyColumns(args.touchpoint_column, args.score_column, args.scale_column, args.comment_column)
    calibration = calibrate(journey, args.survey, min_answers=args.min_answers, scale=args.scale, columns=columns)
    written: list[Path] = []
    if args.output is not None:
        try:
            written = write_journey(calibrated(journey, calibration), args.output)
        except OSError as error:
            _say(f"journeymap: cannot write '{args.output}': {error.strerror or error}", error=True)
            return EXIT_INVALID
    if args.json:
        _say(_json_text({"journey": args.file, **calibration_data(calibration),
                         "written": [str(path) for path in written]}))
        return EXIT_OK
    for line in calibration_lines(calibration):
        _say(line)
    if calibration.kept and any(step.answers for step in calibration.kept):
        _say(f"(--min-answers {args.min_answers}: a step with fewer answers keeps its values)")
    for path in written:
        _say(f"wrote {path}")
    if args.output is None:
        _say("nothing written: -o FILE writes the calibrated journey")
    return EXIT_OK


def _min_answers(text: str) -> int:
    """An argparse type: a whole number of answers from 1 (else a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number; give the fewest answers, "
                                         "such as 5") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} answers: give 1 or more")
    return value


def _mine(args: argparse.Namespace) -> int:
    from journeymap.convert import write_journey
    from journeymap.formats import READ_FORMATS, UnknownFormatError, file_format
    from journeymap.mining import mine
    from journeymap.mining.summary import summary_line

    try:
        kind = file_format(args.output, writing=True)
    except UnknownFormatError as error:
        _say(f"journeymap: {error}", error=True)
        return EXIT_USAGE
    if kind not in READ_FORMATS:
        _say(f"journeymap: a mined journey is written as a journey file ({', '.join('.' + n for n in READ_FORMATS)}); "
             f"make the report from it with: journeymap convert JOURNEY.json {args.output}", error=True)
        return EXIT_USAGE
    mined = mine(args.log, columns={role: getattr(args, role) for role in LOG_ROLES}, mapping=args.mapping,
                 goals=args.goal, min_share=args.min_share, top=args.top, title=args.title)
    try:
        written = write_journey(mined.journey, args.output)
    except OSError as error:
        _say(f"journeymap: cannot write '{args.output}': {error.strerror or error}", error=True)
        return EXIT_INVALID
    if args.json:
        _say(_json_text({**mined.as_json(), "written": [str(path) for path in written]}))
        return EXIT_OK
    for warning in mined.warnings:
        _say(f"journeymap: warning: {warning}", error=True)
    for path in written:
        _say(f"wrote {path}")
    _say(summary_line(mined))
    return EXIT_OK


def _min_share(text: str) -> float:
    """An argparse type: a share of the cases, 0 to 1 or 0% to 100% (else a usage error, exit 2).

    Examples
    --------
    >>> _min_share("0.05"), _min_share("5%"), _min_share("0")
    (0.05, 0.05, 0.0)
    """
    number = text.strip()
    percent = number.endswith("%")
    try:
        value = float(number.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a share; give a number from 0 to 1, or a percentage "
                                         "such as 5%") from None
    if percent:
        value /= 100
    if not 0 <= value <= 1:  # also rejects nan
        raise argparse.ArgumentTypeError(f"{text} is outside 0-1; give a number from 0 to 1, or a percentage "
                                         "such as 5%")
    return value


def _top(text: str) -> int:
    """An argparse type: a whole number of steps from 1 (else a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of steps; give a whole number such as 20") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} steps: give 1 or more")
    return value


def _app(args: argparse.Namespace) -> int:
    from journeymap.ui.launch import run_app  # imports nothing of Streamlit until asked

    return run_app(file=args.file, workspace=args.workspace, port=args.port, host=args.host, database=args.database,
                   trusted_network=args.trusted_network)


def _store_copy(args: argparse.Namespace) -> int:
    from journeymap.store.opening import copy_store, is_database_url, open_store

    if not is_database_url(args.source) and not Path(args.source).is_dir():
        _say(f"journeymap: '{args.source}' is neither a folder of journeys nor a database URL "
             "(sqlite:///FILE, postgresql+psycopg://…)", error=True)
        return EXIT_INVALID
    source = open_store(args.source)
    target = open_store(args.target)
    try:
        copied = copy_store(source, target)
    finally:
        for store in (source, target):
            getattr(store, "close", lambda: None)()
    _say(f"Copied {_count(copied.journeys, 'journey')} ({_count(copied.revisions, 'revision')}) "
         f"from {source.describe()} to {target.describe()}")
    return EXIT_OK


def _count(number: int, word: str) -> str:
    """A count with its word, plural unless it is one.

    Examples
    --------
    >>> _count(1, "journey"), _count(3, "journey")
    ('1 journey', '3 journeys')
    """
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _port(text: str) -> int:
    """An argparse type: a TCP port from 1 to 65535 (else a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number; give a number such as 8502") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port; give a number from 1 to 65535")
    return value


def _version() -> str:
    from journeymap import __version__

    return __version__
