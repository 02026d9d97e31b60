from __future__ import annotations

import sys

from .quick import main

sys.exit(main())
