"""Pure geometry for PDF pages: transformation matrices, and positioned text runs -> visual lines -> columns
in reading order.

No PDF parsing here, so every rule can be tested with hand-made runs. Distances are in points; gaps between
runs are compared with the font size, so the same rules hold for 8 pt footers and 30 pt names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

SPACE_GAP = 0.1  # kerning stays below 0.07 em on the corpus; the tightest justified word space is 0.14 em
TAB_GAP = 1.25  # wider than any word space: a cell boundary, a tab stop or a date column beside an entry
BASELINE_TOLERANCE = 0.3  # runs whose baselines differ by less than this (in font sizes) share a row
SCRIPT_RATIO = 0.8  # a row this much smaller than its neighbour, touching it, is a super- or subscript
MIN_COLUMN_ROWS = 4  # rows needed on each side of a gutter before it counts as a column split
MIN_COLUMN_HEIGHT = 0.2  # a split running down this share of the page height is tall enough by itself
# A shorter split must be most of a short page: this share of the page's rows, this many rows on the two
# sides together, and on each side running text: this share of its lines at most LINE_STEP font sizes below
# the previous one (dates and contact lines beside entries sit several lines apart)
SHORT_PAGE_SHARE = 0.6
SHORT_SPLIT_ROWS = 16
RUNNING_SHARE = 2 / 3
LINE_STEP = 2.0
# A split of any height holds no side whose lines sit apart with the other side's lines between them: on each
# side, steps of at most SIDE_STEP times the other side's median step span this share of its height (a date
# column beside entries steps over each entry, its contact lines over the name and headline)
SIDE_STEP = 2.0
SIDE_RUNNING_SHARE = 0.5
TABLE_SHARED = 0.6  # share of the narrow side's rows that sit on the other side's baselines in a table
ALIGNED = 0.5  # points between baselines that a table's cells share
SHORT_CELL_CHARS = 24  # "January 2019 - Present": cells this short beside an entry are a date column


Matrix = tuple[float, float, float, float, float, float]  # a b c d e f of a PDF transformation
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """`m` then `n`, in PDF's row-vector convention."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def matrix(operands: Any) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands)  # ValueError unless exactly six numbers
    return (a, b, c, d, e, f)


def displayed(box: tuple[float, float, float, float], rotate: int) -> tuple[Matrix, float, float]:
    """User space to the page as a viewer shows it (/Rotate applied, origin bottom left), and its size."""
    left, bottom, right, top = box
    rotate %= 360
    if rotate == 90:
        return (0.0, -1.0, 1.0, 0.0, -bottom, right), top - bottom, right - left
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, right, top), right - left, top - bottom
    if rotate == 270:
        return (0.0, 1.0, -1.0, 0.0, top, -left), top - bottom, right - left
    return (1.0, 0.0, 0.0, 1.0, -left, -bottom), right - left, top - bottom


