#!/usr/bin/env python3
"""Writes callback-vectors.json: Live callback signatures computed with Python's hashlib.

sign = hex MD5 of the callback key's UTF-8 bytes followed by the decimal text of t. This script
was run once and its output checked in; the tests read the JSON, never this script, so that the
Rust verifier is checked against an MD5 implementation other than its own. Run it again only to
add cases: `python3 tests/data/make-callback-vectors.py > tests/data/callback-vectors.json`.
"""
import hashlib
import json
import platform
import sys

API_EXAMPLE_KEY = "1622194197-0-0-5552*****e4e20387c6dc18afce****"
KEYS = [
    ("api_example_key", API_EXAMPLE_KEY),
    ("empty_key", ""),
    ("readme_key", "my-callback-key"),
    ("console_max_32_alnum", "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"),
    ("non_ascii_chinese", "回调密钥-直播"),
    ("non_ascii_latin_emoji", "clé-ü-🔑"),
    ("json_specials", 'k"\\/\t'),
    ("longer_than_a_block", "k" * 100),
]
T_VALUES = [0, 1640849510, 1640850110, 4102444800, 9223372036854775807, 18446744073709551615]


def sign(key: str, t_text: str) -> str:
    return hashlib.md5(key.encode("utf-8") + t_text.encode("ascii")).hexdigest()


cases = []
for name, key in KEYS:
    for t in T_VALUES:
        cases.append({"name": f"{name}/t={t}", "key": key, "t": t, "t_text": str(t),
                      "sign": sign(key, str(t))})
# A string t is signed as written (leading zeros kept).
cases.append({"name": "api_example_key/t_text=01640850110", "key": API_EXAMPLE_KEY,
              "t": 1640850110, "t_text": "01640850110", "sign": sign(API_EXAMPLE_KEY, "01640850110")})

json.dump({
    "about": "Live callback signatures: sign = hex MD5 of UTF-8 key followed by the decimal text of t "
             "(t_text). Made once with Python's hashlib by tests/data/make-callback-vectors.py.",
    "generator": f"python {platform.python_version()} hashlib.md5",
    "cases": cases,
}, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
