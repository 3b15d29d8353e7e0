"""The golden users and answers of testdata/, for the ci scripts.

testdata/README.md says what each file holds; the rules that give these answers live in
src/rules.rs, whose tests check them against the same files.
"""
import json
import os

TESTDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata")


def _lines(name):
    with open(os.path.join(TESTDATA, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def tutorial_users():
    """The tutorial's five users as dicts (id, name, last_name, age), in the client's order."""
    return _lines("tutorial_users.jsonl")


def tutorial_answers():
    """The answers to the tutorial's users as dicts (user_id, success, errors)."""
    return _lines("tutorial_answers.jsonl")


_CYCLE = _lines("generated_cycle.jsonl")


def generated_user(i):
    """Generated user i as a dict: id and age i, name and last name from the cycle."""
    row = _CYCLE[i % len(_CYCLE)]
    return {"id": str(i), "name": row["name"], "last_name": row["last_name"], "age": i}


def generated_answer(i):
    """The answer to generated user i as a dict (user_id, success, errors)."""
    row = _CYCLE[i % len(_CYCLE)]
    return {"user_id": str(i), "success": row["success"], "errors": row["errors"]}
