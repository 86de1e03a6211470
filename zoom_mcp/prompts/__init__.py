"""MCP prompts loaded from `prompts/*.md`: loader, service and low-level Server handler factories."""

from zoom_mcp.prompts.handlers import completion_handler, get_prompt_handler, list_prompts_handler
from zoom_mcp.prompts.loader import PromptLoadError, default_prompts_directory, load_prompt_file, load_prompts
from zoom_mcp.prompts.model import PromptArgumentSpec, PromptResourceSpec, PromptSpec
from zoom_mcp.prompts.service import MeetingIdCompleter, PromptService, tool_name_map

__all__ = [
    "MeetingIdCompleter",
    "PromptArgumentSpec",
    "PromptLoadError",
    "PromptResourceSpec",
    "PromptService",
    "PromptSpec",
    "completion_handler",
    "default_prompts_directory",
    "get_prompt_handler",
    "list_prompts_handler",
    "load_prompt_file",
    "load_prompts",
    "tool_name_map",
]
