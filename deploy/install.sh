#!/usr/bin/env bash
# Install Sift into a virtual environment: what the Dockerfile runs, and what CI runs in a clean venv.
#   deploy/install.sh PREFIX [SOURCE]
# PREFIX: where the venv goes (/opt/sift in the image). SOURCE: the checkout or a wheel (default: this repo).
# Ends by running the installed `sift` once, so a broken install fails here and not at the first resume.
set -euo pipefail
prefix="${1:?usage: deploy/install.sh PREFIX [SOURCE]}"
source_dir="${2:-$(cd "$(dirname "$0")/.." && pwd)}"
python="${PYTHON:-python3}"

"$python" -m venv "$prefix"
"$prefix/bin/python" -m pip install --quiet --upgrade pip
"$prefix/bin/python" -m pip install --quiet "$source_dir"

# Smoke test: the command exists, every front end imports, the parser reads a resume in its worker.
"$prefix/bin/sift" --help >/dev/null
"$prefix/bin/python" - <<'PY'
import handlers.slack, handlers.discord, handlers.scheduler  # noqa: F401  (adapters importable)
from bot.resume.reader import read_resume
r = read_resume(b"Ada Lovelace\nada@example.org\n\nExperience\nAnalyst, Babbage & Co\n1842 - 1843\n\n"
                b"Skills\nMathematics, Python\n\nEducation\nPrivate tutoring, 1830 - 1835\n")
assert r.name == "Ada Lovelace", r.name
PY
echo "Sift installed in $prefix"
