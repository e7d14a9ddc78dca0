"""Errors the API answers with: a machine-readable code the app translates, and a
plain English message that names the value and the rule.

Every error body has the shape `api_client.models.ErrorBody`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api_client.identity import IdentityCode
from api_client.models import ErrorBody, ErrorCode, ErrorDetail, FieldError


class ApiProblem(Exception):  # noqa: N818 - it is answered, not raised to the user
    """Raise from service functions; answered as `{"error": {...}}` with `status`."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        *,
        fields: list[FieldError] | None = None,
        next_available: list[dt.date] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.detail = ErrorDetail(
            code=code, message=message, fields=fields or [], next_available=next_available or []
        )
        self.headers = headers


def field_problem(
    field: str, code: ErrorCode | IdentityCode, message: str, **params: Any
) -> ApiProblem:
    return ApiProblem(
        422,
        ErrorCode.validation_failed,
        message,
        fields=[FieldError(field=field, code=code, message=message, params=params)],
    )


def not_found(code: ErrorCode, value: object) -> ApiProblem:
    """`not_found(ErrorCode.ticket_not_found, 7)` answers 404 "no ticket 7"."""
    return ApiProblem(404, code, f"no {code.removesuffix('_not_found')} {value!r}")


def _body(detail: ErrorDetail) -> dict[str, Any]:
    return ErrorBody(error=detail).model_dump(mode="json")


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _params(ctx: dict[str, Any] | None) -> dict[str, str | int | float]:
    out: dict[str, str | int | float] = {}
    for key, value in (ctx or {}).items():
        out[key] = value if isinstance(value, int | float | str) else str(value)
    return out


def problem_response(problem: ApiProblem) -> JSONResponse:
    return JSONResponse(_body(problem.detail), status_code=problem.status, headers=problem.headers)


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [
        FieldError(
            field=_field_path(tuple(err.get("loc", ()))),
            code=err.get("type", "invalid"),
            message=err.get("msg", "invalid value"),
            params=_params(err.get("ctx")),
        )
        for err in exc.errors()
    ]
    detail = ErrorDetail(
        code=ErrorCode.validation_failed,
        message="; ".join(f"{f.field}: {f.message}" for f in fields),
        fields=fields,
    )
    return JSONResponse(_body(detail), status_code=422)


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {
        404: ErrorCode.not_found, 405: ErrorCode.method_not_allowed,
        401: ErrorCode.unauthorized, 403: ErrorCode.forbidden,
    }
    code: str = codes.get(exc.status_code, f"http_{exc.status_code}")
    detail = ErrorDetail(code=code, message=str(exc.detail))
    return JSONResponse(_body(detail), status_code=exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error statuses a router may answer with."""
    return {status: {"model": ErrorBody, "description": "error"} for status in statuses}
