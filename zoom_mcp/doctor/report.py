"""`zoom-mcp doctor`'s text report: one section per check, problems first, never a secret."""

from __future__ import annotations

from zoom_mcp.doctor.checks import Diagnosis


def render(diagnosis: Diagnosis) -> list[str]:
    lines = [f"zoom-mcp doctor: {'OK, the server can work' if diagnosis.ok else 'PROBLEM, the server cannot work'}"]
    for problem in diagnosis.problems:
        lines.append(f"  problem: {problem}")
    for warning in diagnosis.warnings:
        lines.append(f"  warning: {warning}")
    target = "the built-in sandbox Zoom" if diagnosis.target == "sandbox" else "real Zoom"
    lines.append("")
    lines.append(f"target:      {target} ({diagnosis.api_base_url or 'not reached'})")
    credentials = ", ".join(diagnosis.credentials) or "none (so the sandbox)"
    lines.append(f"credentials: {credentials}; auth: {diagnosis.auth.replace('_', '-')}")
    if diagnosis.token is not None:
        token = diagnosis.token
        state = "ok" if token.ok else f"FAILED ({token.setting or 'see the problem'})"
        lines.append(f"token:       {state}: {token.message}")
    if diagnosis.api:
        api = diagnosis.api
        lines.append(
            f"api:         {'ok' if api.get('ok') else 'FAILED'}: GET {api.get('path')} -> {api.get('status')}"
        )
    if diagnosis.variant is not None:
        lines.append(f"api variant: {diagnosis.variant.variant} ({diagnosis.variant.reason})")
    if diagnosis.rate_plan:
        plan = diagnosis.rate_plan
        limits = ", ".join(f"{k} {v}" for k, v in (plan.get("limits") or {}).items()) or "no client-side pacing"
        lines.append(f"rate plan:   {plan['name']} ({plan['source']}): {limits}")
    if diagnosis.toolsets:
        lines.append("")
        if diagnosis.granted is None:
            lines.append("scopes: unknown (static token); a Zoom app needs per toolset:")
            for entry in diagnosis.toolsets:
                lines.append(f"  {entry.toolset:<24} {entry.tools:>3} tools  {' '.join(entry.scopes)}")
        else:
            lines.append(f"scopes: {len(diagnosis.granted)} granted; per toolset:")
            for entry in diagnosis.toolsets:
                usable = entry.tools - len(entry.failing)
                if not entry.failing:
                    lines.append(f"  {entry.toolset:<24} {usable}/{entry.tools} tools ok")
                    continue
                lines.append(
                    f"  {entry.toolset:<24} {usable}/{entry.tools} tools ok; will fail: {', '.join(entry.failing)}"
                )
                lines.append(f"  {'':<24} add to the Zoom app: {' '.join(entry.add)}")
    return lines
