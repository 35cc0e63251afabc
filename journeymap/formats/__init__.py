"""Journey files: the JSON file format, Mermaid user journeys, spreadsheets (CSV, zip, Excel), and
the registry that picks the reader or writer by a file's extension.

Reports and images are written one layer up, by :mod:`journeymap.convert`.
"""

from journeymap._lazy import lazy_exports

_EXPORTS = {
    "MAX_FILE_BYTES": ".files",
    "dumps": ".json_file",
    "load": ".json_file",
    "loads": ".json_file",
    "save": ".json_file",
    "READ_FORMATS": ".registry",
    "WRITE_FORMATS": ".registry",
    "UnknownFormatError": ".registry",
    "data_files": ".registry",
    "file_format": ".registry",
    "journey_from_bytes": ".registry",
    "journey_from_files": ".registry",
    "read_journey": ".registry",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
