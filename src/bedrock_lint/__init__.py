"""bedrock-lint: every AWS Bedrock call through a tagged application inference profile."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
