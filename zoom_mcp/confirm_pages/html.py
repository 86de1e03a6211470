"""The HTML of the confirmation page: plain, readable, accessible, and working without JavaScript.

One form with the details a person needs (operation, target, the destructive argument values, whether
it can be undone), the typed-ID field for high-danger operations, and Confirm / Decline buttons. Every
value is HTML-escaped; the only style is one inline block whose hash the Content-Security-Policy names
(no scripts, no external resources). Colours meet WCAG AA contrast (text #1a1a1a on #ffffff, buttons
white on #8a1c1c and on #1f4e79).
"""

from __future__ import annotations

import base64
import hashlib
import time
from html import escape
from typing import Final

from zoom_mcp.gates.pending import PendingConfirmation

STYLE: Final = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:1.125rem;line-height:1.5;"
    "color:#1a1a1a;background:#ffffff;max-width:40rem;margin:2rem auto;padding:0 1rem}"
    "h1{font-size:1.5rem;margin:0 0 1rem}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}"
    "dt{font-weight:700}dd{margin:0;overflow-wrap:anywhere}"
    "code{font-family:ui-monospace,monospace;background:#f2f2f2;padding:0 .2rem}"
    ".warning{border-left:.35rem solid #8a1c1c;padding:.5rem 1rem;background:#fbeeee}"
    ".error{border-left:.35rem solid #8a1c1c;padding:.5rem 1rem;font-weight:700}"
    "label{display:block;font-weight:700;margin:1rem 0 .25rem}button,input{font:inherit}"
    "input[type=text]{font-size:1.125rem;padding:.5rem;width:100%;box-sizing:border-box;border:2px solid #1a1a1a}"
    ".actions{display:flex;gap:1rem;margin-top:1.5rem;flex-wrap:wrap}"
    "button{font-size:1.125rem;padding:.75rem 1.5rem;border:0;border-radius:.25rem;cursor:pointer}"
    "button.confirm{background:#8a1c1c;color:#ffffff}button.decline{background:#1f4e79;color:#ffffff}"
    "button:focus-visible,input:focus-visible{outline:3px solid #000000;outline-offset:2px}"
)
STYLE_HASH: Final = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CONTENT_SECURITY_POLICY: Final = (
    f"default-src 'none'; style-src '{STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
TYPED_ID_FIELD: Final = "confirm_id"
FORM_SECRET_FIELD: Final = "form_secret"
DECISION_FIELD: Final = "decision"


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def _utc(timestamp: float) -> str:
    return time.strftime("%H:%M UTC", time.gmtime(timestamp))


def question_page(record: PendingConfirmation, *, error: str | None = None) -> str:
    """The question: what will happen, to what, and the two buttons (plus the ID field when needed)."""
    rows = [("Operation", record.title), ("Tool", record.tool), ("Target", record.target)]
    rows += list(record.details)
    listing = "\n".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in rows)
    undo = "This can be undone later." if record.undoable else "This cannot be undone."
    parts = [
        f"<h1>Confirm: {escape(record.title)}</h1>",
        f'<p class="warning">{escape(record.what)} {escape(undo)}</p>',
        f"<dl>\n{listing}\n</dl>",
        "<p>An assistant asked to do this on your behalf. Nothing has been sent to Zoom yet: it happens only "
        "if you press Confirm. This page works once and expires at " + escape(_utc(record.expires_at)) + ".</p>",
    ]
    if error:
        parts.append(f'<p class="error" role="alert" id="form-error">{escape(error)}</p>')
    form = [
        '<form method="post">',
        f'<input type="hidden" name="{FORM_SECRET_FIELD}" value="{escape(record.form_secret)}">',
    ]
    if record.needs_typed_id:
        described = ' aria-describedby="form-error"' if error else ""
        form += [
            f'<label for="{TYPED_ID_FIELD}">To confirm, type the ID <code>{escape(record.expected_id)}</code></label>',
            f'<input type="text" id="{TYPED_ID_FIELD}" name="{TYPED_ID_FIELD}" autocomplete="off" '
            f'spellcheck="false" inputmode="text"{described}>',
        ]
    form += [
        '<div class="actions">',
        f'<button type="submit" class="confirm" name="{DECISION_FIELD}" value="confirm">Confirm</button>',
        f'<button type="submit" class="decline" name="{DECISION_FIELD}" value="decline">Decline</button>',
        "</div>",
        "</form>",
    ]
    parts.append("\n".join(form))
    return _page(f"Confirm: {record.title}", "\n".join(parts))


def outcome_page(heading: str, text: str) -> str:
    """A final page: confirmed, declined, expired, already answered or refused."""
    return _page(heading, f"<h1>{escape(heading)}</h1>\n<p>{escape(text)}</p>")
