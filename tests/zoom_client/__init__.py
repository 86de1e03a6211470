"""Tests of zoom_mcp.zoom_client against a fake Zoom served on loopback."""
