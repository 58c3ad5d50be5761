"""The OpenAPI 3.1 description of /api, kept beside the routes (a test checks every route is in it)."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}
TICKET = {"$ref": "#/components/schemas/Ticket"}
COUNTER = {"$ref": "#/components/schemas/Counter"}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): _json(ERROR, "Refused; nothing changed") for c in codes}


def _op(
    summary: str,
    ok: dict[str, Any],
    *errors: int,
    body: dict[str, Any] | None = None,
    login: bool = False,
    status: int = 200,
    body_required: bool = True,
) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {str(status): ok, **_errors(*errors)}}
    if body is not None:
        op["requestBody"] = {"required": body_required, "content": {"application/json": {"schema": body}}}
    if login:
        op["security"] = [{"session": []}]
        op["responses"].update(_errors(401, 403))
    return op


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required or [], "additionalProperties": False}


N = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
ID = {"name": "ticket_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ACTIONS = ["recall", "start", "finish", "no-show", "requeue", "return", "park", "resume", "cancel", "transfer"]


def spec() -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    paths: dict[str, Any] = {
        "/api/health": {"get": _op("Liveness and database check", _json({"type": "object"}))},
        "/api/openapi.json": {"get": _op("This description", _json({"type": "object"}))},
        "/api/services": {
            "get": _op(
                "Services with waiting counts, estimates and whether they issue now",
                _json({"type": "array", "items": {"$ref": "#/components/schemas/Service"}}),
            )
        },
        "/api/procedures": {
            "get": {
                **_op(
                    "The centre's procedures for the kiosk lookup (accent-insensitive search, optional field)",
                    _json(
                        {
                            "type": "object",
                            "properties": {
                                "procedures": {"type": "array", "items": {"type": "object"}},
                                "total": {"type": "integer"},
                                "offset": {"type": "integer"},
                                "limit": {"type": "integer"},
                                "source": {"type": "string"},
                                "sample": {"type": "boolean"},
                                "rejected": {"type": "array", "items": {"type": "object"}},
                                "rejected_count": {"type": "integer"},
                            },
                        }
                    ),
                    400,
                ),
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {"name": "service", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 50},
                    },
                    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
                ],
            }
        },
        "/api/ratings": {
            "get": {
                **_op(
                    "Ratings between two days, for managers",
                    _json({"type": "array", "items": {"type": "object"}}),
                    400,
                    login=True,
                ),
                "parameters": [
                    {"name": "from", "in": "query", "required": True, "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "required": True, "schema": {"type": "string", "format": "date"}},
                ],
            }
        },
        "/api/admin/sample-call.wav": {
            "get": {
                "summary": "A sample call (A105 at counter 3, said once) as the options would read it, for managers",
                "parameters": [
                    {"name": n, "in": "query", "schema": {"type": "string", "enum": e}}
                    for n, e in (
                        ("reading", ["digits", "whole"]),
                        ("zero_tens", ["linh", "lẻ"]),
                        ("thousand", ["nghìn", "ngàn"]),
                    )
                ],
                "responses": {
                    "200": {
                        "description": "WAV, mono 16-bit 22,050 Hz",
                        "content": {"audio/wav": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    **_errors(400, 401, 403, 503),
                },
                "security": [{"session": []}],
            }
        },
        "/api/announcements/{ticket_id}.wav": {
            "get": {
                "summary": "The spoken call for a ticket's current call (chime, then the call said voice_repeat times)",
                "parameters": [ID],
                "responses": {
                    "200": {
                        "description": "WAV, mono 16-bit 22,050 Hz",
                        "content": {"audio/wav": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    **_errors(404, 409, 503),
                },
            }
        },
        "/api/state": {
            "get": _op(
                "The live snapshot: services, counters with their ticket, recent calls", _json({"type": "object"})
            )
        },
        "/api/tickets": {
            "post": {
                **_op(
                    "Issue a ticket: a paired kiosk (on its own printer) or logged-in staff",
                    _json({"$ref": "#/components/schemas/IssuedTicket"}, "Issued"),
                    400,
                    401,
                    404,
                    409,
                    413,
                    429,
                    body=_obj(
                        {
                            "service": {"type": "string"},
                            "priority": nullable_str,
                            "kiosk": {"type": "string", "description": "staff: print on this kiosk's printer"},
                            "request_id": {
                                "type": "string",
                                "minLength": 8,
                                "maxLength": 64,
                                "description": "the same id again from the same kiosk (or staff member) "
                                "returns the first ticket: a resent tap is one ticket",
                            },
                        },
                        ["service"],
                    ),
                    status=201,
                ),
                "security": [{"device": []}, {"session": []}],
            }
        },
        "/api/devices/pair": {
            "post": _op(
                "A kiosk, display or rating tablet asks to be paired: its token (shown once) and the code to confirm",
                _json(
                    _obj(
                        {
                            "id": {"type": "integer"},
                            "token": {"type": "string"},
                            "code": nullable_str,
                            "status": {"type": "string", "enum": ["pending", "active"]},
                            "kind": {"type": "string"},
                            "config": {"type": "object"},
                        }
                    ),
                    "Asked",
                ),
                400,
                429,
                body=_obj(
                    {
                        "kind": {"type": "string", "enum": ["kiosk", "display", "rating"]},
                        "config": {
                            "type": "object",
                            "description": '{"kiosk": name}, {"group": name} or {"counter": number}',
                        },
                    },
                    ["kind"],
                ),
                status=201,
            )
        },
        "/api/devices/me": {
            "get": {
                **_op("This device: pending (with its code), active or revoked", _json({"type": "object"}), 401),
                "security": [{"device": []}],
            }
        },
        "/api/tickets/{ticket_id}/reprint": {
            "post": {
                **_op(
                    "Print a ticket of today again (after a printer failure)",
                    _json(TICKET),
                    400,
                    404,
                    409,
                    login=True,
                    body=_obj({"kiosk": {"type": "string"}}),
                ),
                "parameters": [ID],
            }
        },
        "/api/tickets/{ticket_id}": {
            "get": {**_op("A ticket with its status and timestamps", _json(TICKET), 404), "parameters": [ID]}
        },
        "/api/tickets/{ticket_id}/{action}": {
            "post": {
                **_op(
                    "Act on a ticket",
                    _json(TICKET),
                    400,
                    404,
                    409,
                    login=True,
                    body=_obj({"service": {"type": "string", "description": "target service, for transfer only"}}),
                ),
                "parameters": [
                    ID,
                    {"name": "action", "in": "path", "required": True, "schema": {"type": "string", "enum": ACTIONS}},
                ],
            }
        },
        "/api/login": {
            "post": _op(
                "Log in (sets the session cookie; the session lives on the server for "
                "session_hours). 429 too_many_attempts with retry_after_s after 3 failures for "
                "one account from one address",
                _json({"$ref": "#/components/schemas/Me"}),
                400,
                401,
                429,
                body=_obj({"username": {"type": "string"}, "password": {"type": "string"}}, ["username", "password"]),
            )
        },
        "/api/logout": {"post": _op("Log out: the session ends on the server", _json({"type": "object"}))},
        "/api/me": {
            "get": _op(
                "The logged-in user and the counter they hold", _json({"$ref": "#/components/schemas/Me"}), login=True
            )
        },
        "/api/me/workstation": {
            "get": _op(
                "What the logged-in clerk's workstation shows, as its /counter socket's snapshot {view} (the page "
                "reads it while its socket is down)",
                _json(_obj({"view": {"type": "object"}}, ["view"])),
                login=True,
            )
        },
        "/api/counters/{number}/call-next": {
            "post": {
                **_op(
                    "Call the next ticket for this counter (ticket null when nobody waits). With close and "
                    "ticket, the ticket at the counter is first finished or marked a no-show in the same "
                    "transaction and returned as closed; 409 not_at_counter when that ticket is no longer there",
                    _json(_obj({"ticket": {"oneOf": [TICKET, {"type": "null"}]}, "closed": TICKET})),
                    400,
                    404,
                    409,
                    login=True,
                    body=_obj(
                        {
                            "close": {"type": "string", "enum": ["finish", "no-show"]},
                            "ticket": {"type": "integer", "description": "the ticket at the counter"},
                        }
                    ),
                    body_required=False,
                ),
                "parameters": [N],
            }
        },
        "/api/counters/{number}/call": {
            "post": {
                **_op(
                    "Call one waiting ticket out of order, by id or printed number",
                    _json(_obj({"ticket": TICKET})),
                    400,
                    404,
                    409,
                    login=True,
                    body=_obj({"ticket": {"type": "integer"}, "number": {"type": "string"}}),
                ),
                "parameters": [N],
            }
        },
    }
    for change, summary in [
        ("open", "Take and open this counter"),
        ("close", "Close the counter"),
        ("pause", "Pause the counter (break)"),
        ("resume", "Resume a paused counter"),
    ]:
        paths[f"/api/counters/{{number}}/{change}"] = {
            "post": {**_op(summary, _json(COUNTER), 404, 409, login=True), "parameters": [N]}
        }
    period = [
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
        {
            "name": "period",
            "in": "query",
            "schema": {"type": "string", "enum": ["day", "week", "month", "quarter", "half", "nine_months", "year"]},
        },
        {"name": "date", "in": "query", "schema": {"type": "string", "format": "date"}},
    ]
    obj = {"type": "object"}
    paths["/api/reports"] = {
        "get": {
            **_op(
                "Every report figure for a period: per field, counter, clerk; "
                "satisfaction; reasons; load by weekday and hour",
                _json(obj),
                400,
                login=True,
            ),
            "parameters": period,
        }
    }
    paths["/api/reports/summary"] = {
        "get": {
            **_op(
                "Per-field figures: service, issued, served, no_show, avg_wait_s, p90_wait_s, avg_service_s, rated, "
                "satisfied, satisfaction_rate",
                _json({"type": "array", "items": obj}),
                400,
                login=True,
            ),
            "parameters": period,
        }
    }
    paths["/api/reports/export.xlsx"] = {
        "get": {
            **_op(
                "The report as an XLSX workbook (one sheet per table)",
                {
                    "description": "XLSX",
                    "content": {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                },
                400,
                login=True,
            ),
            "parameters": period,
        }
    }
    paths["/api/reports/export.csv"] = {
        "get": {
            **_op(
                "One table of the report as CSV",
                {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                400,
                login=True,
            ),
            "parameters": [
                *period,
                {
                    "name": "table",
                    "in": "query",
                    "schema": {
                        "type": "string",
                        "enum": [
                            "services",
                            "counters",
                            "clerks",
                            "dossiers",
                            "clerk_dossiers",
                            "reasons",
                            "load",
                            "flagged",
                        ],
                    },
                },
            ],
        }
    }
    paths["/api/reports/{name}.docx"] = {
        "get": {
            **_op(
                "The report as an editable Word document laid out by Decree 30/2020/NĐ-CP, beside the period before: "
                "monthly.docx?year=&month=, quarterly.docx?year=&quarter=, half-year.docx?year=&half=, "
                "nine-months.docx?year=, yearly.docx?year=, or report.docx with from/to or period/date",
                {
                    "description": "DOCX",
                    "content": {
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                },
                400,
                404,
                login=True,
            ),
            "parameters": [
                {
                    "name": "name",
                    "in": "path",
                    "required": True,
                    "schema": {
                        "type": "string",
                        "enum": ["monthly", "quarterly", "half-year", "nine-months", "yearly", "report"],
                    },
                },
                {"name": "year", "in": "query", "schema": {"type": "integer"}},
                *[
                    {"name": part, "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": top}}
                    for part, top in (("month", 12), ("quarter", 4), ("half", 2))
                ],
                *period,
            ],
        }
    }
    paths["/api/public/results"] = {
        "get": _op(
            "The results the centre posts publicly (no login): this month, quarter and year, per field: served, "
            "average wait, ratings, satisfaction beside its target; officers only if public_officers is on",
            _json(obj),
        )
    }
    paths.update(_integration_paths(obj))
    code = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
    uid = {"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    admin_paths = [
        ("/api/admin/config", "get", "Everything managers configure, with option help", []),
        ("/api/admin/services", "post", "Create a field", []),
        ("/api/admin/services/{code}", "put", "Change a field (deactivate with active=false)", [code]),
        ("/api/admin/counters", "post", "Create a counter", []),
        ("/api/admin/counters/{number}", "put", "Change a counter", [N]),
        ("/api/admin/users", "post", "Create a staff account", []),
        ("/api/admin/users/{user_id}", "put", "Change or deactivate a staff account", [uid]),
        ("/api/admin/users/{user_id}/password", "post", "Reset a password", [uid]),
        ("/api/admin/priorities", "post", "Create a priority category", []),
        ("/api/admin/priorities/{code}", "put", "Change a priority category", [code]),
        ("/api/admin/options", "put", "Change centre options {name: value}", []),
        ("/api/admin/procedures", "post", "Upload the procedures list (multipart file: .csv or .xlsx)", []),
        ("/api/admin/audit", "get", "The audit log, newest first", []),
        ("/api/admin/devices", "get", "Paired and waiting devices (kiosks, displays, rating tablets)", []),
        ("/api/admin/devices/confirm", "post", "Pair the device showing {code}; optional name and config", []),
        (
            "/api/admin/devices/{device_id}/revoke",
            "post",
            "Revoke a device: its token stops working at once",
            [{"name": "device_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        ),
        (
            "/api/admin/integration",
            "get",
            "Integration tokens (never the token) and each webhook receiver's backlog",
            [],
        ),
        (
            "/api/admin/tokens",
            "post",
            "Create an integration token {name, scopes}: the answer's token is shown once",
            [],
        ),
        (
            "/api/admin/tokens/{token_id}/revoke",
            "post",
            "Revoke an integration token: refused at once",
            [{"name": "token_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        ),
    ]
    for path, method, summary, params in admin_paths:
        entry = {**_op(summary, _json(obj), 400, 404, login=True), "parameters": params}
        paths.setdefault(path, {})[method] = entry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "XếpHàng",
            "version": "0.1.0",
            "description": "Queue tickets for Public Administrative Service Centres. Errors are "
            "{error, message} with a 4xx status and change nothing.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An integration token with the route's scope",
                },
                "device": {"type": "apiKey", "in": "header", "name": "X-Device-Token"},
            },
            "schemas": {
                "Error": _obj({"error": {"type": "string"}, "message": {"type": "string"}}, ["error", "message"]),
                "Service": {
                    "type": "object",
                    "required": ["code", "name", "waiting", "open"],
                    "properties": {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "name_en": {"type": "string"},
                        "waiting": {"type": "integer"},
                        "open": {"type": "boolean"},
                        "closed_reason": nullable_str,
                        "longest_wait_s": {"type": "integer"},
                        "estimated_wait_s": {"type": "integer"},
                        "open_counters": {"type": "integer"},
                    },
                },
                "Ticket": {
                    "type": "object",
                    "required": ["id", "number", "service", "status"],
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": "string"},
                        "service": {"type": "string"},
                        "status": {
                            "type": "string",
                            "enum": [
                                "waiting",
                                "called",
                                "serving",
                                "parked",
                                "done",
                                "no_show",
                                "transferred",
                                "cancelled",
                                "expired",
                            ],
                        },
                        "priority": nullable_str,
                        "counter": {"type": ["integer", "null"]},
                        "issued_at": {"type": "string", "format": "date-time"},
                        "called_at": nullable_str,
                        "started_at": nullable_str,
                        "ended_at": nullable_str,
                        "dossiers": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "IssuedTicket": {
                    "allOf": [
                        TICKET,
                        {
                            "type": "object",
                            "required": ["ahead", "estimated_wait_s"],
                            "properties": {
                                "ahead": {"type": "integer"},
                                "estimated_wait_s": {"type": "integer"},
                                "status_url": {"type": "string"},
                                "counters": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "number": {"type": "integer"},
                                            "name": {"type": "string"},
                                            "open": {"type": "boolean"},
                                        },
                                    },
                                },
                            },
                        },
                    ]
                },
                "Counter": {
                    "type": "object",
                    "properties": {
                        "number": {"type": "integer"},
                        "state": {"type": "string", "enum": ["closed", "open", "paused"]},
                        "services": {"type": "array", "items": {"type": "string"}},
                        "ticket": {},
                    },
                },
                "Me": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "username": {"type": "string"},
                        "role": {"type": "string"},
                        "counter": {"type": ["integer", "null"]},
                    },
                },
            },
        },
    }


def _integration_paths(obj: dict[str, Any]) -> dict[str, Any]:
    """Dossier codes at the counter and the one-stop software's routes (docs/integration.md)."""
    id_param = {"name": "ticket_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    code_body = _obj(
        {
            "code": {
                "type": "string",
                "description": "dossier code; shape set by the dossier_pattern "
                "option (default 6-40 of A-Z a-z 0-9 . - /)",
            }
        },
        ["code"],
    )
    page = _json(
        _obj(
            {
                "items": {"type": "array", "items": obj},
                "next": {"type": "string", "description": "the cursor to send as since next time"},
            }
        )
    )
    paging = [
        {
            "name": "since",
            "in": "query",
            "schema": {"type": "string"},
            "description": "the next of the previous answer; absent = from the start",
        },
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 500}},
    ]

    def token(scope: str, op: dict[str, Any]) -> dict[str, Any]:
        op["security"] = [{"token": []}]
        op["description"] = f"Needs an integration token with the scope {scope}."
        op["responses"].update(_errors(401, 403))
        return op

    return {
        "/api/tickets/{ticket_id}/dossiers": {
            "post": {
                **_op(
                    "Link a dossier code to a ticket served (or being served) at my counter today",
                    _json(TICKET),
                    400,
                    404,
                    409,
                    login=True,
                    body=code_body,
                ),
                "parameters": [id_param],
            },
            "delete": {
                **_op(
                    "Remove a dossier code linked by mistake (audited); the code in the body or ?code=",
                    _json(TICKET),
                    400,
                    404,
                    409,
                    login=True,
                    body=code_body,
                ),
                "parameters": [id_param],
            },
        },
        "/api/integration/tickets": {
            "get": {
                **token(
                    "tickets:read",
                    _op(
                        "Tickets that ended (done, no_show, transferred, cancelled, expired), and ended tickets whose "
                        "dossiers changed, "
                        "after the cursor, oldest first",
                        page,
                        400,
                    ),
                ),
                "parameters": paging,
            }
        },
        "/api/integration/ratings": {
            "get": {
                **token(
                    "ratings:read",
                    _op("Ratings after the cursor, oldest first, with level, reasons, comment and dossiers", page, 400),
                ),
                "parameters": paging,
            }
        },
        "/api/integration/dossiers": {
            "post": token(
                "dossiers:write",
                _op(
                    "Link a dossier code to the ticket printed `ticket` on `day` (a retry changes nothing)",
                    _json(
                        _obj(
                            {
                                "ticket_id": {"type": "integer"},
                                "number": {"type": "string"},
                                "day": {"type": "string"},
                                "dossiers": {"type": "array", "items": {"type": "string"}},
                                "linked": {"type": "boolean"},
                            }
                        )
                    ),
                    400,
                    404,
                    409,
                    body=_obj(
                        {
                            "ticket": {"type": "string", "description": "printed number, e.g. A015"},
                            "day": {"type": "string", "format": "date"},
                            "code": {"type": "string"},
                        },
                        ["ticket", "day", "code"],
                    ),
                ),
            )
        },
    }
