"""The importer: Zoom's Meetings API text reference plus the query overlay -> OpenAPI 3.1 document.

`reference_parser` reads the text into the typed model of `reference_model` (field lists via
`field_lines`), `importer` builds the document (schemas via `schemas`), and `command` is
`zoom-mcp specs import`.
"""

from zoom_mcp.openapi_import.importer import (
    DEFAULT_OUTPUT,
    DEFAULT_OVERLAY,
    DEFAULT_REFERENCE,
    build_document,
    import_openapi,
    render_document,
)
from zoom_mcp.openapi_import.reference_parser import parse_reference, parse_reference_file

__all__ = [
    "DEFAULT_OUTPUT",
    "DEFAULT_OVERLAY",
    "DEFAULT_REFERENCE",
    "build_document",
    "import_openapi",
    "parse_reference",
    "parse_reference_file",
    "render_document",
]
