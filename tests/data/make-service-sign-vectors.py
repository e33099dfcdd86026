#!/usr/bin/env python3
"""Writes service-sign-vectors.json: signatures computed by the official Python SDK's signer
(volcengine==1.0.229, volcengine.auth.SignerV4.SignerV4.sign) with a frozen clock, for services
other than Live: mixed-case signing names (ImageX, iPaaS, ACEP), other regions, per-action
versions, and POST requests with query parameters beside (or instead of) a JSON body.

The format is that of sign-vectors.json, so tests/tests/sign_vectors.rs reads both. This script
was run once and its output checked in; the tests read the JSON, never this script, so the Rust
signer is checked against the SDK's own code. To add cases, install the SDK and run
`python3 tests/data/make-service-sign-vectors.py > tests/data/service-sign-vectors.json`.
"""
import json

from volcengine.auth.SignerV4 import SignerV4
from volcengine.base.Request import Request
from volcengine.Credentials import Credentials
from volcengine.util.Util import Util

SDK = "volcengine==1.0.229"
DATE = "20240415T113703Z"
UA = "volc-sdk-python/v1.0.229"

# (id, description, method, host, service, region, version, action, query fields, body or None)
CASES = [
    ("imagex_mixed_case_post_query_and_body",
     "ImageX signs with a mixed-case name; ServiceId travels in the query beside a JSON body",
     "POST", "imagex.volcengineapi.com", "ImageX", "cn-north-1", "2018-08-01",
     "DeleteImageUploadFiles", [("ServiceId", "8h2wqyf7x2"), ("Tags", "a"), ("Tags", "b c")],
     '{"StoreUris":["tos-cn-i-8h2wqyf7x2/a.png"]}'),
    ("imagex_singapore_region",
     "ImageX in ap-singapore-1 at its regional host",
     "POST", "imagex-ap-singapore-1.volcengineapi.com", "ImageX", "ap-singapore-1",
     "2023-05-01", "GetImageServiceSubscription", [], '{"AddOnKey":"ImageXHeif"}'),
    ("imagex_query_only_post",
     "a POST whose every field is in the query: empty body; the signer adds the form Content-Type",
     "POST", "imagex.volcengineapi.com", "ImageX", "cn-north-1", "2023-05-01",
     "DeleteImageMigrateTask", [("TaskId", "647f1c1e****"), ("Region", "cn")], None),
    ("ipaas_get_other_version",
     "iPaaS (mixed case, lower-case first letter) GET at an action's own version",
     "GET", "ipaas.volcengineapi.com", "iPaaS", "cn-north-1", "2023-08-01",
     "ListPod", [("ProductId", "1426095758716702720"), ("Offset", "0")], None),
    ("acep_upper_case_post",
     "ACEP (all upper case) POST with a JSON body",
     "POST", "open.volcengineapi.com", "ACEP", "cn-north-1", "2023-10-30",
     "ListPod", [], '{"ProductId":"1426095758716702720","Count":10}'),
    ("rtc_singapore_open_host",
     "RTC in ap-singapore-1, served at open-ap-singapore-1",
     "POST", "open-ap-singapore-1.volcengineapi.com", "rtc", "ap-singapore-1", "2023-11-01",
     "StartRecord", [], '{"AppId":"661e****","RoomId":"room1"}'),
]


def capture(case):
    cid, description, method, host, service, region, version, action, fields, body = case
    query = [("Action", action), ("Version", version)] + list(fields)
    headers = [("Accept", "application/json"), ("Host", host), ("User-Agent", UA)]
    if body is not None:
        headers.append(("Content-Type", "application/json"))
    request = Request()
    request.set_method(method)
    request.set_host(host)
    request.set_path("/")
    # A key repeated in the list is one list-valued query entry in the SDK.
    sdk_query = {}
    for key, value in query:
        sdk_query.setdefault(key, []).append(value)
    request.set_query({k: (v if len(v) > 1 else v[0]) for k, v in sdk_query.items()})
    request.set_headers(dict(headers))
    request.set_body(body or "")
    credentials = Credentials("AKTESTEXAMPLE", "SKTESTEXAMPLE", service, region)

    hashed = []
    hmacs = []
    original_sha256, original_hmac = Util.sha256, Util.hmac_sha256

    def sha256(content):
        hashed.append(content)
        return original_sha256(content)

    def hmac_sha256(key, content):
        result = original_hmac(key, content)
        hmacs.append((key, content, result))
        return result

    Util.sha256, Util.hmac_sha256 = staticmethod(sha256), staticmethod(hmac_sha256)
    original_date = SignerV4.get_current_format_date
    SignerV4.get_current_format_date = staticmethod(lambda: DATE)
    try:
        before = dict(request.headers)
        SignerV4.sign(request, credentials)
    finally:
        Util.sha256, Util.hmac_sha256 = staticmethod(original_sha256), staticmethod(original_hmac)
        SignerV4.get_current_format_date = original_date

    after = request.headers
    added = {k: v for k, v in after.items() if before.get(k) != v}
    auth = after["Authorization"]
    signed_headers = auth.split("SignedHeaders=")[1].split(",")[0]
    signature = auth.split("Signature=")[1]
    # hashed: [body, canonical request]; the string to sign is the last HMAC's content.
    canonical_request = hashed[1]
    string_to_sign = hmacs[-1][1]
    signing_key = hmacs[-1][0]
    scope = "/".join([DATE[:8], region, service, "request"])
    assert scope in auth, (scope, auth)
    assert original_sha256(canonical_request) == string_to_sign.split("\n")[3]
    return {
        "id": cid,
        "split": "public",
        "description": description,
        "input": {
            "method": method, "scheme": "https", "host": host, "path": "/",
            "query": [list(p) for p in query], "headers": [list(h) for h in headers],
            "body": body or "", "ak": "AKTESTEXAMPLE", "sk": "SKTESTEXAMPLE",
            "region": region, "service": service, "date": DATE, "session_token": "",
        },
        "output": {
            "added_headers": added,
            "headers": [list(h) for h in after.items()],
            "signed_headers": signed_headers,
            "credential_scope": scope,
            "body_sha256": hashed[0] and original_sha256(hashed[0]) or original_sha256(""),
            "canonical_request": canonical_request,
            "canonical_request_sha256": original_sha256(canonical_request),
            "string_to_sign": string_to_sign,
            "signing_key_hex": Util.to_hex(signing_key),
            "signature": signature,
        },
    }


vectors = [capture(case) for case in CASES]
print(json.dumps({
    "generator": f"official Volcengine Python SDK {SDK}, volcengine.auth.SignerV4.SignerV4.sign, clock frozen; tests/data/make-service-sign-vectors.py",
    "sdk": SDK,
    "signer": "volcengine.auth.SignerV4.SignerV4.sign",
    "notes": [
        "Same format as sign-vectors.json. Services other than Live: mixed-case signing names are used verbatim in the credential scope.",
        "A POST without a body gets no JSON Content-Type; the SDK's signer then adds 'application/x-www-form-urlencoded; charset=utf-8' and signs it, as ours does.",
    ],
    "split": "public",
    "count": len(vectors),
    "vectors": vectors,
}, indent=1, ensure_ascii=False))
