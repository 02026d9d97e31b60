"""``bedrock-lint audit``: CloudTrail events read offline, classified per caller, in-process."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from bedrock_lint import audit
from bedrock_lint.audit import main

FIXTURES = Path(__file__).parent / "fixtures" / "cloudtrail"
S3 = FIXTURES / "s3" / "AWSLogs" / "111122223333" / "CloudTrail" / "eu-central-1" / "2025" / "03" / "03"
S3_GZ = S3 / "111122223333_CloudTrail_eu-central-1_20250303T0805Z_Ab12Cd34Ef56Gh78.json.gz"
S3_JSON = S3 / "111122223333_CloudTrail_eu-central-1_20250303T0810Z_Ij90Kl12Mn34Op56.json"

ACCT = "111122223333"
CHAT = f"arn:aws:sts::{ACCT}:assumed-role/chat-api-role/chat-api"
SUMM = f"arn:aws:sts::{ACCT}:assumed-role/support-summariser-role/support-summariser"
WORKER = f"arn:aws:sts::{ACCT}:assumed-role/chat-worker-task-role/8f14e45fceea167a5a36dedd4bea2543"
KB = f"arn:aws:sts::{ACCT}:assumed-role/kb-assistant-role/kb-assistant"
BATCH = f"arn:aws:sts::{ACCT}:assumed-role/nightly-batch-role/nightly-batch-20250303"
REPORTS = f"arn:aws:sts::{ACCT}:assumed-role/reports-role/reports"
CI_BOT = f"arn:aws:iam::{ACCT}:user/ci-bot"
AIP = f"arn:aws:bedrock:eu-central-1:{ACCT}:application-inference-profile/a1b2c3d4e5f6"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default policy, whatever config surrounds the checkout


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main([*map(str, args), "--format", "json", "--jobs", "1"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def counts(doc: dict) -> dict[str, tuple[int, ...]]:
    """caller -> (profile, foundation model, system profile, exempt, other, failed)."""
    out = {}
    for c in doc["callers"]:
        n = c["counts"]
        out[c["caller"]] = (n["application-profile"], n["foundation-model"], n["system-profile"],
                            n["exempt"], n["other"], c["failed_calls"])
    return out


# --- the forms CloudTrail logs come in ---------------------------------------------------------


def test_gzipped_s3_delivery_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = run_json(capsys, S3_GZ)
    assert code == 1 and err == ""
    assert doc["summary"]["files"] == 1
    assert doc["summary"]["events"] == 10  # S3 GetObject and an InvokeAgent included
    assert doc["summary"]["bedrock_events"] == 9  # ListFoundationModels and InvokeAgent call no model
    assert doc["summary"]["model_calls"] == 7
    assert counts(doc) == {
        WORKER: (0, 1, 1, 0, 0, 1),  # a system profile, and a denied foundation-model ARN
        SUMM: (0, 1, 0, 2, 0, 0),  # Haiku direct; Titan embeddings and CountTokens exempt
        CHAT: (2, 0, 0, 0, 0, 0),  # the profile ARN, once URL-encoded
    }
    chat = next(c for c in doc["callers"] if c["caller"] == CHAT)
    assert chat["models"] == [{"model_id": AIP, "kind": "application profile",
                               "category": "application-profile", "calls": 2, "failed_calls": 0,
                               "first_seen": "2025-03-03T08:01:12Z",
                               "last_seen": "2025-03-03T08:02:40Z"}]
    assert chat["verdict"] == "compliant"
    assert chat["role"] == "chat-api-role" and chat["sessions"] == ["chat-api"]
    assert chat["event_names"] == {"Converse": 1, "InvokeModel": 1}
    summ = next(c for c in doc["callers"] if c["caller"] == SUMM)
    assert [(m["model_id"], m["category"]) for m in summ["models"]] == [  # most calls, then by ID
        ("amazon.titan-embed-text-v2:0", "exempt"),
        ("anthropic.claude-3-5-sonnet-20240620-v1:0", "exempt"),
        (HAIKU, "foundation-model"),
    ]


def test_plain_s3_file_with_batch_rag_and_provisioned_calls(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = run_json(capsys, S3_JSON)
    assert code == 1  # the knowledge base's RetrieveAndGenerate names a foundation model
    assert counts(doc) == {
        KB: (0, 1, 0, 0, 0, 0),
        BATCH: (1, 0, 0, 0, 0, 0),  # CreateModelInvocationJob through a profile
        CHAT: (1, 0, 0, 0, 0, 0),
        REPORTS: (0, 0, 0, 0, 1, 0),  # provisioned throughput: "other", not verified
    }
    verdicts = {c["caller"]: c["verdict"] for c in doc["callers"]}
    assert verdicts[REPORTS] == "not verified"
    assert verdicts[KB] == "non-compliant"


def test_lookup_events_output_and_its_query_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = run_json(capsys, FIXTURES / "lookup-events.json")
    assert code == 1
    assert counts(doc) == {CI_BOT: (0, 0, 1, 0, 0, 0), SUMM: (0, 1, 0, 0, 0, 0),
                           CHAT: (1, 0, 0, 0, 0, 0)}
    ci = next(c for c in doc["callers"] if c["caller"] == CI_BOT)
    assert ci["identity_type"] == "IAMUser" and ci["sessions"] == []
    # --query 'Events[].CloudTrailEvent': a JSON array of JSON strings
    code, doc, _ = run_json(capsys, FIXTURES / "lookup-events-query.json")
    assert counts(doc) == {SUMM: (0, 1, 0, 0, 0, 0), CHAT: (1, 0, 0, 0, 0, 0)}


def test_json_lines_with_a_cut_off_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = run_json(capsys, FIXTURES / "lake-export.jsonl")
    assert code == 1
    assert doc["summary"]["events"] == 3 and doc["summary"]["malformed_events"] == 1
    assert counts(doc) == {WORKER: (0, 0, 1, 0, 0, 0), CHAT: (1, 0, 0, 0, 0, 0)}
    assert err.splitlines() == [
        (f"bedrock-lint audit: warning: {FIXTURES / 'lake-export.jsonl'}: line 4: not a JSON event "
        "(Invalid control character at: line 1 column 720 (char 719))")]


def test_whole_tree_digest_files_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = run_json(capsys, FIXTURES)
    assert code == 1
    s = doc["summary"]
    assert (s["files"], s["events"], s["model_calls"], s["malformed_events"], s["bad_files"]) == \
        (8, 26, 21, 3, 1)
    assert s["counts"] == {"application-profile": 10, "foundation-model": 5, "system-profile": 3,
                           "exempt": 2, "other": 1}
    assert s["callers"] == 7 and s["non_compliant_callers"] == 4
    # non-compliant callers first, then by ARN
    assert [c["caller"] for c in doc["callers"]] == [CI_BOT, WORKER, KB, SUMM, CHAT, BATCH, REPORTS]
    assert counts(doc)[CHAT] == (9, 0, 0, 0, 0, 0)
    assert len(err.splitlines()) == 4 and "CloudTrail-Digest" not in err


# --- bad input: reported, counted, never fatal ------------------------------------------------


def test_broken_files_are_reported_and_the_rest_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = run_json(capsys, FIXTURES / "broken", S3_GZ)
    broken = FIXTURES / "broken"
    assert err.splitlines() == [
        (f"bedrock-lint audit: warning: {broken / 'trail.log'}: line 1: not a JSON event "
        "(Extra data: line 1 column 5 (char 4))"),
        (f"bedrock-lint audit: warning: {broken / 'truncated.json.gz'}: truncated or corrupt gzip data "
        "(Compressed file ended before the end-of-stream marker was reached); the events before it "
        "are counted"),
        (f"bedrock-lint audit: warning: {broken / 'unterminated.json'}: invalid JSON (Unterminated "
        "string starting at, 1205 characters into the value) after record 1; rest of file skipped"),
    ]
    assert doc["problems"] == [line.removeprefix("bedrock-lint audit: warning: ")
                               for line in err.splitlines()]
    s = doc["summary"]
    assert (s["files"], s["malformed_events"], s["bad_files"]) == (4, 2, 1)
    # two events decompressed before the gzip stream ends, one before the JSON breaks, + S3_GZ
    assert counts(doc)[CHAT] == (2 + 1 + 2, 0, 0, 0, 0, 0)
    assert code == 1


@pytest.mark.parametrize("text, message", [
    (b"", None),
    (b'{"Records": []}', None),
    (b'{"Records": [{"eventSource": "bedrock.amazonaws.com"}', "expected ',' or ']', found end of file"),
    (b'{"Records": [1]}', "not a CloudTrail event (int)"),
    (b'{"Records": [{"eventSource": "s3.amazonaws.com"}] } trailing', "extra data after the JSON document"),
    (b"\xff\xfe garbage bedrock.amazonaws.com", "line 1: not a JSON event"),
    (b'{"Events": [{"CloudTrailEvent": "{bedrock.amazonaws.com"}]}', "CloudTrailEvent is not JSON"),
])
def test_malformed_shapes(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: bytes,
                          message: str | None) -> None:
    f = tmp_path / "events.json"
    f.write_bytes(text)
    code, doc, err = run_json(capsys, f)
    assert code == 0
    if message is None:
        assert err == "" and doc["summary"]["malformed_events"] == 0
    else:
        assert message in err and str(f) in err
        assert doc["summary"]["malformed_events"] == 1


def test_events_without_identity_or_model_are_counted(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "odd.jsonl"
    f.write_text(
        json.dumps({"eventSource": "bedrock.amazonaws.com", "eventName": "InvokeModel",
                    "eventTime": "2025-03-03T11:00:00Z", "requestParameters": None,
                    "userIdentity": {"type": "AWSService", "invokedBy": "bedrock.amazonaws.com"}})
        + "\n" + json.dumps({"eventSource": "bedrock.amazonaws.com", "eventName": "Converse",
                             "requestParameters": {"modelId": "HIDDEN_DUE_TO_SECURITY_REASONS"}})
        + "\n")
    code, doc, _ = run_json(capsys, f)
    assert code == 0  # neither is a direct call: "other", not verified
    models = {c["caller"]: [(m["model_id"], m["kind"]) for m in c["models"]] for c in doc["callers"]}
    assert models == {"AWSService:bedrock.amazonaws.com": [("(no model in event)", "missing")],
                      "unknown:?": [("HIDDEN_DUE_TO_SECURITY_REASONS", "unrecognised")]}
    code, doc, _ = run_json(capsys, f, "--fail-on", "not-profile")
    assert code == 1


# --- streaming ------------------------------------------------------------------------------


def test_small_chunks_give_the_same_result(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Every element straddles a chunk boundary: the reader refills and re-scans."""
    _, expected, _ = run_json(capsys, FIXTURES)
    for size in (7, 64, 1000):
        monkeypatch.setattr(audit, "CHUNK", size)
        _, doc, _ = run_json(capsys, FIXTURES)
        assert doc == expected


