"""bedrock-lint: every AWS Bedrock call through a tagged application inference profile."""

from __future__ import annotations

__version__ = "0.1.0"
#: how the command's log records are written (also by lanes that start before it sets it)
LOG_FORMAT = "bedrock-lint: %(levelname)s: %(message)s"

__all__ = ["__version__"]
