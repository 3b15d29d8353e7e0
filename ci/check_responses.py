#!/usr/bin/env python3
"""Checks a client's JSON-lines responses field by field against the service's rules.

usage: check_responses.py tutorial FILE     the five tutorial users' responses
       check_responses.py generated N FILE  N generated users (see users_for), all in order
       check_responses.py users USERS FILE  the responses to the users of the JSON Lines file USERS
       check_responses.py write-generated N  print the N generated users as JSON Lines
       check_responses.py same FILE_A FILE_B two runs gave the same responses
"""
import json
import sys

# The expected responses for the tutorial's five users.
TUTORIAL = [
    {"user_id": "1", "success": False, "errors": ["Last Name already taken"]},
    {"user_id": "2", "success": True, "errors": []},
    {"user_id": "3", "success": False, "errors": ["Name is too short", "Last Name already taken"]},
    {"user_id": "4", "success": True, "errors": []},
    {"user_id": "5", "success": True, "errors": []},
]


def users_for(n):
    """The generated users, the same as the Go client's -count N."""
    names = ["Al", "Bob", "Carl", "Marisol"]
    for i in range(n):
        yield {
            "id": str(i),
            "name": names[i % 4],
            "last_name": "Phill" if i % 3 == 0 else "Smith",
            "age": i,
        }


def expected_for(user):
    """The service's rules: name of 3 UTF-8 bytes or fewer, then last name exactly "Phill"."""
    errors = []
    if len(user["name"].encode("utf-8")) <= 3:
        errors.append("Name is too short")
    if user["last_name"] == "Phill":
        errors.append("Last Name already taken")
    return {"user_id": user["id"], "success": not errors, "errors": errors}


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


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode == "write-generated":
        for user in users_for(int(argv[2])):
            print(json.dumps(user, ensure_ascii=False))
        return 0
    if mode == "tutorial":
        problems = compare(load(argv[2]), TUTORIAL)
    elif mode == "generated":
        problems = compare(load(argv[3]), [expected_for(u) for u in users_for(int(argv[2]))])
    elif mode == "users":
        problems = compare(load(argv[3]), [expected_for(u) for u in load(argv[2])])
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
