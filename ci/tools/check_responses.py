#!/usr/bin/env python3
"""Checks a client's JSON-lines responses field by field against the golden answers of testdata/.

usage: check_responses.py tutorial FILE               the five tutorial users' responses
       check_responses.py generated N [SUFFIX] FILE   N generated users, all in order
       check_responses.py write-generated N [SUFFIX]  print the N generated users as JSON Lines
       check_responses.py same FILE_A FILE_B          two runs gave the same responses

SUFFIX, when given, is appended to every generated user's id (long ids make answers that
gzip can shrink).
"""
import json
import sys

sys.dont_write_bytecode = True
import golden  # noqa: E402  (golden.py, beside this script)

TUTORIAL = golden.tutorial_answers()


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def compare(got, want):
    """Returns a list of human-readable differences, empty when all fields match."""
    problems = []
    if len(got) != len(want):
        problems.append(f"{len(got)} responses, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        for field in ("user_id", "success", "errors"):
            if g.get(field) != w[field]:
                problems.append(f"response #{i + 1} {field}: got {g.get(field)!r}, expected {w[field]!r}")
        extra = set(g) - set(w)
        if extra:
            problems.append(f"response #{i + 1} has unexpected fields {sorted(extra)}")
        if len(problems) > 10:
            problems.append("...")
            break
    return problems


def generated_users(n, suffix=""):
    """The first N generated users, each id with SUFFIX."""
    users = [golden.generated_user(i) for i in range(n)]
    for user in users:
        user["id"] += suffix
    return users


def generated_answers(n, suffix=""):
    """Their answers, each user_id with SUFFIX."""
    want = [golden.generated_answer(i) for i in range(n)]
    for answer in want:
        answer["user_id"] += suffix
    return want


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode == "write-generated":
        for user in generated_users(int(argv[2]), argv[3] if len(argv) > 3 else ""):
            print(json.dumps(user, ensure_ascii=False))
        return 0
    if mode == "tutorial":
        problems = compare(load(argv[2]), TUTORIAL)
    elif mode == "generated":
        problems = compare(load(argv[-1]), generated_answers(int(argv[2]), argv[3] if len(argv) > 4 else ""))
    elif mode == "same":
        problems = compare(load(argv[2]), load(argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
