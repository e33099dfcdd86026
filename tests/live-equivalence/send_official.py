#!/usr/bin/env python3
"""Sends every action's sample through the official Python SDK (volcengine.live.v20230101).

Usage: send_official.py SAMPLES_JSON BASE_URL AK SK

SAMPLES_JSON is what build.rs writes: per action, the method, the query pairs and the JSON body
the spec prescribes. Each is sent with the SDK's own per-action method of LiveService (or its
get() with doseq=1 for GET actions), so that the SDK's request building, JSON encoding and
signer are what a real Python user gets. Query values are given as the strings the spec
prescribes (the SDK itself would send True for a Boolean and join lists with commas). Prints
one line per action: the action name, then `ok` or the SDK's error; exits 0 when every action
was sent (the server may answer anything).
"""
import inspect
import json
import re
import sys
from urllib.parse import urlsplit

import volcengine.live.v20230101.live_trait as live_trait
from volcengine.live.v20230101.live_config import api_info
from volcengine.live.v20230101.live_service import LiveService


def methods_by_action():
    """The SDK's method for each action, read from its source: `def x(...)` calling
    `self.api_get('Action', ...)` or `self.api_post('Action', ...)`."""
    source = inspect.getsource(live_trait)
    found = re.findall(r"def (\w+)\(self[^)]*\):\s*\n\s*res = self\.api_(?:get|post)\('(\w+)'", source)
    return {action: name for name, action in found}


def main():
    samples_path, base, ak, sk = sys.argv[1:5]
    with open(samples_path, encoding="utf-8") as f:
        samples = json.load(f)
    url = urlsplit(base)
    service = LiveService(host=url.netloc, ak=ak, sk=sk)
    service.set_scheme(url.scheme)
    methods = methods_by_action()
    for action, sample in samples.items():
        if action not in api_info:
            print(f"{action} missing")
            continue
        query = {}
        for key, value in sample["query"]:
            if key in query:
                query[key] = (query[key] if isinstance(query[key], list) else [query[key]]) + [value]
            else:
                query[key] = value
        try:
            body = sample["body"] if sample["body"] is not None else {}
            method = getattr(service, methods.get(action, ""), None)
            if sample["method"] == "GET":
                # get() with doseq=1: a list is the key repeated, as the spec (and Go) send it.
                service.get(action, query, 1)
            elif method is None:
                service.json(action, query, json.dumps(body))
            else:
                arity = len(inspect.signature(method).parameters)
                if arity == 0:
                    method()
                elif arity == 1:
                    method(body)
                else:
                    method(query, body)
            print(f"{action} ok")
        except Exception as e:  # the answer does not matter, the request does
            print(f"{action} error {str(e)[:200]!r}")
    sys.exit(0)


if __name__ == "__main__":
    main()
