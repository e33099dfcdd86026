"""The Python half of scripts/bench-vs-official.sh: serialize + sign of the seed UpdateCallback
with the official SDK (volcengine==1.0.229).

Two measurements, each the median over rounds of many calls:
- python_median_ns: the minimum the SDK needs: the body through json.dumps, a Request holding
  the headers and query the SDK sends, SignerV4.sign. This is the figure the ratio uses.
- python_sdk_path_median_ns: what LiveService.update_callback does before sending, exactly:
  json.dumps, Service.prepare_request (header and query merging), SignerV4.sign.
"""
import json
import os
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


def sdk_path(service):
    """Service.json() of the SDK up to the network call, as LiveService.update_callback runs it."""
    body = json.dumps(SEED)
    r = service.prepare_request(service.api_info["UpdateCallback"], [])
    r.headers["Content-Type"] = "application/json"
    r.body = body
    SignerV4.sign(r, service.service_info.credentials)
    return r.headers["Authorization"]


def measure(name, call, rounds):
    per_round = 100
    while True:  # about 100 ms per round
        started = time.perf_counter_ns()
        for _ in range(per_round):
            call()
        if time.perf_counter_ns() - started >= 100_000_000:
            break
        per_round *= 2
    per_op = []
    for _ in range(rounds):
        started = time.perf_counter_ns()
        for _ in range(per_round):
            call()
        per_op.append((time.perf_counter_ns() - started) / per_round)
    per_op.sort()
    print(f"{name}_median_ns={per_op[len(per_op) // 2]:.1f}")
    print(f"{name}_min_ns={per_op[0]:.1f} {name}_max_ns={per_op[-1]:.1f} rounds={rounds} iterations_per_round={per_round}")


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 31
    measure("python", one, rounds)
    if "--sdk-path" in sys.argv:
        # No credentials are read from the environment or ~/.volc: explicit keys only.
        os.environ.pop("VOLC_ACCESSKEY", None)
        os.environ.pop("VOLC_SECRETKEY", None)
        os.environ["HOME"] = "/nonexistent"
        from volcengine.live.v20230101.live_service import LiveService

        service = LiveService("live.volcengineapi.com", "AKTESTEXAMPLE", "SKTESTEXAMPLE")
        service.set_ak("AKTESTEXAMPLE")
        service.set_sk("SKTESTEXAMPLE")
        measure("python_sdk_path", lambda: sdk_path(service), rounds)


if __name__ == "__main__":
    main()
