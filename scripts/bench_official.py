"""The Python half of scripts/bench-vs-official.sh: serialize + sign of the seed UpdateCallback
with the official SDK (volcengine==1.0.229), as its Service.json() does before sending: the
body through json.dumps, a Request with the SDK's headers and query, SignerV4.sign.

Prints python_median_ns=<ns per request> (the median over rounds) and the rounds' spread.
"""
import json
import sys
import time

from volcengine.Credentials import Credentials
from volcengine.auth.SignerV4 import SignerV4
from volcengine.base.Request import Request

# The seed's UpdateCallback body, made valid the way the Rust side builds it (Vhost and App,
# no Domain): the same keys and values as the Rust request serializes.
SEED = {
    "App": "example_app",
    "AuthEnable": False,
    "AuthKeyPrimary": "1622194197-0-0-5552*****e4e20387c6dc18afce****",
    "CallbackDetailList": [{"CallbackType": "http", "URL": "http://example.com/callback"}],
    "MessageType": "push",
    "TranscodeCallback": 0,
    "Vhost": "push.example.com",
}
CREDENTIALS = Credentials("AKTESTEXAMPLE", "SKTESTEXAMPLE", "live", "cn-north-1")


def one():
    body = json.dumps(SEED)
    r = Request()
    r.set_schema("https")
    r.set_method("POST")
    r.set_host("live.volcengineapi.com")
    r.set_path("/")
    r.set_headers({
        "Accept": "application/json",
        "Host": "live.volcengineapi.com",
        "User-Agent": "volc-sdk-python/v1.0.229",
        "Content-Type": "application/json",
    })
    r.set_query({"Action": "UpdateCallback", "Version": "2023-01-01"})
    r.set_body(body)
    SignerV4.sign(r, CREDENTIALS)
    return r.headers["Authorization"]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 31
    per_round = 100
    while True:  # about 100 ms per round
        started = time.perf_counter_ns()
        for _ in range(per_round):
            one()
        if time.perf_counter_ns() - started >= 100_000_000:
            break
        per_round *= 2
    per_op = []
    for _ in range(rounds):
        started = time.perf_counter_ns()
        for _ in range(per_round):
            one()
        per_op.append((time.perf_counter_ns() - started) / per_round)
    per_op.sort()
    print(f"python_median_ns={per_op[len(per_op) // 2]:.1f}")
    print(f"python_min_ns={per_op[0]:.1f} python_max_ns={per_op[-1]:.1f} rounds={rounds} iterations_per_round={per_round}")


if __name__ == "__main__":
    main()
