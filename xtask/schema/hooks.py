"""Schemathesis hooks of `cargo xtask test --only schema`.

One extra check: every 4xx answer is the documented JSON error
(`{"error", "message", "details"}`, components/schemas/Error), whether or not the
operation lists that status: a client reads every refusal the same way. Only the JSON API
(`/api/…`): the association pages (`/association/…`) are HTML for people, and answer a
bad link with an HTML page.
"""

import json

import schemathesis


@schemathesis.check
def refusal_is_the_documented_error(ctx, response, case):
    if not 400 <= response.status_code < 500 or not case.operation.path.startswith("/api/"):
        return None
    media = response.headers.get("content-type", [""])
    media = media[0] if isinstance(media, list) else media
    assert media.split(";")[0].strip() == "application/json", (
        f"refus {response.status_code} sans corps JSON (Content-Type : {media!r})"
    )
    try:
        body = json.loads(response.content)
    except ValueError as e:
        raise AssertionError(f"refus {response.status_code} dont le corps n'est pas du JSON : {e}")
    assert isinstance(body, dict), f"refus {response.status_code} : le corps n'est pas un objet"
    missing = {"error", "message", "details"} - body.keys()
    assert not missing, f"refus {response.status_code} sans {sorted(missing)}"
    assert isinstance(body["error"], str) and body["error"], "error doit être un code non vide"
    assert isinstance(body["message"], str) and body["message"], "message doit être une phrase non vide"
    assert isinstance(body["details"], list), "details doit être une liste"
    for issue in body["details"]:
        assert isinstance(issue, dict) and isinstance(issue.get("path"), str) and isinstance(
            issue.get("message"), str
        ), f"détail mal formé : {issue!r}"
    return None
