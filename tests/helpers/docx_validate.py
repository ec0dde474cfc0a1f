#!/usr/bin/env python3
"""Validates a DOCX with openxml-audit (a port of the Open XML SDK validator)
and prints its findings as JSON: [{"type", "part", "path", "description"}]."""
import json
import subprocess
import sys
from pathlib import Path


def main(path):
    audit = Path(sys.executable).with_name("openxml-audit")
    p = subprocess.run([str(audit), "-o", "json", "-m", "0", "-f", "office2019", path],
                       capture_output=True, text=True)
    try:
        result = json.loads(p.stdout)[0]
    except (ValueError, IndexError):
        print(f"openxml-audit gave no result: {p.stderr[-400:]}", file=sys.stderr)
        return 2
    errors = [{"type": e.get("type"), "part": e.get("part_uri"), "path": e.get("path"),
               "description": e.get("description")} for e in result.get("errors", [])]
    json.dump(errors, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
