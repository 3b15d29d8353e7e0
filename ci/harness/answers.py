"""A client's JSON-lines answers checked field by field against the golden answers of
testdata/ (ci/tools/golden.py, compared by ci/tools/check_responses.py, the same comparison the
bash scripts and reflect.py use). Each function returns the problems, empty when all is right.
"""
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
import check_responses  # noqa: E402
import golden  # noqa: E402


def parse(text):
    """The JSON objects of `text`, one a line; (answers, problems)."""
    got, problems = [], []
    for i, line in enumerate(text.splitlines()):
        if line.strip():
            try:
                got.append(json.loads(line))
            except ValueError as e:
                problems.append(f"line {i + 1} is not JSON ({e}): {line[:80]!r}")
    return got, problems


def tutorial(text):
    got, problems = parse(text)
    return problems + check_responses.compare(got, golden.tutorial_answers())


def generated(text, n, suffix=""):
    got, problems = parse(text)
    return problems + check_responses.compare(got, check_responses.generated_answers(n, suffix))


def same(text_a, text_b):
    a, pa = parse(text_a)
    b, pb = parse(text_b)
    return pa + pb + check_responses.compare(a, b)


def write_generated(path, n, suffix=""):
    """The N generated users as JSON Lines in `path` (ids with `suffix`); returns path."""
    with open(path, "w", encoding="utf-8") as f:
        for user in check_responses.generated_users(n, suffix):
            f.write(json.dumps(user, ensure_ascii=False) + "\n")
    return path


def expect(problems, what):
    """Fails naming `what` and the first problems unless there are none."""
    assert not problems, f"{what}: " + "; ".join(problems[:3])
