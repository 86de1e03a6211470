import sys

from zoom_mcp.cli import main

sys.exit(main())
