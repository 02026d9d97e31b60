#!/usr/bin/env python3
"""One-off migration: move tenants off deprecated Bedrock models.

For every tenant the chat service reads ``/tenants/<id>/bedrock/model_id`` from SSM
at start-up. This script rewrites deprecated values to their replacement, smoke-tests
the replacement, and prints a report of models that merely deserve a look.
"""

import argparse
import sys

import boto3

ssm = boto3.client("ssm")
runtime = boto3.client("bedrock-runtime")

# Old -> new. The new value is written to SSM and used by the chat service.
REPLACEMENTS = {
    "anthropic.claude-v2:1": "anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL101
    "anthropic.claude-instant-v1": "anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
    "anthropic.claude-3-sonnet-20240229-v1:0": "us.anthropic.claude-3-7-sonnet-20250219-v1:0",  # expect: BRL102
    "meta.llama2-70b-chat-v1": "meta.llama3-3-70b-instruct-v1:0",  # expect: BRL101
}

# Old -> suggestion. Only printed in the report, never written anywhere.
ADVISORIES = {
    "anthropic.claude-3-5-sonnet-20240620-v1:0": "anthropic.claude-sonnet-4-5-20250929-v1:0",
    "amazon.titan-text-express-v1": "amazon.nova-lite-v1:0",
    "ai21.j2-ultra-v1": "ai21.jamba-1-5-large-v1:0",
}


def tenant_parameters(prefix: str = "/tenants/"):
    paginator = ssm.get_paginator("get_parameters_by_path")
    for page in paginator.paginate(Path=prefix, Recursive=True):
        for p in page["Parameters"]:
            if p["Name"].endswith("/bedrock/model_id"):
                yield p["Name"], p["Value"]


def smoke_test(model_id: str) -> bool:
    try:
        runtime.converse(
            modelId=model_id,
            messages=[{"role": "user", "content": [{"text": "Reply with OK"}]}],
            inferenceConfig={"maxTokens": 5},
        )
        return True
    except runtime.exceptions.AccessDeniedException:
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apply", action="store_true", help="write the new values (default: dry run)")
    args = parser.parse_args()
    changed, advised = 0, 0
    for name, value in tenant_parameters():
        if value in REPLACEMENTS:
            new = REPLACEMENTS[value]
            print(f"{name}: {value} -> {new}")
            if args.apply:
                if not smoke_test(new):
                    print(f"  !! no access to {new}, skipping", file=sys.stderr)
                    continue
                ssm.put_parameter(Name=name, Value=new, Type="String", Overwrite=True)
            changed += 1
        elif value in ADVISORIES:
            print(f"{name}: {value} still works; consider {ADVISORIES[value]}")
            advised += 1
    print(f"{changed} migrated, {advised} advisories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
