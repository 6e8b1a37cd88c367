"""Decodes Confluent wire-format records with fastavro, independently of the code under test.

Reads JSON from stdin: {"registry": "<ccompat base URL>", "authorization": "<header or null>", "payloads": ["<hex>" | null, ...]}.
For each payload: checks the magic byte, fetches the writer schema by id (GET /schemas/ids/<id>) with urllib,
decodes the rest with fastavro's schemaless_reader and checks that no bytes are left over.
Writes JSON to stdout: [{"id": <int>, "value": <decoded>} | null, ...]; bytes come out as {"$bytes": "<hex>"}.
"""
import io
import json
import struct
import sys
import urllib.request

import fastavro


def plain(value):
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": value.hex()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main():
    request = json.load(sys.stdin)
    schemas = {}
    out = []
    for payload in request["payloads"]:
        if payload is None:
            out.append(None)
            continue
        data = bytes.fromhex(payload)
        if data[0] != 0:
            raise SystemExit(f"magic byte is {data[0]}, not 0")
        schema_id = struct.unpack(">i", data[1:5])[0]
        if schema_id not in schemas:
            req = urllib.request.Request(f"{request['registry']}/schemas/ids/{schema_id}")
            if request.get("authorization"):
                req.add_header("Authorization", request["authorization"])
            with urllib.request.urlopen(req, timeout=30) as reply:
                text = json.load(reply)["schema"]
            schemas[schema_id] = fastavro.parse_schema(json.loads(text))
        body = io.BytesIO(data[5:])
        value = fastavro.schemaless_reader(body, schemas[schema_id], None)
        if body.tell() != len(data) - 5:
            raise SystemExit(f"{len(data) - 5 - body.tell()} bytes left after the datum")
        out.append({"id": schema_id, "value": plain(value)})
    json.dump(out, sys.stdout)


main()