@dataclass(slots=True)
class Run:
    """Text shown at one place: `x0`..`x1` is its advance, `y` its baseline from the top of the page."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    bold: bool = False


@dataclass(slots=True)
class LaidLine:
    text: str  # words joined by spaces, cells by tabs; not yet normalised
    x: float
    y: float
    size: float
    bold: bool
    column: int


@dataclass(slots=True)
class _Segment:
    x0: float
    x1: float
    y: float
    chars: int


@dataclass(frozen=True, slots=True)
class _Page:
    height: float
    rows: int  # text rows on the whole page, however it is later split


@dataclass(slots=True)
class _Row:
    y: float
    size: float
    runs: list[Run]
    segments: list[_Segment] = field(default_factory=list)


def layout_page(runs: list[Run], height: float) -> list[LaidLine]:
    """Lines of one page in reading order: full-width bands top to bottom, a split band column by column."""
    runs = [run for run in runs if run.text.strip()]  # positioned whitespace only matters as a gap
    lines: list[LaidLine] = []
    rows = _rows(runs)
    for region, column in _regions(rows, _Page(height, len(rows))):
        lines.extend(_line(row, column) for row in _attach_scripts(_rows(region)))
    return lines


def _rows(runs: list[Run]) -> list[_Row]:
    rows: list[_Row] = []
    for run in sorted(runs, key=lambda r: r.y):
        row = rows[-1] if rows else None
        if row is not None and run.y - row.y <= BASELINE_TOLERANCE * min(row.size, run.size):
            row.runs.append(run)
            row.size = max(row.size, run.size)
        else:
            rows.append(_Row(run.y, run.size, [run]))
    for row in rows:
        row.runs.sort(key=lambda r: r.x0)
    return rows


def _attach_scripts(rows: list[_Row]) -> list[_Row]:
    """Fold rows of raised or lowered small text ("21st", "LaTeX") into the line they belong to."""
    kept: list[_Row] = []
    for index, row in enumerate(rows):
        hosts = [kept[-1]] if kept else []
        if index + 1 < len(rows):
            hosts.append(rows[index + 1])
        host = next((h for h in hosts if _is_script_of(row, h)), None)
        if host is None:
            kept.append(row)
        else:
            host.runs = sorted(host.runs + row.runs, key=lambda r: r.x0)
    return kept


def _is_script_of(row: _Row, host: _Row) -> bool:
    # raised up to 0.55 em (superscripts, the A of LaTeX) or lowered up to 0.35 em, and beside host text
    shift = row.y - host.y
    if row.size > SCRIPT_RATIO * host.size or not -0.55 * host.size <= shift <= 0.35 * host.size:
        return False
    return all(
        any(-0.5 * host.size <= _distance(r, h) <= 0.3 * host.size for h in host.runs) for r in row.runs
    )


def _distance(first: Run, second: Run) -> float:
    """Horizontal space between two runs; negative when they overlap."""
    return max(first.x0 - second.x1, second.x0 - first.x1)


def _line(row: _Row, column: int) -> LaidLine:
    parts: list[str] = []
    previous: Run | None = None
    weight: dict[float, int] = defaultdict(int)
    for run in row.runs:
        if previous is not None:
            if _duplicate(previous, run):
                continue  # fake bold and shadows print the same text twice, slightly offset
            gap = run.x0 - previous.x1
            size = min(previous.size, run.size)
            if gap >= TAB_GAP * size:
                parts.append("\t")
            elif gap >= SPACE_GAP * size:
                parts.append(" ")
        parts.append(run.text)
        weight[round(run.size, 1)] += len(run.text.strip())
        previous = run
    size = max(weight.items(), key=lambda item: (item[1], item[0]))[0]
    bold = all(run.bold for run in row.runs)
    return LaidLine("".join(parts), row.runs[0].x0, row.y, size, bold, column)


def _duplicate(first: Run, second: Run) -> bool:
    # fake bold offsets by a few hundredths of an em; a kerned pair ("//", "tt") by far more
    return second.text == first.text and abs(second.x0 - first.x0) < 0.08 * first.size


def _segments(row: _Row) -> list[_Segment]:
    """Pieces of a row separated by cell-sized gaps; a gutter can only run between them."""
    if not row.segments:
        current: _Segment | None = None
        last = row.runs[0]
        for run in row.runs:
            chars = len(run.text.strip())
            if current is not None and run.x0 - current.x1 < TAB_GAP * min(last.size, run.size):
                current.x1 = max(current.x1, run.x1)
                current.chars += chars
            else:
                current = _Segment(run.x0, run.x1, run.y, chars)
                row.segments.append(current)
            last = run
    return row.segments


def _regions(rows: list[_Row], page: _Page) -> list[tuple[list[Run], int]]:
    """Runs grouped by where they are read: full-width bands, or the columns of a split band."""
    split = _find_split(rows, page)
    if split is None:
        return [([run for row in rows for run in row.runs], 0)] if rows else []
    start, end, x = split
    band = [run for row in rows[start:end] for run in row.runs]
    left = [run for run in band if run.x0 < x]
    right = [run for run in band if run.x0 >= x]
    left_wide = max(r.x1 for r in left) - min(r.x0 for r in left)
    right_wide = max(r.x1 for r in right) - min(r.x0 for r in right)
    main_left = left_wide >= right_wide  # the wider column is the main flow (0), the other a sidebar (1)
    columns = [(left, 0 if main_left else 1), (right, 1 if main_left else 0)]
    return _regions(rows[:start], page) + columns + _regions(rows[end:], page)


def _find_split(rows: list[_Row], page: _Page) -> tuple[int, int, float] | None:
    """The longest stretch of rows that an empty vertical gutter divides into two real columns."""
    if len(rows) < MIN_COLUMN_ROWS:
        return None
    gutter = max(6.0, 0.8 * median(row.size for row in rows))
    best: tuple[int, int, int, float] | None = None
    for low, high in _gutter_candidates(rows, gutter):
        start = 0
        for index in range(len(rows) + 1):
            if index < len(rows) and not _crosses(rows[index], low, high):
                continue
            found = _columns(rows, start, index, low, high, page)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], found[1], index, (low + high) / 2)
            start = index + 1
    return None if best is None else (best[1], best[2], best[3])


def _gutter_candidates(rows: list[_Row], gutter: float) -> list[tuple[float, float]]:
    """Gutters hug an aligned column edge: left edges that many rows start at, right edges many end at."""
    starts: dict[int, list[float]] = defaultdict(list)
    ends: dict[int, list[float]] = defaultdict(list)
    for row in rows:
        for segment in _segments(row):
            starts[round(segment.x0 / 2)].append(segment.x0)
            ends[round(segment.x1 / 2)].append(segment.x1)
    candidates = [(min(xs) - 0.5 - gutter, min(xs) - 0.5) for xs in starts.values() if len(xs) >= 2]
    candidates += [(max(xs) + 0.5, max(xs) + 0.5 + gutter) for xs in ends.values() if len(xs) >= 2]
    return candidates


def _crosses(row: _Row, low: float, high: float) -> bool:
    return any(side is None for side, _ in _placed(row, low, high))


def _placed(row: _Row, low: float, high: float) -> list[tuple[int | None, _Segment]]:
    """The row's segments, each with -1 left of the gutter low..high, 1 right of it, None across or inside it.

    A row with text on the left only may run into the gutter and stop within a word space past it: an
    overlong line of the left column (a sidebar's name a point wider than the sidebar), not a line across
    both. Its runs start left of the gutter, so `_regions` puts them in that column too."""
    segments = _segments(row)
    if all(s.x0 < low for s in segments) and max(s.x1 for s in segments) < high + SPACE_GAP * row.size:
        return [(-1, s) for s in segments]
    return [(-1 if s.x1 <= low else 1 if s.x0 >= high else None, s) for s in segments]


def _columns(
    rows: list[_Row], start: int, end: int, low: float, high: float, page: _Page
) -> tuple[int, int] | None:
    """(rows used, first row) if rows[start:end] form two columns either side of low..high, else None."""
    sides = [_sides(row, low, high) for row in rows[start:end]]
    first_left = next((i for i, (left, _) in enumerate(sides) if left), None)
    first_right = next((i for i, (_, right) in enumerate(sides) if right), None)
    if first_left is None or first_right is None:
        return None
    # One-sided rows wholly above the first line of the later column are read first: a header stays on top
    later = rows[start + max(first_left, first_right)]
    top = next(i for i, row in enumerate(rows[start:end]) if row.y > later.y - 0.8 * later.size)
    sides = sides[top:]
    lefts = sum(1 for left, _ in sides if left)
    rights = sum(1 for _, right in sides if right)
    if min(lefts, rights) < MIN_COLUMN_ROWS:
        return None
    band = rows[start + top : end]
    # Cells of a table share exact baselines row after row; independent columns meet only by chance
    aligned = sum(1 for left, right in sides if any(abs(a - b) <= ALIGNED for a in left for b in right))
    table = aligned >= TABLE_SHARED * min(lefts, rights)
    if band[-1].y - band[0].y < MIN_COLUMN_HEIGHT * page.height and (
        table or not _fills_short_page(band, sides, page)
    ):
        return None  # too short to go by height: only independent columns filling a short page pass
    if table and _short_cells(band, low, high, lefts <= rights):
        return None  # a date column beside entries: its cells stay on their entries' lines
    if not table and not _step_alike(sides):
        return None  # dates or contact lines down one side, beside entries several lines apart: one column
    return lefts + rights, start + top


def _fills_short_page(band: list[_Row], sides: list[tuple[list[float], list[float]]], page: _Page) -> bool:
    """Whether a split shorter than MIN_COLUMN_HEIGHT is still two columns: a two-column resume can be
    a third of a page tall, but then its columns hold most of the page and each reads as running text."""
    lefts = [min(left) for left, _ in sides if left]
    rights = [min(right) for _, right in sides if right]
    if len(band) < SHORT_PAGE_SHARE * page.rows or len(lefts) + len(rights) < SHORT_SPLIT_ROWS:
        return False
    step = LINE_STEP * median(row.size for row in band)
    for baselines in (lefts, rights):
        steps = [below - above for above, below in pairwise(baselines)]
        if sum(1 for gap in steps if gap <= step) < RUNNING_SHARE * len(steps):
            return False
    return True


def _step_alike(sides: list[tuple[list[float], list[float]]]) -> bool:
    """Whether each side steps from line to line about as the other does, as two columns of text do however
    loosely they are set; a side with one line per entry beside it steps over several of the other's."""
    lefts = [min(left) for left, _ in sides if left]
    rights = [min(right) for _, right in sides if right]
    steps = [[below - above for above, below in pairwise(side)] for side in (lefts, rights)]
    for own, other in ((steps[0], steps[1]), (steps[1], steps[0])):
        usual = SIDE_STEP * median(other)
        if sum(step for step in own if step <= usual) < SIDE_RUNNING_SHARE * sum(own):
            return False
    return True


def _sides(row: _Row, low: float, high: float) -> tuple[list[float], list[float]]:
    """Baselines of the row's segments left of the gutter low..high and right of it."""
    placed = _placed(row, low, high)
    return [s.y for side, s in placed if side == -1], [s.y for side, s in placed if side == 1]


def _short_cells(rows: list[_Row], low: float, high: float, left: bool) -> bool:
    side = -1 if left else 1
    cells = [s.chars for r in rows for placed, s in _placed(r, low, high) if placed == side]
    return median(cells) <= SHORT_CELL_CHARS