def test_processes_give_the_same_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(6):
        shutil.copy(S3_GZ, tmp_path / f"part-{i}.json.gz")
        shutil.copy(S3_JSON, tmp_path / f"part-{i}.json")
    one = main([str(tmp_path), "-f", "json", "-j", "1"]), capsys.readouterr().out
    two = main([str(tmp_path), "-f", "json", "-j", "2"]), capsys.readouterr().out
    assert one == two
    assert json.loads(one[1])["summary"]["events"] == 6 * 15


def test_generated_log_is_aggregated_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """20,000 events over 40 sessions of one role: per ARN, and collapsed per role."""
    base = json.loads(gzip.decompress(S3_GZ.read_bytes()))["Records"][0]  # a chat-api InvokeModel
    lines = []
    for i in range(20_000):
        ev = json.loads(json.dumps(base))
        ev["userIdentity"]["arn"] = f"arn:aws:sts::{ACCT}:assumed-role/chat-api-role/s{i % 40:02d}"
        ev["eventTime"] = f"2025-03-03T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
        ev["sourceIPAddress"] = f"10.0.{i % 50}.1"
        if i % 4 == 0:
            ev["requestParameters"]["modelId"] = HAIKU
        lines.append(json.dumps(ev))
    (tmp_path / "big.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    code, doc, _ = run_json(capsys, tmp_path)
    assert code == 1 and len(doc["callers"]) == 40
    assert sum(c["calls"] for c in doc["callers"]) == 20_000
    code, doc, _ = run_json(capsys, tmp_path, "--by", "role")
    (role,) = doc["callers"]
    assert role["caller"] == f"arn:aws:iam::{ACCT}:role/chat-api-role"
    assert role["counts"]["application-profile"] == 15_000 and role["counts"]["foundation-model"] == 5_000
    assert role["sessions"] == [f"s{i:02d}" for i in range(20)] and role["sessions_truncated"]
    assert len(role["source_ips"]) == audit.CAP
    assert (role["first_seen"], role["last_seen"]) == ("2025-03-03T00:00:00Z", "2025-03-03T05:33:19Z")


def test_capped_values_merge_the_same_in_any_order() -> None:
    values = [f"10.0.0.{i}" for i in range(60)]
    a, b, whole = audit._Values(), audit._Values(), audit._Values()
    for v in values[:30]:
        a.add(v)
    for v in reversed(values[30:]):
        b.add(v)
    for v in reversed(values):
        whole.add(v)
    a.merge(b)
    assert a.listed() == whole.listed() == sorted(values)[: audit.CAP]
    assert a.more and whole.more


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = (FIXTURES / "lake-export.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    code, doc, _ = run_json(capsys, "-")
    assert doc["summary"]["events"] == 3 and code == 1


# --- output and exit codes ------------------------------------------------------------------


def test_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(FIXTURES / "lookup-events.json")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "Read 1 file, 3 events: 3 Bedrock model calls from 3 callers.",
        "  application profile 1, foundation model 1, system profile 1, exempt 0, other 0",
        "",
        f"NON-COMPLIANT  {CI_BOT}",
        "  IAMUser",
        "  1 call: application profile 0, foundation model 0, system profile 1, exempt 0, other 0",
        "  seen 2025-03-03T09:02:00Z .. 2025-03-03T09:02:00Z",
        "  from 140.82.112.4; region eu-central-1",
        "         1  eu.amazon.nova-micro-v1:0  [system profile, system-profile]",
        "",
        f"NON-COMPLIANT  {SUMM}",
        "  AssumedRole; role support-summariser-role; session support-summariser",
        "  1 call: application profile 0, foundation model 1, system profile 0, exempt 0, other 0",
        "  seen 2025-03-03T09:01:00Z .. 2025-03-03T09:01:00Z",
        "  from 18.153.22.7; region eu-central-1",
        f"         1  {HAIKU}  [foundation model, foundation-model]",
        "",
        f"COMPLIANT  {CHAT}",
        "  AssumedRole; role chat-api-role; session chat-api",
        "  1 call: application profile 1, foundation model 0, system profile 0, exempt 0, other 0",
        "  seen 2025-03-03T09:00:00Z .. 2025-03-03T09:00:00Z",
        "  from 3.120.45.10; region eu-central-1",
        f"         1  {AIP}  [application profile, application-profile]",
        "",
        "Found 2 non-compliant calls from 2 callers.",
    ]


def test_csv_and_markdown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    assert main([str(FIXTURES / "lookup-events-query.json"), "-f", "csv", "-o", str(out)]) == 1
    assert out.read_text().splitlines() == [
        ",".join(audit.CSV_HEADER),
        (f"{SUMM},non-compliant,AssumedRole,support-summariser-role,support-summariser,18.153.22.7,"
        f"{HAIKU},foundation model,foundation-model,1,0,2025-03-03T09:01:00Z,2025-03-03T09:01:00Z"),
        (f"{CHAT},compliant,AssumedRole,chat-api-role,chat-api,3.120.45.10,{AIP},application profile,"
        "application-profile,1,0,2025-03-03T09:00:00Z,2025-03-03T09:00:00Z"),
    ]
    assert main([str(FIXTURES / "lookup-events-query.json"), "-f", "markdown"]) == 1
    md = capsys.readouterr().out.splitlines()
    assert md[0] == "# Bedrock CloudTrail audit"
    assert md[-1] == (f"| `{CHAT}` | compliant | 1 | 0 | 0 | 0 | 0 | 2025-03-03T09:00:00Z | "
                      f"2025-03-03T09:00:00Z | `{AIP}` (1) |")


def test_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(FIXTURES / "lake-export.jsonl"), "--fail-on", "never"]) == 0
    compliant = FIXTURES / "lookup-events-query.json"
    assert main([str(compliant), "--fail-on", "never", "-f", "json"]) == 0
    capsys.readouterr()
    assert main(["--fail-on", "direct", str(S3_JSON)]) == 1


@pytest.mark.parametrize("argv, message", [
    ([], "the following arguments are required: FILE|DIR"),
    (["no/such/file.json.gz"], "path not found: no/such/file.json.gz"),
    ([str(S3_GZ), "--format", "xml"], "argument --format/-f: invalid choice: 'xml'"),
    ([str(S3_GZ), "--jobs", "0"], "--jobs must be at least 1"),
    ([str(S3_GZ), "--policy", "no-such-pack"], "no-such-pack"),
])
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("bedrock-lint audit: error: ") and message in line


def test_empty_directory_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "logs").mkdir()
    assert main([str(tmp_path / "logs")]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"bedrock-lint audit: warning: no event files in {tmp_path / 'logs'}\n"
    assert captured.out.splitlines()[-1] == "No Bedrock model calls found."


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "usage: bedrock-lint audit" in capsys.readouterr().out
