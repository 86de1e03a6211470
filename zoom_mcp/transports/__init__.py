"""Transports of zoom-mcp: stdio (`stdio.py`) and the hosted HTTP endpoint (`http.py`, Streamable HTTP + SSE)."""
