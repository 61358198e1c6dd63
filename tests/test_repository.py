"""What the repository holds: source, not output. A benchmark database of 63 MB and an empty placeholder once slipped
in; databases, large files and empty files (other than packages' ``__init__.py`` and the import tests' deliberately
empty input) are refused here."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 2 * 1024 * 1024
EMPTY_ON_PURPOSE = {"tests/strategy/import_corpus/empty.csv"}


def tracked_files() -> list[str]:
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
        ).stdout.decode()
    except (FileNotFoundError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in listing.split("\0") if name]


def test_the_repository_holds_no_database_no_large_file_and_no_empty_placeholder():
    wrong = []
    for name in tracked_files():
        path = ROOT / name
        if not path.is_file():
            continue
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
        if head.startswith(b"SQLite format 3"):
            wrong.append(f"{name}: a database")
        elif size > MAX_BYTES:
            wrong.append(f"{name}: {size / 1024 / 1024:.1f} MB")
        elif size == 0 and path.name != "__init__.py" and name not in EMPTY_ON_PURPOSE:
            wrong.append(f"{name}: empty")
    assert not wrong, "files that do not belong in the repository:\n" + "\n".join(wrong)
