"""Every document the repository cites is in the repository.

The source format notes, the methods notes and the offence category notes used to live outside
the repository; their facts now sit in docs/sources/ and docs/methods/. These tests keep it so:

  * no tracked text file cites the three outside notes by name (or by their section numbers),
    except the in-repository page docs/methods/offence-categories.md (which the other pages in
    docs/methods/ may link to relatively);
  * every `docs/<page>.md` path mentioned in a tracked file exists;
  * every relative Markdown link in docs/ points to a file that exists.

Only `git ls-files` is read, so an untracked scratch file cannot fail the test.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THIS_FILE = Path(__file__).resolve().relative_to(ROOT).as_posix()

# The outside notes, also when cited without the extension ("methods-reference 2.4") or as
# "methods reference, section 2.2". offence-categories.md is fine as the docs/methods/ page.
OUTSIDE_NOTES = re.compile(
    r"source-formats"
    r"|methods[- ]reference"
    r"|(?<!docs/methods/)offence-categories\.md",
    re.IGNORECASE,
)
DOCS_PATH = re.compile(r"(?<![\w./-])docs/[\w./-]*?\.md\b")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)\s]*)?\)")


def tracked_text_files() -> dict[str, str]:
    """Tracked files that decode as UTF-8, by repository path (binary files are skipped)."""
    # The project is always tested from a git checkout (CI clones it): a failure here is real.
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    texts = {}
    for name in listing.decode().split("\0"):
        path = ROOT / name
        if not name or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            texts[name] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return texts


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return tracked_text_files()


def line_hits(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    return [
        (number, match.group(0))
        for number, line in enumerate(text.splitlines(), start=1)
        for match in pattern.finditer(line)
    ]


def test_no_citation_of_notes_outside_the_repository(texts: dict[str, str]) -> None:
    hits = [
        f"{name}:{number}: {found}"
        for name, text in texts.items()
        if name != THIS_FILE
        for number, found in line_hits(text, OUTSIDE_NOTES)
        # a page beside it in docs/methods/ may link to offence-categories.md relatively
        if not (name.startswith("docs/methods/") and found == "offence-categories.md")
    ]
    assert not hits, "cite the page under docs/ instead:\n" + "\n".join(hits)


def test_every_cited_docs_page_exists(texts: dict[str, str]) -> None:
    cited = {
        found: f"{name}:{number}"
        for name, text in texts.items()
        for number, found in line_hits(text, DOCS_PATH)
    }
    assert cited, "expected docs/ pages to be cited somewhere"
    missing = [
        f"{where}: {path}" for path, where in sorted(cited.items()) if not (ROOT / path).is_file()
    ]
    assert not missing, "cited but not in the repository:\n" + "\n".join(missing)


def test_relative_links_in_docs_resolve(texts: dict[str, str]) -> None:
    broken = []
    for name, text in texts.items():
        if not (name.startswith("docs/") and name.endswith(".md")):
            continue
        for number, target in line_hits(text, MARKDOWN_LINK):
            link = MARKDOWN_LINK.match(target).group(1)
            if re.match(r"^[a-z]+:", link):
                continue
            if not (ROOT / name).parent.joinpath(link).resolve().is_file():
                broken.append(f"{name}:{number}: {link}")
    assert not broken, "broken links:\n" + "\n".join(broken)
