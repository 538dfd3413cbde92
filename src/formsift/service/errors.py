"""Errors as JSON (``{"error": {"code": ..., "message": ...}}``), never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("formsift.service")

#: HTTP status for each error code the engine or the workers report.
STATUS_OF_CODE = {
    "input_error": 422,
    "param_error": 422,
    "too_many_pages": 413,
    "no_page_image": 404,
    "processing_timeout": 422,
    "worker_crashed": 500,
    "service_stopping": 503,
    "template_error": 500,
    "component_not_found": 500,
    "plugin_error": 500,
    "internal_error": 500,
}


class ErrorBody(BaseModel):
    code: str = Field(description="Machine-readable error code, e.g. too_large, input_error.")
    message: str = Field(description="What went wrong, for people.")
    details: list[dict[str, Any]] | None = None


class ErrorResponse(BaseModel):
    """Every error answer of the API."""

    error: ErrorBody


class ApiError(Exception):
    """An error answered with ``status`` and a JSON body."""

    def __init__(self, status: int, code: str, message: str,
                 details: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers


def error_response(status: int, code: str, message: str,
                   details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 408: "request_timeout",
               409: "conflict", 413: "too_large", 415: "unsupported_media_type",
               422: "invalid_request", 429: "too_many_requests"}


def _message(error: dict[str, Any]) -> str:
    """A validation error's message; a body that is not JSON says so (FastAPI's "JSON
    decode error" at ``body.0`` read like a problem with a field named 0)."""
    if error.get("type") == "json_invalid":
        loc = error.get("loc", ())
        why = (error.get("ctx") or {}).get("error", "")
        where = f" at character {loc[1]}" if len(loc) > 1 else ""
        return f"the body is not JSON ({why}{where})" if why else "the body is not JSON"
    if error.get("type") == "bool_parsing":  # ?split=maybe: say what is taken
        return f"{error.get('input')!r} is not true or false (true/false, 1/0, yes/no, on/off)"
    if error.get("type") == "string_pattern_mismatch" and \
            tuple(error.get("loc", ()))[-1:] == ("callback_url",):
        return "must be an http(s) URL (http://host/path or https://host/path)"
    return str(error.get("msg", ""))


def _details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The details of a validation error: one per item, but one per correction of a
    review submission (pydantic says why the value is neither a text nor a list of
    texts, at two places), saying what a correction takes."""
    out: list[dict[str, Any]] = []
    said: set[str] = set()
    for e in errors:
        loc = [str(x) for x in e.get("loc", ())]
        if loc[:2] != ["body", "corrections"] or len(loc) < 3:
            out.append({"loc": loc, "message": _message(e)})
            continue
        if loc[2] in said:
            continue
        said.add(loc[2])
        inputs = [x.get("input") for x in errors if [str(y) for y in x.get("loc", ())][
            :3] == loc[:3]]
        out.append({"loc": loc[:3], "message": _correction_message(inputs)})
    return out


def _correction_message(inputs: list[Any]) -> str:
    """Why a correction's JSON value is refused (``inputs``: what pydantic was given)."""
    def number(x: Any) -> bool:
        return isinstance(x, int | float) and not isinstance(x, bool)

    if any(number(x) or (isinstance(x, list) and any(map(number, x))) for x in inputs):
        return ("a JSON number: send the value as a string, as typed (\"1250.00\", "
                "\"1.234,50\"); read as a binary float, a JSON number can lose digits of "
                "an amount")
    return ("takes a string (the value as typed), a list of strings for a repeated field, "
            "or null to clear it")


def unreadable_json(cause: BaseException | None) -> str:
    """Why a JSON body could not be read, from what the parser raised (FastAPI answers
    each with "There was an error parsing the body"): valid JSON nested too deeply for
    the parser, or with a number too long for Python's integers, is not a matter of
    encoding."""
    if isinstance(cause, RecursionError):
        return ("the body's JSON is nested too deeply (arrays and objects within each "
                "other, about a thousand levels or more; a review submission needs three)")
    if isinstance(cause, ValueError) and "integer string conversion" in str(cause):
        import sys

        return (f"the body's JSON has a number of more than "
                f"{sys.get_int_max_str_digits():,} digits, too long to read")
    if isinstance(cause, UnicodeError):
        return "the body is not JSON (it is not UTF-8 text)"
    return "the body cannot be read as JSON" + (f" ({type(cause).__name__})" if cause
                                                 else "")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into an :class:`ErrorResponse`."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # FastAPI's only 400: a JSON body it could not read. A body that cannot be
            # read as JSON is a 422 invalid_request, as every other invalid request
            why = unreadable_json(exc.__cause__)
            return error_response(422, "invalid_request", f"invalid request: {why}",
                                  [{"loc": ["body"], "message": why}])
        code = _HTTP_CODES.get(exc.status_code, "error" if exc.status_code < 500
                               else "internal_error")
        return error_response(exc.status_code, code, str(exc.detail),
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = _details(list(exc.errors()))
        where = "; ".join(f"{'.'.join(d['loc'])}: {d['message']}" for d in details[:3])
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        is_json = ctype == "application/json" or ctype.endswith("+json")
        if any(d["loc"][:1] == ["body"] for d in details) and not is_json:
            # the body may be fine JSON sent without saying so (curl -d sends a form type)
            where += (f" (the body was sent as {ctype!r}: send JSON with the header "
                      f"Content-Type: application/json)" if ctype else
                      " (send JSON with the header Content-Type: application/json)")
        return error_response(422, "invalid_request", f"invalid request: {where}", details)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error",
                              f"internal error ({type(exc).__name__}); see the service log")
