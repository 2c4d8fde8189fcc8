"""Feedback on answers: a thumb up or down and an optional comment, kept in a local SQLite database.

Privacy (README, "Privacy"): nothing is written until someone presses a thumb. What is kept then is the
rating, their comment, and what the answer was made of (its status, the rule that decided, the measures and
the source files it cited). The question and the reply are kept only when the person ticks the box that
allows it. The database lives in PLAINLAW_DATA_DIR (`.plainlaw/feedback.sqlite3` by default).

Export to CSV with one command:

    python -m plainlaw.feedback export --out feedback.csv     # or without --out, to standard output
"""

from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from plainlaw.settings import Settings, SettingsError, load_settings

RATINGS = ("up", "down")
MAX_COMMENT = 1000
FILE_NAME = "feedback.sqlite3"
COLUMNS = ("id", "created", "rating", "comment", "status", "route", "measures", "sources", "question", "answer")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    route TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '',
    sources TEXT NOT NULL DEFAULT '',
    question TEXT,
    answer TEXT
)
"""


class FeedbackError(ValueError):
    """Feedback that cannot be stored as it is; the message says why in one sentence."""


@dataclass(frozen=True)
class Feedback:
    """One rating of one answer. `question` and `answer` stay empty unless the person allowed keeping them."""

    rating: str
    comment: str = ""
    status: str = ""
    route: str = ""
    measures: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    question: str = ""
    answer: str = ""


def clean_text(text: str, limit: int) -> str:
    """Plain text only: control characters dropped (newlines and tabs become spaces), at most `limit` chars."""
    kept = "".join(" " if ch in "\r\n\t" else ch for ch in str(text or "")
                   if ch in "\r\n\t" or unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())[:limit]


def feedback_for(answer: Any, rating: str, comment: str = "", keep_question: bool = False) -> Feedback:
    """Feedback on an engine Answer. Its question and reply are kept only when `keep_question` is True."""
    if rating not in RATINGS:
        raise FeedbackError(f"A rating must be one of {', '.join(RATINGS)}.")
    comment = str(comment or "")
    if len(comment) > MAX_COMMENT:
        raise FeedbackError(f"Please keep the comment under {MAX_COMMENT} characters.")
    sources = tuple(dict.fromkeys(c.source for c in getattr(answer, "citations", [])))
    return Feedback(
        rating=rating,
        comment=clean_text(comment, MAX_COMMENT),
        status=str(getattr(answer, "status", "")),
        route=str(getattr(answer, "route", "")),
        measures=tuple(getattr(answer, "measures", ()) or ()),
        sources=sources,
        question=str(getattr(answer, "question", "")) if keep_question else "",
        answer=str(getattr(answer, "text", "")) if keep_question else "",
    )


class FeedbackStore:
    """The feedback database: add a rating, read them all back, export them as CSV."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(settings.data_dir / FILE_NAME)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        db.execute(_SCHEMA)
        return db

    def add(self, feedback: Feedback) -> int:
        """Store one rating; returns its id."""
        if feedback.rating not in RATINGS:
            raise FeedbackError(f"A rating must be one of {', '.join(RATINGS)}.")
        row = (
            datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), feedback.rating,
            clean_text(feedback.comment, MAX_COMMENT), feedback.status, feedback.route,
            " ".join(feedback.measures), " ".join(feedback.sources),
            feedback.question or None, feedback.answer or None,
        )
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created, rating, comment, status, route, measures, sources, question, answer)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
            new_id = int(cursor.lastrowid or 0)
        db.close()
        return new_id

    def update(self, row_id: int, *, rating: str | None = None, comment: str | None = None,
               question: str | None = None, answer: str | None = None) -> None:
        """Change a stored rating: a changed thumb, then the comment (and, if allowed, the question and reply)."""
        changes: dict[str, Any] = {}
        if rating is not None:
            if rating not in RATINGS:
                raise FeedbackError(f"A rating must be one of {', '.join(RATINGS)}.")
            changes["rating"] = rating
        if comment is not None:
            if len(comment) > MAX_COMMENT:
                raise FeedbackError(f"Please keep the comment under {MAX_COMMENT} characters.")
            changes["comment"] = clean_text(comment, MAX_COMMENT)
        if question is not None:
            changes["question"] = question or None
        if answer is not None:
            changes["answer"] = answer or None
        if not changes:
            return
        with self._connect() as db:
            db.execute(f"UPDATE feedback SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
                       [*changes.values(), row_id])
        db.close()

    def rows(self) -> list[dict[str, Any]]:
        """Every rating, oldest first."""
        if not self.path.exists():
            return []
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            found = [dict(r) for r in db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")]
        db.close()
        return found

    def export_csv(self, out: TextIO) -> int:
        """Write every rating as CSV (a header row first); returns how many were written."""
        rows = self.rows()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in COLUMNS])
        return len(rows)

    def csv_text(self) -> str:
        buffer = io.StringIO()
        self.export_csv(buffer)
        return buffer.getvalue()


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading =, +, - or @ would otherwise start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@"} else text


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plainlaw.feedback",
                                     description="Export the feedback on answers as CSV.")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="write every rating as CSV")
    export.add_argument("--out", help="the CSV file to write (default: standard output)")
    export.add_argument("--db", help=f"the database (default: PLAINLAW_DATA_DIR/{FILE_NAME})")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        store = FeedbackStore(Path(args.db)) if args.db else FeedbackStore.from_settings(load_settings())
    except SettingsError as exc:
        print(f"feedback: {exc}", file=sys.stderr)
        return 2
    try:
        if args.out:
            with open(args.out, "w", encoding="utf-8", newline="") as out:
                count = store.export_csv(out)
        else:
            count = store.export_csv(stdout or sys.stdout)
    except (OSError, sqlite3.Error) as exc:
        print(f"feedback: cannot export ({exc})", file=sys.stderr)
        return 2
    print(f"{count} rating{'s' if count != 1 else ''} exported from {store.path}"
          + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
